"""The people pages: person search and detail, households and their members."""

from minzheng.people.views import households, persons

__all__ = ["households", "persons"]
