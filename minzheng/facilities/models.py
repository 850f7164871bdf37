"""Every model of the facilities app, defined in its sub-domain's ``models.py``.

Imported here so that the app label (``facilities``) holds them all and other apps import them
from one place: ``from minzheng.facilities.models import Facility``.
"""

from minzheng.facilities.operators.models import Operator, OperatorMember
from minzheng.facilities.sites.models import Facility

__all__ = ["Facility", "Operator", "OperatorMember"]
