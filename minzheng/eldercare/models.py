"""Every model of eldercare, defined in its sub-domain's ``models.py`` and imported here so that
the app label (``eldercare``) holds them all."""

from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry

__all__ = ["Assessment", "LoveCard", "LoveCardEntry"]
