"""Every model of eldercare, defined in its sub-domain's ``models.py`` and imported here so that
the app label (``eldercare``) holds them all."""

from minzheng.eldercare.adaptation.models import AdaptationApplication, AdaptationItem, AdaptationLine
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.beds.models import (
    Bed,
    BedScan,
    BedSubsidyLine,
    BedSubsidyRate,
    BedSubsidyRun,
    Occupancy,
)
from minzheng.eldercare.caregivers.models import AllowanceStandard, Caregiver, CaregiverAward
from minzheng.eldercare.home_beds.models import HomeBed, HomeBedDevice, HomeBedPlanItem
from minzheng.eldercare.home_services.models import (
    ServiceOrder,
    SupervisionFinding,
    SupervisionRun,
    SupervisionThreshold,
)
from minzheng.eldercare.insurance.models import Claim, Policy
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.meals.models import MealRecord, MealSubsidyRate

__all__ = [
    "AdaptationApplication",
    "AdaptationItem",
    "AdaptationLine",
    "AllowanceStandard",
    "Assessment",
    "Bed",
    "BedScan",
    "BedSubsidyLine",
    "BedSubsidyRate",
    "BedSubsidyRun",
    "Caregiver",
    "CaregiverAward",
    "Claim",
    "HomeBed",
    "HomeBedDevice",
    "HomeBedPlanItem",
    "LoveCard",
    "LoveCardEntry",
    "MealRecord",
    "MealSubsidyRate",
    "Occupancy",
    "Policy",
    "ServiceOrder",
    "SupervisionFinding",
    "SupervisionRun",
    "SupervisionThreshold",
]
