"""Every model of funeral services, defined in its sub-domain's ``models.py`` and imported here so
that the app label (``funeral``) holds them all."""

from minzheng.funeral.cemetery.models import *  # noqa: F403  (the smart cemetery)
from minzheng.funeral.services.models import *  # noqa: F403  (funeral homes' cases, services and the waiver)
