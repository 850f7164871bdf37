"""People with known ID numbers (a certificate number starts with the holder's), and certificates
recorded through the real service."""

from __future__ import annotations

import datetime as dt
import itertools

from minzheng.assistance.codes import KIND_DIGITS
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.assistance.disability.services import disability_certificate_record
from minzheng.core.models import User
from minzheng.people.models import Person
from tests.factories import PersonFactory, id_number_for

_numbers = itertools.count(500)


def person_born(birth: dt.date, *, region_code: str = "330502003001") -> tuple[Person, str]:
    """A person born on ``birth`` and their raw ID number."""
    raw = id_number_for(next(_numbers), birth=birth)
    return PersonFactory(raw_id_number=raw, region_code=region_code), raw


def certificate_for(actor: User, person: Person, raw_id: str, *, kind: str = "physical", grade: int = 1,
                    issued_on: dt.date = dt.date(2020, 1, 1),
                    valid_until: dt.date | None = None) -> DisabilityCertificate:
    return disability_certificate_record(actor=actor, person=person, kind=kind, grade=grade,
                                         number=f"{raw_id}{KIND_DIGITS[kind]}{grade}", issued_on=issued_on,
                                         valid_until=valid_until)
