"""Certificate numbers: one gapless series per office, year and kind, e.g. ``J330502-0003-2025-000017``
(J 结婚证, L 离婚证, BJ/BL 补领; the county of the office, the office's registry number, the year, the
serial): a county may have more than one office (the city's centre sits in 吴兴区), and each keeps its own
series, so the office is part of the number. The office's counter row is locked (``select_for_update``)
while a number is taken, so concurrent registrations wait for each other instead of taking the
same number, and a registration that rolls back gives its number back with it: no gaps."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from minzheng.facilities.sites.models import Facility
from minzheng.marriage.registrations.models import (
    Certificate,
    CertificateCounter,
    DivorceApplication,
    Marriage,
)
from minzheng.people.models import Person


def certificate_number(*, kind: str, office_id: int, office_region_code: str, year: int, serial: int) -> str:
    return f"{kind}{office_region_code[:6]}-{office_id:04d}-{year}-{serial:06d}"


def serial_take(*, office: Facility, year: int, kind: str) -> int:
    """The next serial of the series, inside the caller's transaction."""
    if not CertificateCounter.objects.filter(office=office, year=year, kind=kind).exists():
        try:
            # Two first registrations of a year may both try to open the series: the loser's
            # insert fails on the unique constraint inside its savepoint, and it locks the winner's row.
            with transaction.atomic():
                CertificateCounter.objects.create(office=office, region_code=office.region_code, year=year, kind=kind)
        except IntegrityError:
            pass
    counter = CertificateCounter.objects.select_for_update().get(office=office, year=year, kind=kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def certificate_issue(
    *,
    office: Facility,
    kind: str,
    issued_on: dt.date,
    marriage: Marriage,
    divorce: DivorceApplication | None = None,
    holder: Person | None = None,
    replaces: Certificate | None = None,
    replace_reason: str = "",
) -> Certificate:
    serial = serial_take(office=office, year=issued_on.year, kind=kind)
    return Certificate.objects.create(
        number=certificate_number(kind=kind, office_id=office.pk, office_region_code=office.region_code,
                                  year=issued_on.year, serial=serial),
        kind=kind,
        office=office,
        region_code=office.region_code,
        year=issued_on.year,
        serial=serial,
        issued_on=issued_on,
        marriage=marriage,
        divorce=divorce,
        holder=holder,
        replaces=replaces,
        replace_reason=replace_reason,
    )
