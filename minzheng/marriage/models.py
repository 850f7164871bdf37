"""Every model of marriage registration, defined in its sub-domain's ``models.py`` and imported here
so that the app label (``marriage``) holds them all."""

from minzheng.marriage.appointments.models import Booking, Slot  # noqa: F401
from minzheng.marriage.counselling.models import Event, EventParticipant, WeddingBase  # noqa: F401
from minzheng.marriage.registrations.models import (  # noqa: F401
    Certificate,
    CertificateCounter,
    CourtMark,
    DivorceApplication,
    MaritalStatus,
    MaritalStatusChange,
    Marriage,
)
