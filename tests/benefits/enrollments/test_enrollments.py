from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minzheng.benefits import messages
from minzheng.benefits.enrollments import services
from minzheng.benefits.models import Enrollment, Review
from minzheng.core.models import AuditEntry
from minzheng.people.services import person_record_death
from tests.benefits.factories import deceased, household_with
from tests.factories import PersonFactory

APPROVED = dt.date(2024, 5, 20)


def enroll(program, *, household=None, person=None, amount="500.00", interval=12):  # type: ignore[no-untyped-def]
    return services.enrollment_create(actor=None, program=program, household=household, person=person,
                                      approved_on=APPROVED, monthly_amount=Decimal(amount), persons=2,
                                      review_interval_months=interval)


def test_enrollment_starts_the_month_after_approval_and_is_audited(regions, dibao) -> None:
    household = household_with("spouse")
    enrollment = enroll(dibao, household=household)
    assert enrollment.start_month == dt.date(2024, 6, 1)
    assert enrollment.next_review_on == dt.date(2025, 5, 20)
    assert enrollment.region_code == household.region_code and enrollment.persons == 2
    assert AuditEntry.objects.filter(action="benefits.enrollment.created", object_id=str(enrollment.pk)).count() == 1


def test_the_database_allows_one_live_enrollment_per_household_and_program(regions, dibao) -> None:
    household = household_with()
    first = enroll(dibao, household=household)
    second = Enrollment(program=dibao, household=household, region_code=household.region_code,
                        approved_on=APPROVED, start_month=dt.date(2024, 6, 1), monthly_amount=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()  # past the service: the constraint alone refuses it
    second.status = Enrollment.Status.SUSPENDED
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    services.enrollment_terminate(actor=None, enrollment=first, reason="收入超标", on=dt.date(2024, 9, 3))
    second.status = Enrollment.Status.ACTIVE
    second.save()  # once the first is terminated, a new one is allowed
    assert Enrollment.objects.filter(household=household, program=dibao).count() == 2


def test_the_database_allows_one_live_enrollment_per_person_and_program(regions, tekun) -> None:
    person = PersonFactory()
    enroll(tekun, person=person)
    row = Enrollment(program=tekun, person=person, region_code=person.region_code, approved_on=APPROVED,
                     start_month=dt.date(2024, 6, 1), monthly_amount=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_service_refuses_a_second_enrollment_in_chinese(regions, dibao) -> None:
    household = household_with()
    first = enroll(dibao, household=household)
    with pytest.raises(ValidationError) as exc:
        enroll(dibao, household=household)
    assert exc.value.message_dict == {"program": [messages.ENROLLMENT_EXISTS.format(program="最低生活保障",
                                                                                  pk=first.pk)]}


def test_an_enrollment_names_exactly_one_beneficiary_in_the_database(regions, dibao) -> None:
    household = household_with()
    row = Enrollment(program=dibao, household=household, person=household.head, region_code=household.region_code,
                     approved_on=APPROVED, start_month=dt.date(2024, 6, 1), monthly_amount=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_deceased_beneficiary_cannot_be_enrolled(regions, dibao, tekun) -> None:
    person = deceased(PersonFactory())
    with pytest.raises(ValidationError) as exc:
        enroll(tekun, person=person)
    assert exc.value.message_dict == {"person": [messages.ENROLLMENT_DECEASED]}
    household = household_with()
    deceased(household.head)
    with pytest.raises(ValidationError) as exc:
        enroll(dibao, household=household)
    assert exc.value.message_dict == {"household": [messages.ENROLLMENT_NO_LIVING_MEMBER]}


def test_a_death_stops_the_persons_enrollment_from_the_next_month(personas, tekun, dibao) -> None:
    person = PersonFactory()
    own = enroll(tekun, person=person)
    household = household_with("spouse")
    shared = enroll(dibao, household=household)
    person_record_death(actor=personas.aishan_officer, person=person, death_date=dt.date(2024, 8, 14))
    own.refresh_from_db()
    assert own.status == Enrollment.Status.TERMINATED and own.stop_month == dt.date(2024, 9, 1)
    person_record_death(actor=personas.aishan_officer, person=household.head, death_date=dt.date(2024, 8, 14))
    shared.refresh_from_db()
    assert shared.status == Enrollment.Status.ACTIVE  # the spouse lives: reviewed, not ended
    assert shared.next_review_on <= dt.date.today()


@pytest.mark.parametrize(("outcome", "status", "amount"), [
    (Review.Outcome.CONTINUE, Enrollment.Status.ACTIVE, "500.00"),
    (Review.Outcome.CHANGE_AMOUNT, Enrollment.Status.ACTIVE, "420.00"),
    (Review.Outcome.SUSPEND, Enrollment.Status.SUSPENDED, "500.00"),
    (Review.Outcome.TERMINATE, Enrollment.Status.TERMINATED, "500.00"),
])
def test_review_outcomes_go_through_the_service(personas, dibao, outcome, status, amount) -> None:
    enrollment = enroll(dibao, household=household_with(), interval=6)
    review = services.review_record(actor=personas.aishan_officer, enrollment=enrollment, outcome=outcome,
                                    reason="入户复核", monthly_amount=Decimal("420.00"), done_on=dt.date(2024, 11, 20))
    enrollment.refresh_from_db()
    assert enrollment.status == status and enrollment.monthly_amount == Decimal(amount)
    assert review.old_amount == Decimal("500.00") and review.new_amount == Decimal(amount)
    assert review.effective_month == dt.date(2024, 12, 1)
    if status == Enrollment.Status.TERMINATED:
        assert enrollment.stop_month == dt.date(2024, 12, 1) and enrollment.next_review_on is None
    else:
        assert enrollment.next_review_on == dt.date(2025, 5, 20)
    assert AuditEntry.objects.filter(action="benefits.review.recorded", object_id=str(review.pk)).count() == 1


def test_review_refuses_bad_input_naming_the_field(personas, dibao) -> None:
    enrollment = enroll(dibao, household=household_with())
    cases = [({"outcome": "change_amount"}, {"monthly_amount": [messages.REVIEW_AMOUNT_REQUIRED]}),
             ({"outcome": "change_amount", "monthly_amount": Decimal("-1")},
              {"monthly_amount": [messages.ENROLLMENT_AMOUNT_NEGATIVE]}),
             ({"outcome": "suspend"}, {"reason": [messages.REVIEW_REASON_REQUIRED]}),
             ({"outcome": "nonsense"}, {"outcome": [messages.REVIEW_OUTCOME_INVALID]})]
    for kwargs, errors in cases:
        with pytest.raises(ValidationError) as exc:
            services.review_record(actor=personas.aishan_officer, enrollment=enrollment, **kwargs)
        assert exc.value.message_dict == errors
    assert not Review.objects.exists()


def test_a_suspended_enrollment_continues_after_review(personas, dibao) -> None:
    enrollment = enroll(dibao, household=household_with())
    services.enrollment_suspend(actor=personas.aishan_officer, enrollment=enrollment, reason="外出失联")
    services.review_record(actor=personas.aishan_officer, enrollment=enrollment, outcome="continue")
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE and enrollment.suspended_on is None
