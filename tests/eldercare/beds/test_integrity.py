"""The integrity checks, each with a case that fires it and one that does not, and the scope they
are read in: a county officer sees the findings of the homes in the county, a provider operator
those of their own homes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.eldercare.beds import integrity, messages
from minzheng.eldercare.beds.integrity import findings, other_bed_source_register, other_bed_source_unregister
from minzheng.eldercare.beds.models import Bed, BedScan, Occupancy
from minzheng.eldercare.beds.services import (
    bed_check_in,
    bed_check_out,
    bed_scan_record,
    bed_subsidy_run_start,
)
from minzheng.people.models import Person
from minzheng.people.services import person_record_death
from tests.eldercare.beds.conftest import TOTAL_FOR, Homes, fresh
from tests.eldercare.factories import assess, elder
from tests.personas import Personas

pytestmark = pytest.mark.django_db

D = dt.date
MAY = D(2024, 5, 1)


def checks(user, *, month: dt.date = MAY, on: dt.date | None = None, check: str = "") -> list[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    return sorted((f.check, f.person.pk if f.person else f.bed_id) for f in
                  findings(user=user, month=month, on=on, check=check))


def direct_stay(bed: Bed, person: Person, start: dt.date, end: dt.date | None = None) -> Occupancy:
    """A stay written past the services (a bulk load, a correction in the database)."""
    return Occupancy.objects.create(bed=bed, facility=bed.facility, person=person, region_code=bed.region_code,
                                    checked_in_on=start, checked_out_on=end,
                                    check_out_reason="discharged" if end else "")


# ---- an occupant who died ---------------------------------------------------------------------------


def test_an_open_stay_of_a_person_who_died_is_a_finding(personas: Personas, homes: Homes) -> None:
    # A recorded death checks its occupant out (eldercare.beds.receivers): an open stay of a dead
    # person comes from past the services, here a stay loaded after the death was recorded.
    person = elder()[0]
    person_record_death(actor=personas.aishan_officer, person=person, death_date=D(2024, 6, 3))
    direct_stay(homes.beds[0], person, D(2024, 1, 2))
    found = findings(user=personas.wuxing_officer, month=MAY, check=integrity.DECEASED)
    assert [(f.check, f.person, f.bed_id, f.home_id) for f in found] == [
        ("deceased", person, homes.beds[0].pk, homes.mine.pk)]
    assert found[0].message == messages.FINDING_DECEASED.format(name=person.name, date="2024-06-03",
                                                                bed=f"{homes.mine.name}101房1床")
    assert checks(fresh(homes.op_a), check="deceased") == [("deceased", person.pk)]
    assert checks(personas.anji_officer) == [] and checks(fresh(homes.op_b)) == []


def test_a_recorded_death_checks_the_occupant_out_and_leaves_no_finding(personas: Personas, homes: Homes) -> None:
    person, living = elder()[0], elder()[0]
    stay = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 1, 2))
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[1], person=living, on=D(2024, 1, 2))
    person_record_death(actor=personas.aishan_officer, person=person, death_date=D(2024, 6, 3))
    stay.refresh_from_db()
    assert (stay.checked_out_on, stay.check_out_reason) == (D(2024, 6, 4), "died")
    assert checks(personas.wuxing_officer, check="deceased") == []


# ---- one person in two homes ------------------------------------------------------------------------


def test_overlapping_stays_in_two_homes_are_a_finding_for_each_homes_officer(personas: Personas,
                                                                            homes: Homes) -> None:
    person = elder()[0]
    direct_stay(homes.beds[0], person, D(2024, 1, 1), D(2024, 6, 1))
    direct_stay(homes.anji_beds[0], person, D(2024, 5, 1))
    wuxing = findings(user=personas.wuxing_officer, month=MAY, check=integrity.TWO_HOMES)
    anji = findings(user=personas.anji_officer, month=MAY, check=integrity.TWO_HOMES)
    assert [(f.home_id, f.person) for f in wuxing] == [(homes.mine.pk, person)]
    assert [(f.home_id, f.person) for f in anji] == [(homes.anji.pk, person)]
    assert wuxing[0].message == messages.FINDING_TWO_HOMES.format(
        name=person.name, home_a=f"{homes.mine.name}101房1床", span_a="2024-01-01至2024-06-01",
        home_b=f"{homes.anji.name}201房1床", span_b="2024-05-01起")
    assert len(findings(user=personas.city_admin, month=MAY, check=integrity.TWO_HOMES)) == 2


def test_a_move_from_one_home_to_another_on_the_same_day_is_no_finding(personas: Personas, homes: Homes) -> None:
    person = elder()[0]
    stay = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 1, 1))
    bed_check_out(actor=personas.aishan_officer, occupancy=stay, on=D(2024, 5, 1), reason="transferred")
    bed_check_in(actor=personas.anji_officer, bed=homes.anji_beds[0], person=person, on=D(2024, 5, 1))
    assert checks(personas.city_admin, check="two_homes") == []


# ---- a care-home bed and another bed -------------------------------------------------------------------


@pytest.fixture
def home_beds() -> Iterator[set[int]]:
    """A stand-in for part 2's home eldercare beds (家庭养老床位): the persons in this set hold one."""
    holders: set[int] = set()
    other_bed_source_register(key="test_home_beds", label="家庭养老床位",
                              holders=lambda *, on: Person.objects.filter(pk__in=holders).values_list("id"))
    yield holders
    other_bed_source_unregister(key="test_home_beds")


def test_a_person_in_a_care_home_bed_and_a_home_bed_is_a_finding(personas: Personas, homes: Homes,
                                                                 home_beds: set[int]) -> None:
    person, other = elder()[0], elder()[0]
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 1, 1))
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[1], person=other, on=D(2024, 1, 1))
    home_beds.add(person.pk)
    found = findings(user=personas.wuxing_officer, month=MAY, on=D(2024, 6, 1), check=integrity.OTHER_BED)
    assert [(f.person, f.bed_id) for f in found] == [(person, homes.beds[0].pk)]
    assert found[0].message == messages.FINDING_OTHER_BED.format(name=person.name, bed=f"{homes.mine.name}101房1床",
                                                                 source="家庭养老床位")


def test_a_home_bed_holder_not_in_a_care_home_bed_that_day_is_no_finding(personas: Personas, homes: Homes,
                                                                         home_beds: set[int]) -> None:
    person, never = elder()[0], elder()[0]
    stay = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 1, 1))
    bed_check_out(actor=personas.aishan_officer, occupancy=stay, on=D(2024, 3, 1), reason="discharged")
    home_beds.update({person.pk, never.pk})
    assert checks(personas.wuxing_officer, on=D(2024, 6, 1), check="other_bed") == []
    assert checks(personas.wuxing_officer, on=D(2024, 2, 1), check="other_bed") == [("other_bed", person.pk)]


def test_with_nobody_in_another_kind_of_bed_the_check_finds_nothing(personas: Personas, homes: Homes) -> None:
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2024, 1, 1))
    # Home eldercare beds register themselves (eldercare.apps); nobody here holds one.
    assert [source.key for source in integrity.other_bed_sources()] == ["home_beds"]
    assert checks(personas.wuxing_officer, check="other_bed") == []


# ---- paid, but nobody saw the bed -----------------------------------------------------------------------


@pytest.fixture
def paid_may(personas: Personas, homes: Homes) -> list[Person]:
    """Three residents paid for May 2024: two checked in before May, one during it."""
    people = []
    for n, start in enumerate([D(2024, 1, 1), D(2024, 2, 1), D(2024, 5, 3)]):
        person = elder()[0]
        assess(personas.aishan_officer, person, total=TOTAL_FOR["mild"], on=D(2023, 12, 1))
        bed_check_in(actor=personas.aishan_officer, bed=homes.beds[n], person=person, on=start)
        people.append(person)
    bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    return people


def may_scan(bed: Bed, personas: Personas, when: dt.datetime) -> None:
    scan = bed_scan_record(actor=personas.aishan_officer, bed=bed)
    BedScan.objects.filter(pk=scan.pk).update(scanned_at=when)


def test_a_paid_bed_nobody_scanned_or_checked_into_that_month_is_a_finding(personas: Personas, homes: Homes,
                                                                           paid_may: list[Person]) -> None:
    found = findings(user=personas.wuxing_officer, month=MAY, check=integrity.PAID_UNSEEN)
    assert [f.bed_id for f in found] == [homes.beds[0].pk, homes.beds[1].pk]
    assert found[0].amount == Decimal("62.00")
    assert found[0].message == messages.FINDING_PAID_UNSEEN.format(bed=f"{homes.mine.name}101房1床",
                                                                   month="2024年5月", amount="62.00", days=31)


def test_a_scan_in_the_month_clears_the_finding_and_one_outside_it_does_not(personas: Personas, homes: Homes,
                                                                            paid_may: list[Person]) -> None:
    shanghai = timezone.get_default_timezone()
    may_scan(homes.beds[0], personas, dt.datetime(2024, 5, 31, 23, 30, tzinfo=shanghai))  # still May in Huzhou
    may_scan(homes.beds[1], personas, dt.datetime(2024, 6, 1, 0, 10, tzinfo=shanghai))   # June already
    assert [f.bed_id for f in findings(user=personas.wuxing_officer, month=MAY, check=integrity.PAID_UNSEEN)] == [
        homes.beds[1].pk]
    assert findings(user=personas.wuxing_officer, month=D(2024, 4, 1), check=integrity.PAID_UNSEEN) == []


def test_findings_are_read_in_scope(personas: Personas, homes: Homes, paid_may: list[Person]) -> None:
    assert checks(personas.anji_officer) == []
    assert checks(personas.wuxing_officer, check="paid_unseen") == checks(personas.city_admin, check="paid_unseen")
    assert len(checks(fresh(homes.op_a), check="paid_unseen")) == 2 and checks(fresh(homes.op_b)) == []
    # Everything together, for the page.
    assert {f.check for f in findings(user=personas.wuxing_officer, month=MAY)} == {"paid_unseen"}
