"""The models of children's welfare, by sub-domain; this module gathers them so the app label and
the tables stay ``children``."""

from minzheng.children.directors.models import ChildDirector
from minzheng.children.profiles.models import ChildParent, ChildProfile, VisitRule
from minzheng.children.visits.models import ChildVisit, ServiceDelivery, ServiceItem

__all__ = [
    "ChildDirector",
    "ChildParent",
    "ChildProfile",
    "ChildVisit",
    "ServiceDelivery",
    "ServiceItem",
    "VisitRule",
]
