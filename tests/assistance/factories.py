"""People with known ID numbers (a certificate number starts with the holder's), and certificates
recorded through the real service."""

from __future__ import annotations

import datetime as dt
import itertools

from minzheng.assistance.codes import KIND_DIGITS
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.assistance.disability.services import disability_certificate_record
from minzheng.core.idnumber import make_id_number
from minzheng.core.models import User
from minzheng.people.models import Person
from tests.factories import PersonFactory

_numbers = itertools.count(500)
# A person's birth date is what the test asks for however many were made before: past 1,000 the
# sequence moves to the next county code instead of (as ``id_number_for`` does) the next day,
# which turned a 60th birthday today into tomorrow's once a full run had made enough elders.
_COUNTIES = ("330502", "330503", "330521", "330522", "330523")


def person_born(birth: dt.date, *, region_code: str = "330502003001") -> tuple[Person, str]:
    """A person born on ``birth`` and their raw ID number."""
    n = next(_numbers)
    raw = make_id_number(_COUNTIES[n // 1000 % len(_COUNTIES)], birth, n % 1000)
    return PersonFactory(raw_id_number=raw, region_code=region_code), raw


def certificate_for(actor: User, person: Person, raw_id: str, *, kind: str = "physical", grade: int = 1,
                    issued_on: dt.date = dt.date(2020, 1, 1),
                    valid_until: dt.date | None = None) -> DisabilityCertificate:
    return disability_certificate_record(actor=actor, person=person, kind=kind, grade=grade,
                                         number=f"{raw_id}{KIND_DIGITS[kind]}{grade}", issued_on=issued_on,
                                         valid_until=valid_until)
