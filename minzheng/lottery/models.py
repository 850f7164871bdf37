"""Every model of the lottery, defined in its sub-domain's ``models.py`` and imported here so that
the app label (``lottery``) holds them all."""

from minzheng.lottery.fund.models import FundRate, GameType, UnclaimedPrize
from minzheng.lottery.promotion.models import PromotionEvent
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import AgencyContract, StationClosure, StationUpgrade

__all__ = [
    "AgencyContract",
    "FundRate",
    "GameType",
    "MonthlySale",
    "PromotionEvent",
    "StationClosure",
    "StationUpgrade",
    "UnclaimedPrize",
]
