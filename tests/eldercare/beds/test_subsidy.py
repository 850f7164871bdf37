"""The monthly bed subsidy: bed-days of residents aged 60 and over, alive, in the month, at the rate
of their ability level on the month's last day; one run per month and region prefix; a line per
(home, month, stay), so a second run adds nothing; maker ≠ checker; the run's totals are the sums
of its lines; bad input answered in Chinese naming the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from minzheng.core.models import AuditEntry, Region
from minzheng.core.roles import Role
from minzheng.core.services import staff_create
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.selectors import latest_level
from minzheng.eldercare.beds import messages
from minzheng.eldercare.beds.models import BedSubsidyLine, BedSubsidyRun
from minzheng.eldercare.beds.selectors import RateTable, run_homes
from minzheng.eldercare.beds.services import (
    bed_check_in,
    bed_check_out,
    bed_subsidy_rate_add,
    bed_subsidy_run_approve,
    bed_subsidy_run_start,
    beds_create,
)
from minzheng.people.models import Person
from tests.eldercare.beds.conftest import TOTAL_FOR, Homes
from tests.eldercare.factories import assess, elder
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

D = dt.date
MAY = D(2024, 5, 1)
BORN = D(1940, 3, 1)
ASSESSED = D(2024, 4, 10)


@dataclass
class Month:
    people: dict[str, Person]
    expected: dict[str, tuple[str, int, Decimal]]  # name → (level, bed-days, amount) in the Wuxing run


@pytest.fixture
def may(personas: Personas, homes: Homes) -> Month:
    """Residents of May 2024 (31 days), one case each."""
    township, anji = personas.aishan_officer, personas.anji_officer
    beds = homes.beds + beds_create(actor=township, home=homes.mine, room="102", numbers="1-6", kind="ordinary")
    people: dict[str, Person] = {}

    def resident(name: str, bed: int, start: dt.date, *, born: dt.date = BORN, level: str = "",
                 assessed: dt.date = ASSESSED, end: dt.date | None = None, actor=township,
                 bed_list=None, region: str = "") -> Person:
        person = elder(born, region_code=region or "330502003001")[0]
        if level:
            assess(actor, person, total=TOTAL_FOR[level], on=assessed)
        stay = bed_check_in(actor=actor, bed=(bed_list or beds)[bed], person=person, on=start)
        if end is not None:
            bed_check_out(actor=actor, occupancy=stay, on=end, reason="discharged")
        people[name] = person
        return person

    resident("whole_month", 0, D(2024, 1, 1), level="mild")                        # 31 days × 2
    resident("came_mid_month", 1, D(2024, 5, 11), level="severe", assessed=D(2024, 5, 20))  # 21 × 6
    later = resident("left_mid_month", 2, D(2024, 4, 1), level="moderate", assessed=D(2024, 3, 1),
                     end=D(2024, 5, 16))                                               # 15 × 4
    assess(township, later, total=TOTAL_FOR["full"], on=D(2024, 6, 2))               # after May: not read
    resident("sixty_on_the_last_day", 3, D(2024, 5, 1), born=D(1964, 5, 31), level="intact",
             assessed=D(2024, 5, 31))                                                 # 31 × 1
    died = resident("died_on_the_tenth", 4, D(2024, 1, 1), level="mild")               # 9 × 2
    Person.objects.filter(pk=died.pk).update(status=Person.Status.DECEASED, death_date=D(2024, 5, 10))
    resident("never_assessed", 5, D(2024, 1, 1))                                       # no level: no line
    young = resident("fifty_nine", 6, D(2024, 1, 1), level="mild")                    # under 60 on 31 May
    Person.objects.filter(pk=young.pk).update(birth_date=D(1964, 6, 1))
    voided = resident("assessment_voided", 7, D(2024, 1, 1), level="mild")
    Assessment.objects.filter(person=voided).update(voided_at=dt.datetime(2024, 4, 20, tzinfo=dt.UTC),
                                                    void_reason="录入有误")
    resident("gone_before_may", 8, D(2023, 6, 1), level="mild", end=D(2024, 5, 1))   # no night in May
    resident("in_anji", 0, D(2024, 5, 1), level="full", actor=anji, bed_list=homes.anji_beds,
             region=OTHER_COUNTY_VILLAGE)                                             # 31 × 8, Anji only
    expected = {
        "whole_month": ("mild", 31, Decimal("62.00")),
        "came_mid_month": ("severe", 21, Decimal("126.00")),
        "left_mid_month": ("moderate", 15, Decimal("60.00")),
        "sixty_on_the_last_day": ("intact", 31, Decimal("31.00")),
        "died_on_the_tenth": ("mild", 9, Decimal("18.00")),
    }
    return Month(people=people, expected=expected)


def lines_by_name(month: Month, run: BedSubsidyRun) -> dict[str, tuple[str, int, Decimal]]:
    names = {p.pk: n for n, p in month.people.items()}
    return {names[line.person_id]: (line.level, line.days, line.amount) for line in run.lines.all()}


def test_a_run_pays_bed_days_at_the_rate_of_each_residents_level(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    assert (run.period, run.region_prefix, run.region_code) == (MAY, "330502", "330502000000")
    assert lines_by_name(may, run) == may.expected
    assert (run.line_count, run.home_count, run.bed_days, run.total_amount) == (5, 1, 107, Decimal("297.00"))


def test_the_level_paid_is_the_one_latest_level_gives_on_the_months_last_day(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    for line in run.lines.select_related("person"):
        assert line.level == latest_level(person=line.person, on=D(2024, 5, 31))


def test_a_second_start_finds_the_same_run_and_adds_nothing(personas: Personas, may: Month) -> None:
    first = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    again = bed_subsidy_run_start(actor=personas.wuxing_officer, period=D(2024, 5, 17))
    assert again.pk == first.pk
    assert (again.line_count, again.total_amount) == (first.line_count, first.total_amount)
    assert BedSubsidyLine.objects.count() == 5 and BedSubsidyRun.objects.count() == 1
    computed = AuditEntry.objects.filter(action="eldercare.bed_subsidy_run.computed").order_by("id")
    assert [e.after["added"] for e in computed] == [5, 0]
    assert AuditEntry.objects.filter(action="eldercare.bed_subsidy_run.created").count() == 1


def test_a_second_start_adds_the_line_of_an_elder_assessed_since(personas: Personas, may: Month) -> None:
    bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    assess(personas.aishan_officer, may.people["never_assessed"], total=TOTAL_FOR["moderate"], on=D(2024, 5, 2))
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    assert lines_by_name(may, run)["never_assessed"] == ("moderate", 31, Decimal("124.00"))
    assert (run.line_count, run.total_amount) == (6, Decimal("421.00"))


def test_a_city_run_after_the_countys_pays_no_stay_twice(personas: Personas, may: Month) -> None:
    county = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    city = bed_subsidy_run_start(actor=personas.city_admin, period="2024-05")
    assert city.region_prefix == "3305" and city.pk != county.pk
    assert lines_by_name(may, city) == {"in_anji": ("full", 31, Decimal("248.00"))}
    assert BedSubsidyLine.objects.values("occupancy").distinct().count() == BedSubsidyLine.objects.count() == 6


def test_the_database_refuses_a_second_line_for_a_stay_and_month(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    line = run.lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        BedSubsidyLine.objects.create(run=run, facility_id=line.facility_id, bed_id=line.bed_id,
                                      occupancy_id=line.occupancy_id, person_id=line.person_id, period=MAY,
                                      region_code=line.region_code, level=line.level, days=1, rate=1, amount=1,
                                      created_at=line.created_at)


def test_the_database_refuses_a_negative_amount(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    with pytest.raises(IntegrityError), transaction.atomic():
        BedSubsidyLine.objects.filter(pk=run.lines.first().pk).update(amount=Decimal("-0.01"))


def test_the_totals_reconcile_with_the_lines_and_the_homes(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.city_admin, period="2024-05")
    lines = list(run.lines.all())
    assert sum(line.amount for line in lines) == run.total_amount == Decimal("545.00")
    assert sum(line.days for line in lines) == run.bed_days == 138
    assert all(line.amount == line.days * line.rate for line in lines)
    homes = run_homes(run=run)
    assert sum(h.amount for h in homes) == run.total_amount and len(homes) == run.home_count == 2
    assert run.lines.aggregate(total=Sum("amount"))["total"] == run.total_amount


def test_the_maker_cannot_approve_and_another_officer_can_once(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    with pytest.raises(ValidationError) as caught:
        bed_subsidy_run_approve(actor=personas.wuxing_officer, run=run)
    assert caught.value.message_dict == {"approved_by": [messages.RUN_APPROVE_OWN]}
    checker = staff_create(actor=None, username="wuxing_checker", password="minzheng-demo", role=Role.COUNTY_OFFICER,
                           region=Region.objects.get(code="330502000000"))
    run = bed_subsidy_run_approve(actor=checker, run=run)
    assert (run.status, run.approved_by) == ("approved", checker)
    with pytest.raises(ValidationError) as caught:
        bed_subsidy_run_approve(actor=personas.city_admin, run=run)
    assert list(caught.value.message_dict) == ["status"]
    assert AuditEntry.objects.filter(action="eldercare.bed_subsidy_run.approved").count() == 1


def test_the_database_refuses_a_run_approved_by_its_maker(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    with pytest.raises(IntegrityError), transaction.atomic():
        BedSubsidyRun.objects.filter(pk=run.pk).update(approved_by=personas.wuxing_officer)


def test_an_approved_run_is_left_as_it_is(personas: Personas, may: Month) -> None:
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    bed_subsidy_run_approve(actor=personas.city_admin, run=run)
    assess(personas.aishan_officer, may.people["never_assessed"], total=TOTAL_FOR["moderate"], on=D(2024, 5, 2))
    again = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    assert (again.pk, again.status, again.line_count) == (run.pk, "approved", 5)


@pytest.mark.parametrize(("period", "region", "errors"), [
    ("2024-13", "", {"period": [messages.PERIOD_INVALID.format(value="2024-13")]}),
    ("", "", {"period": [messages.PERIOD_REQUIRED]}),
    ("2099-01", "", {"period": [messages.PERIOD_NOT_OVER.format(month="2099-01")]}),
    ("1999-12", "", {"period": [messages.PERIOD_TOO_EARLY.format(earliest="2000-01")]}),
    ("2024-05", "33050", {"region": [messages.REGION_INVALID]}),
    ("2024-05", "330523", {"region": [messages.REGION_OUT_OF_SCOPE.format(code="330523")]}),
    ("2024-05", "330599", {"region": [messages.REGION_UNKNOWN.format(code="330599")]}),
    ("2024-5x", "3x", {"period": [messages.PERIOD_INVALID.format(value="2024-5x")],
                       "region": [messages.REGION_INVALID]}),
])
def test_bad_input_is_refused_in_chinese_naming_the_field(personas: Personas, homes: Homes, period: str,
                                                         region: str, errors: dict[str, list[str]]) -> None:
    with pytest.raises(ValidationError) as caught:
        bed_subsidy_run_start(actor=personas.wuxing_officer, period=period, region_prefix=region)
    assert caught.value.message_dict == errors
    words = {"period": "补贴月份", "region": "补贴范围"}
    for field, reasons in caught.value.message_dict.items():
        assert all(reason.startswith(words[field]) for reason in reasons)
    assert not BedSubsidyRun.objects.exists()


def test_a_township_officer_cannot_make_a_run(personas: Personas, homes: Homes) -> None:
    with pytest.raises(PermissionDenied):
        bed_subsidy_run_start(actor=personas.aishan_officer, period="2024-05")


def test_a_regions_own_rate_wins_from_its_month_on(personas: Personas, may: Month) -> None:
    bed_subsidy_rate_add(actor=personas.city_admin, level="severe", region_prefix="330502", effective_from="2024-05",
                         amount="7.50", note="吴兴区文件")
    bed_subsidy_rate_add(actor=personas.city_admin, level="mild", region_prefix="3305", effective_from="2024-06",
                         amount="3.00")
    table = RateTable(month=MAY)
    assert table.rate_for("severe", "330502003001") == Decimal("7.50")
    assert table.rate_for("severe", "330523001001") == Decimal("6.00")
    assert table.rate_for("mild", "330502003001") == Decimal("2.00")
    run = bed_subsidy_run_start(actor=personas.wuxing_officer, period="2024-05")
    assert lines_by_name(may, run)["came_mid_month"] == ("severe", 21, Decimal("157.50"))
    assert lines_by_name(may, run)["whole_month"] == ("mild", 31, Decimal("62.00"))


def test_a_rate_is_never_overwritten_and_is_checked_field_by_field(personas: Personas, homes: Homes) -> None:
    with pytest.raises(ValidationError) as caught:
        bed_subsidy_rate_add(actor=personas.city_admin, level="mild", region_prefix="3305", effective_from="2020-01",
                             amount="2.50")
    assert caught.value.message_dict == {"effective_from": [messages.RATE_EXISTS.format(
        region="3305", month="2020-01", amount="2.00")]}
    with pytest.raises(ValidationError) as caught:
        bed_subsidy_rate_add(actor=personas.city_admin, level="bedridden", region_prefix="3305",
                             effective_from="2024/05", amount="-1")
    assert caught.value.message_dict == {"level": [messages.RATE_LEVEL_INVALID],
                                         "effective_from": [messages.RATE_MONTH_INVALID.format(value="2024/05")],
                                         "amount": [messages.RATE_AMOUNT_INVALID.format(max="10000")]}
    with pytest.raises(PermissionDenied):
        bed_subsidy_rate_add(actor=personas.wuxing_officer, level="mild", region_prefix="330502",
                             effective_from="2024-05", amount="2.50")
