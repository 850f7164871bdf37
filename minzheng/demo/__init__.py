"""The demo city: a synthetic Huzhou with villages, residents, households and demo staff.

It sits at the top of the dependency chain: it may import every other app, and nothing imports
it. ``minzheng demo`` (``management/commands/demo.py``) is its entry point.
"""
