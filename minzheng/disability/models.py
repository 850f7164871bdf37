"""The disability app's models, from its sub-domains: the app label and tables are theirs."""

from minzheng.disability.network.models import NetworkLevel, NetworkPlacement, RehabStandard
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.records.models import RehabService
from minzheng.disability.reviews.models import ReviewRound, ReviewRoundItem

__all__ = [
    "NetworkLevel",
    "NetworkPlacement",
    "RehabPatient",
    "RehabService",
    "RehabStandard",
    "ReviewRound",
    "ReviewRoundItem",
]
