"""Review rounds of the two disability subsidies: a round reviews every live enrollment of both
programs in its region through the engine's own ``review_record`` (a ``benefits.Review`` each,
applied to the enrollment), decided by the program's policy on the day's facts; one round per
region and half-year; the year's count is the halves with a round covering the reader's area."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.enrollments.services import enrollment_create
from minzheng.benefits.programs.models import Program
from minzheng.disability import messages
from minzheng.disability.reviews import selectors
from minzheng.disability.reviews.models import ReviewRound, ReviewRoundItem
from minzheng.disability.reviews.services import review_round_run
from tests.assistance.factories import certificate_for
from tests.disability.conftest import resident
from tests.eldercare.beds.conftest import fresh
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def _program(code: str) -> Program:
    name = {"disability_living": "困难残疾人生活补贴", "disability_nursing": "重度残疾人护理补贴"}[code]
    program, _ = Program.objects.get_or_create(
        code=code, defaults={"name": name, "domain": "disability", "unit": "person", "kind": "monthly"}
    )
    return program


def _enrol(code: str, person, amount: str = "0.00") -> Enrollment:  # type: ignore[no-untyped-def]
    return enrollment_create(
        actor=None,
        program=_program(code),
        person=person,
        approved_on=dt.date(2023, 6, 1),
        monthly_amount=Decimal(amount),
        review_interval_months=6,
    )


def _nursing_grade_1() -> str:
    """The seeded nursing subsidy of grade 1 (the program's params), what a review keeps."""
    return str(_program("disability_nursing").params.get("amounts", {}).get("1", "0.00"))


@pytest.fixture
def enrolled(personas: Personas) -> dict[str, Enrollment]:
    _program("disability_living")
    certified, raw = resident()
    certificate_for(personas.wuxing_officer, certified, raw, kind="mental", grade=1)
    uncertified = resident()[0]
    elsewhere, raw_b = resident(region_code=OTHER_COUNTY_VILLAGE)
    certificate_for(personas.anji_officer, elsewhere, raw_b, kind="mental", grade=2)
    return {
        "kept": _enrol("disability_nursing", certified, _nursing_grade_1()),
        "not_low_income": _enrol("disability_living", certified),
        "no_certificate": _enrol("disability_nursing", uncertified),
        "elsewhere": _enrol("disability_nursing", elsewhere),
    }


def test_a_county_round_reviews_each_live_enrollment_of_both_programs_through_the_engine(
    personas: Personas, enrolled: dict[str, Enrollment]
) -> None:
    officer = fresh(personas.wuxing_officer)
    done = review_round_run(actor=officer, region="330502", done_on=dt.date(2024, 5, 20))
    assert (done.reviewed, done.continued, done.changed, done.terminated) == (3, 1, 0, 2)
    assert done.half == 1 and done.region_code == "330502000000" and "上半年" in done.name
    reviews = {r.enrollment_id: r for r in Review.objects.all()}
    assert set(reviews) == {enrolled[k].pk for k in ("kept", "not_low_income", "no_certificate")}
    assert set(ReviewRoundItem.objects.values_list("review_id", flat=True)) == {
        r.pk for r in reviews.values()
    }
    kept = Enrollment.objects.get(pk=enrolled["kept"].pk)
    assert kept.status == "active" and kept.next_review_on == dt.date(2024, 11, 20)
    gone = Enrollment.objects.get(pk=enrolled["no_certificate"].pk)
    assert gone.status == "terminated" and gone.stop_month == dt.date(2024, 6, 1)
    assert reviews[gone.pk].reviewed_by == officer and reviews[gone.pk].reason.startswith("复核不再符合条件")
    assert Enrollment.objects.get(pk=enrolled["not_low_income"].pk).status == "terminated"
    assert Enrollment.objects.get(pk=enrolled["elsewhere"].pk).status == "active"  # another county


def test_one_round_per_region_and_half_year_and_the_count_is_of_halves(
    personas: Personas, enrolled: dict[str, Enrollment]
) -> None:
    county, city = fresh(personas.wuxing_officer), fresh(personas.city_admin)
    review_round_run(actor=county, region="330502", done_on=dt.date(2024, 5, 20))
    with pytest.raises(ValidationError) as exc:
        review_round_run(actor=county, region="330502", done_on=dt.date(2024, 6, 10))
    assert exc.value.message_dict["done_on"][0].startswith("复核日期：")
    review_round_run(actor=city, region="3305", done_on=dt.date(2024, 11, 15))
    assert ReviewRound.objects.count() == 2
    # The city reads 2 (a county round in the first half, its own in the second); 吴兴区 reads 2
    # (its own, and the city's covering it); 安吉县 reads 1 (only the city's).
    assert selectors.rounds_in_year(user=city, year=2024) == 2
    assert selectors.rounds_in_year(user=county, year=2024) == 2
    assert selectors.rounds_in_year(user=fresh(personas.anji_officer), year=2024) == 1
    assert selectors.rounds_in_year(user=city, year=2023) == 0
    # The second round reviewed the live ones left: the kept one and the one in 安吉县.
    assert ReviewRound.objects.get(half=2).reviewed == 2


def test_a_round_outside_the_scope_or_of_bad_input_is_refused_and_writes_nothing(
    personas: Personas, enrolled: dict[str, Enrollment]
) -> None:
    county = fresh(personas.wuxing_officer)
    with pytest.raises(ValidationError) as exc:
        review_round_run(actor=county, region="330523", done_on=dt.date(2024, 5, 20))
    assert exc.value.message_dict["region"] == [messages.REGION_OUT_OF_SCOPE.format(code="330523")]
    with pytest.raises(ValidationError) as exc:
        review_round_run(actor=county, region="33x", done_on="2999-01-01")
    assert exc.value.message_dict["region"] == [messages.REGION_INVALID]
    assert exc.value.message_dict["done_on"] == [messages.DATE_FUTURE.format(field="复核日期")]
    with pytest.raises(PermissionDenied):
        review_round_run(
            actor=fresh(personas.aishan_officer), region="330502003", done_on=dt.date(2024, 5, 20)
        )
    assert not ReviewRound.objects.exists() and not Review.objects.exists()


def test_a_round_that_fails_halfway_leaves_no_round_and_no_review(
    personas: Personas, enrolled: dict[str, Enrollment], monkeypatch: pytest.MonkeyPatch
) -> None:
    from minzheng.disability.reviews import services

    real, calls = services.review_record, []

    def fails_on_the_second(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["enrollment"].pk)
        if len(calls) == 2:
            raise RuntimeError("数据库连接中断")
        return real(**kwargs)

    monkeypatch.setattr(services, "review_record", fails_on_the_second)
    with pytest.raises(RuntimeError):
        review_round_run(actor=fresh(personas.wuxing_officer), region="330502", done_on=dt.date(2024, 5, 20))
    assert len(calls) == 2
    assert not ReviewRound.objects.exists() and not Review.objects.exists()
    assert Enrollment.objects.get(pk=enrolled["kept"].pk).next_review_on != dt.date(2024, 11, 20)
