"""Every model of civil_society, defined in its sub-domain's ``models.py`` and imported here so
that the app label (``civil_society``) holds them all."""

from minzheng.civil_society.registry.models import Organization

__all__ = ["Organization"]
