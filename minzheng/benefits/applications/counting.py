"""Who is a 共同生活家庭成员 (docs/DOMAIN.md, dibao): the applicant, the spouse, minor children,
adult children who cannot live independently (full-time students up to bachelor level included),
and others with a legal duty of support who live together long-term. A deceased person is no
member at all. Ages are counted as DOMAIN.md "Counting" says: reached on the birthday."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits import messages

ADULT_AGE = 18
# Relatives with a legal duty of support (Civil Code arts. 26, 1074, 1075): counted when they live
# with the applicant long-term.
SUPPORT_DUTY = frozenset({"parent", "grandchild", "sibling"})


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years on ``day``; someone born on 29 February is a year older on 1 March."""
    years = day.year - birth_date.year
    try:
        birthday = birth_date.replace(year=day.year)
    except ValueError:
        birthday = dt.date(day.year, 3, 1)
    return years - (day < birthday)


def member_counted(*, relationship: str, age: int | None, deceased: bool, lives_together: bool,
                   dependent: bool) -> tuple[bool, str]:
    """(counted, reason it is not) for one person of the household."""
    if deceased:
        return False, messages.NOT_COUNTED_DECEASED
    if relationship in ("self", "spouse"):
        return True, ""
    if relationship == "child":
        if age is not None and age < ADULT_AGE:
            return True, ""
        return (True, "") if dependent else (False, messages.NOT_COUNTED_ADULT_INDEPENDENT)
    if relationship in SUPPORT_DUTY:
        return (True, "") if lives_together else (False, messages.NOT_COUNTED_NOT_LIVING_TOGETHER)
    return False, messages.NOT_COUNTED_NO_DUTY
