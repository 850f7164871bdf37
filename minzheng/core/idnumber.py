"""Resident ID numbers (GB 11643-1999), with a Chinese reason for every way one can be wrong.

python-stdnum does the arithmetic. We do not use its birthplace check: it rejects real IDs
whose county code was assigned after the holder's birth year (everyone in 吴兴区 born before
2003, for one), which the registry must accept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import ric

from minzheng.core import messages

# GB/T 2260 province codes, plus 71/81/82 for Taiwan, Hong Kong and Macao residence permits.
PROVINCES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]
)


class IdNumberError(ValueError):
    """Carries the Chinese reason, ready to show next to the field."""


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: dt.date
    gender: str  # "M" or "F"
    county_code: str


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise an ID number, or raise IdNumberError with the reason."""
    if raw is None or not str(raw).strip():
        raise IdNumberError(messages.ID_NUMBER_REQUIRED)
    number = ric.compact(str(raw)).replace("x", "X")
    if len(number) != 18:
        raise IdNumberError(messages.ID_NUMBER_BAD_LENGTH.format(length=len(number)))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(messages.ID_NUMBER_BAD_CHARACTERS)
    if number[:2] not in PROVINCES:
        raise IdNumberError(messages.ID_NUMBER_BAD_REGION)
    try:
        birth = ric.get_birth_date(number)
    except Exception as exc:  # stdnum raises InvalidComponent for 19990230
        raise IdNumberError(messages.ID_NUMBER_BAD_DATE) from exc
    today = today or dt.date.today()
    if birth > today:
        raise IdNumberError(messages.ID_NUMBER_FUTURE_DATE)
    if birth.year < 1880:
        raise IdNumberError(messages.ID_NUMBER_BAD_DATE)
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError(messages.ID_NUMBER_BAD_CHECKSUM)
    return IdNumber(
        value=number,
        birth_date=birth,
        gender="M" if int(number[16]) % 2 == 1 else "F",
        county_code=number[:6],
    )


def make_id_number(county_code: str, birth_date: dt.date, sequence: int) -> str:
    """Build a valid ID number; ``sequence`` is 0–999 and its parity gives the gender."""
    body = f"{county_code}{birth_date:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")
