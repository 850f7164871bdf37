"""Every model of the benefits engine, defined in its sub-domain's ``models.py``.

Imported here so that the app label (``benefits``) holds them all and other apps import them from
one place: ``from minzheng.benefits.models import Enrollment``.
"""

from minzheng.benefits.applications.models import (
    Application,
    CheckMember,
    EconomicCheck,
    IncomeItem,
    Objection,
    TimelineEntry,
)
from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.payments.models import BankAccount, PaymentLine, PaymentRun
from minzheng.benefits.programs.models import Program, Standard

__all__ = [
    "Application", "BankAccount", "CheckMember", "EconomicCheck", "Enrollment", "IncomeItem", "Objection",
    "PaymentLine", "PaymentRun", "Program", "Review", "Standard", "TimelineEntry",
]
