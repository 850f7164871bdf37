"""Every model of the places app, defined in its sub-domain's ``models.py``.

Imported here so that the app label (``places``), the table names and the migrations stay what
they were before the app was split by sub-domain, and so that ``minzheng.places.models`` is the
one place other apps import them from.
"""

from minzheng.places.addresses.models import (
    REGION_12,
    Address,
    HouseholdAddress,
    PersonAddress,
    QualityIssue,
    QualityRun,
    Road,
)
from minzheng.places.doorplates.models import (
    Department,
    Doorplate,
    DoorplateBatch,
    DoorplateService,
    PlateReport,
)
from minzheng.places.matching.models import MatchKey
from minzheng.places.names.models import HeritageBatch, HeritageEntry, NamingProposal, PlaceNameWork

__all__ = [
    "REGION_12", "Address", "Department", "Doorplate", "DoorplateBatch", "DoorplateService", "HeritageBatch",
    "HeritageEntry", "HouseholdAddress", "MatchKey", "NamingProposal", "PersonAddress", "PlaceNameWork",
    "PlateReport", "QualityIssue", "QualityRun", "Road",
]
