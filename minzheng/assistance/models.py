"""Every model of assistance, defined in its sub-domain's ``models.py`` and imported here so that
the app label (``assistance``) holds them all."""

from minzheng.assistance.ability.models import AbilityLevelRecord
from minzheng.assistance.disability.models import DisabilityCertificate

__all__ = ["AbilityLevelRecord", "DisabilityCertificate"]
