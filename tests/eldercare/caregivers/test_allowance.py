"""The special post allowance by tier (certificate level × full years of service) on hand-made
data, each boundary on both sides: the years' anniversaries (29 February's on 1 March), the three
months in the post, the certificate date, leaving and death; a county's own standard from a month
on over the city's; new standards refused on their field; and the money paid through the engine:
enrollments from the grant, a run whose lines are the tiers' amounts paid to the person, the
amount changed by the engine's review when a band is reached, stopped when they leave, and a
second grant that changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.payments.models import PaymentLine, PaymentRun
from minzheng.benefits.payments.services import payment_run_approve
from minzheng.core.models import AuditEntry
from minzheng.eldercare.caregivers import allowance, messages, services
from minzheng.eldercare.caregivers.allowance import allowance_decide
from minzheng.eldercare.caregivers.models import AllowanceStandard, Caregiver
from minzheng.eldercare.caregivers.selectors import StandardTable
from tests.eldercare.caregivers.conftest import Sites, caregiver
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def decide(c: Caregiver, month: dt.date, *, death: dt.date | None = None) -> allowance.Decision:
    return allowance_decide(
        caregiver=c,
        death_date=death,
        deceased=death is not None,
        month=month,
        table=StandardTable(month=month),
    )


def unsaved(
    level: str = "junior",
    *,
    started: dt.date,
    certified: dt.date | None = dt.date(2010, 1, 1),
    left: dt.date | None = None,
    region: str = "330502003001",
) -> Caregiver:
    return Caregiver(
        pk=1,
        person_id=1,
        region_code=region,
        level=level,
        certificate_number="X" if level else "",
        certified_on=certified if level else None,
        started_on=started,
        left_on=left,
    )


@pytest.mark.parametrize(
    ("level", "started", "month", "band", "amount"),
    [
        ("junior", dt.date(2019, 3, 15), dt.date(2024, 3, 1), 0, "300.00"),  # 4 years on 1 March
        (
            "junior",
            dt.date(2019, 3, 1),
            dt.date(2024, 3, 1),
            5,
            "350.00",
        ),  # 5 years on the anniversary itself
        ("junior", dt.date(2019, 3, 15), dt.date(2024, 4, 1), 5, "350.00"),
        ("intermediate", dt.date(2014, 7, 2), dt.date(2024, 7, 1), 5, "550.00"),  # 9 years, the day before
        ("intermediate", dt.date(2014, 7, 1), dt.date(2024, 7, 1), 10, "600.00"),
        ("senior", dt.date(2023, 12, 1), dt.date(2024, 3, 1), 0, "700.00"),  # 3 months in post: paid
        ("technician", dt.date(1990, 1, 1), dt.date(2024, 1, 1), 10, "1000.00"),  # above the last band
        ("senior_technician", dt.date(2020, 2, 29), dt.date(2025, 2, 1), 0, "1100.00"),
        ("senior_technician", dt.date(2020, 2, 29), dt.date(2025, 3, 1), 5, "1150.00"),  # 29 Feb: 1 March
    ],
)
def test_the_allowance_is_the_tier_of_level_and_full_years_on_the_months_first_day(
    level: str, started: dt.date, month: dt.date, band: int, amount: str, sites: Sites
) -> None:
    found = decide(unsaved(level, started=started), month)
    assert (found.eligible, found.band, found.amount) == (True, band, Decimal(amount))


def test_the_uncertified_the_new_the_not_yet_certified_the_departed_and_the_dead_are_not_paid(
    sites: Sites,
) -> None:
    june = dt.date(2024, 6, 1)
    assert decide(unsaved("", started=dt.date(2010, 1, 1)), june).reason == messages.WHY_UNCERTIFIED
    # Started 2024-03-02: three months are reached on 2 June, after the month's first day.
    too_new = decide(unsaved(started=dt.date(2024, 3, 2)), june)
    assert not too_new.eligible and too_new.reason == messages.WHY_TOO_NEW.format(months=3, date="2024-03-02")
    assert decide(unsaved(started=dt.date(2024, 3, 1)), june).eligible
    later = decide(unsaved(started=dt.date(2010, 1, 1), certified=dt.date(2024, 6, 2)), june)
    assert not later.eligible and later.reason == messages.WHY_CERTIFIED_LATER.format(date="2024-06-02")
    # Leaving during June still pays June; leaving on 1 June does not.
    assert decide(unsaved(started=dt.date(2010, 1, 1), left=dt.date(2024, 6, 2)), june).eligible
    assert not decide(unsaved(started=dt.date(2010, 1, 1), left=june), june).eligible
    # A death in May stops June; a death on 1 June pays June (as the engine's death rule).
    assert not decide(unsaved(started=dt.date(2010, 1, 1)), june, death=dt.date(2024, 5, 31)).eligible
    assert decide(unsaved(started=dt.date(2010, 1, 1)), june, death=june).eligible


def test_a_countys_own_standard_applies_from_its_month_and_the_city_s_for_bands_it_has_not(
    personas: Personas, sites: Sites
) -> None:
    services.allowance_standard_add(
        actor=personas.city_admin,
        level="junior",
        min_years=0,
        region_prefix="330523",
        effective_from="2024-07",
        amount="320.00",
        note="安吉县示例",
    )
    anji = "330523001001"
    new = unsaved(started=dt.date(2020, 1, 1), region=anji)
    old = unsaved(started=dt.date(2012, 1, 1), region=anji)
    assert decide(new, dt.date(2024, 6, 1)).amount == Decimal("300.00")
    assert decide(new, dt.date(2024, 7, 1)).amount == Decimal("320.00")
    assert decide(old, dt.date(2024, 7, 1)).amount == Decimal("400.00")  # band 10: the city's
    assert decide(unsaved(started=dt.date(2020, 1, 1)), dt.date(2024, 7, 1)).amount == Decimal(
        "300.00"
    )  # 吴兴区


def test_a_region_without_any_standard_pays_nothing_and_says_why(sites: Sites) -> None:
    AllowanceStandard.objects.filter(level="technician").delete()
    found = decide(unsaved("technician", started=dt.date(2010, 1, 1)), dt.date(2024, 6, 1))
    assert not found.eligible and found.reason == messages.WHY_NO_STANDARD.format(
        region="330502003001", level="技师"
    )


def test_a_standard_is_never_overwritten_and_bad_fields_are_named(personas: Personas, sites: Sites) -> None:
    with pytest.raises(ValidationError) as exc:
        services.allowance_standard_add(
            actor=personas.city_admin,
            level="junior",
            min_years=0,
            region_prefix="3305",
            effective_from="2024-01",
            amount="999.00",
        )
    assert exc.value.message_dict["effective_from"] == [
        messages.STANDARD_EXISTS.format(region="3305", month="2024-01", amount="300.00")
    ]
    with pytest.raises(ValidationError) as exc:
        services.allowance_standard_add(
            actor=personas.city_admin,
            level="master",
            min_years="-1",
            region_prefix="33",
            effective_from="2024-13",
            amount="1.234",
        )
    assert exc.value.message_dict == {
        "level": [messages.STANDARD_LEVEL_INVALID],
        "min_years": [messages.STANDARD_YEARS_INVALID.format(max=60)],
        "region_prefix": [messages.REGION_INVALID],
        "effective_from": [messages.STANDARD_MONTH_INVALID.format(value="2024-13")],
        "amount": [messages.STANDARD_AMOUNT_INVALID.format(max="10000.00")],
    }
    with pytest.raises(PermissionDenied):
        services.allowance_standard_add(
            actor=personas.wuxing_officer,
            level="junior",
            min_years=0,
            region_prefix="330502",
            effective_from="2025-01",
            amount="310.00",
        )
    assert AllowanceStandard.objects.count() == 15


def lines_of(run: PaymentRun) -> dict[int, Decimal]:
    return dict(PaymentLine.objects.filter(run=run).values_list("payee_id", "amount"))


def test_the_allowance_is_paid_through_the_engine_month_by_month_to_the_person(
    personas: Personas, sites: Sites
) -> None:
    officer = personas.wuxing_officer
    # 5 years on 2024-07-10: band 0 in June and July, band 5 from August.
    rising = caregiver(officer, sites.home, level="junior", started_on=dt.date(2019, 7, 10))
    leaving = caregiver(officer, sites.home, level="senior", started_on=dt.date(2012, 1, 1))
    uncertified = caregiver(officer, sites.home, level="")
    elsewhere = caregiver(personas.anji_officer, sites.centre, level="technician")

    grant, run = allowance.caregiver_allowance_pay(actor=officer, month=dt.date(2024, 6, 1))
    assert (grant.region_prefix, grant.eligible, grant.created, grant.changed, grant.stopped) == (
        "330502",
        2,
        2,
        0,
        0,
    )
    assert run.status == PaymentRun.Status.COMPUTED and run.program.code == "caregiver_allowance"
    assert lines_of(run) == {rising.person_id: Decimal("300.00"), leaving.person_id: Decimal("800.00")}
    assert run.total_amount == Decimal("1100.00")
    assert uncertified.person_id not in lines_of(run) and elsewhere.person_id not in lines_of(run)
    assert AuditEntry.objects.get(action="eldercare.caregiver_allowance.granted").after["created"] == 2

    # Granting June again changes nothing, and the run is the same one.
    again, same = allowance.caregiver_allowance_pay(actor=officer, month=dt.date(2024, 6, 1))
    assert (again.created, again.changed, again.stopped, same.pk, same.line_count) == (0, 0, 0, run.pk, 2)
    payment_run_approve(actor=personas.city_admin, run=run)

    services.caregiver_leave(actor=officer, caregiver=leaving, left_on=dt.date(2024, 7, 20))
    _, july = allowance.caregiver_allowance_pay(actor=officer, month=dt.date(2024, 7, 1))
    assert lines_of(july) == {rising.person_id: Decimal("300.00"), leaving.person_id: Decimal("800.00")}

    august, run_8 = allowance.caregiver_allowance_pay(actor=officer, month=dt.date(2024, 8, 1))
    assert (august.created, august.changed, august.stopped) == (0, 1, 1)
    assert lines_of(run_8) == {rising.person_id: Decimal("350.00")}
    review = Review.objects.get(enrollment__person=rising.person)
    assert (review.old_amount, review.new_amount, review.effective_month) == (
        Decimal("300.00"),
        Decimal("350.00"),
        dt.date(2024, 8, 1),
    )
    stopped = Enrollment.objects.get(person=leaving.person)
    assert (stopped.status, stopped.stop_month) == (Enrollment.Status.TERMINATED, dt.date(2024, 8, 1))
    assert stopped.status_reason == messages.WHY_LEFT.format(date="2024-07-20")


def test_granting_needs_the_power_to_make_payment_runs_within_ones_scope(
    personas: Personas, sites: Sites
) -> None:
    with pytest.raises(PermissionDenied):
        allowance.caregiver_allowance_grant(actor=personas.aishan_officer, month=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError) as exc:
        allowance.caregiver_allowance_grant(
            actor=personas.wuxing_officer, month=dt.date(2024, 6, 1), region_prefix="330523"
        )
    assert "region" in exc.value.message_dict
    assert not Enrollment.objects.exists()


def test_a_withdrawn_certificate_stops_the_allowance_from_the_next_month_granted(
    personas: Personas, sites: Sites
) -> None:
    officer = personas.wuxing_officer
    found = caregiver(officer, sites.home, level="intermediate", started_on=dt.date(2012, 1, 1))
    allowance.caregiver_allowance_grant(actor=officer, month=dt.date(2024, 6, 1))
    services.caregiver_level_change(actor=officer, caregiver=found, level="")
    july = allowance.caregiver_allowance_grant(actor=officer, month=dt.date(2024, 7, 1))
    assert (july.eligible, july.stopped) == (0, 1)
    stopped = Enrollment.objects.get(person=found.person)
    assert (stopped.stop_month, stopped.status_reason) == (dt.date(2024, 7, 1), messages.WHY_UNCERTIFIED)
