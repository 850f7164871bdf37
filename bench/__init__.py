"""Benchmarks. ``python -m bench`` (``make bench``) runs each module's ``main()``; each prints a
table, with ratios against a baseline where one exists. See ``bench/__main__.py``."""
