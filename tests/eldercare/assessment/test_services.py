"""Recording and voiding assessments: the level is computed, never taken; scope (404), permission
(403) and the person's age and life are checked; one audit entry per write; one valid assessment
per person and day, also as a constraint; the latest valid one gives the level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.eldercare import messages
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.selectors import (
    assessment_list,
    assessments_of,
    latest_assessment,
    latest_level,
)
from minzheng.eldercare.assessment.services import assessment_record, assessment_void
from minzheng.people.models import Person
from tests.eldercare.factories import assess, elder, scores_totalling
from tests.personas import OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_an_assessment_is_stored_with_its_computed_level_and_one_audit_entry(personas: Personas) -> None:
    person, _ = elder()
    a = assess(personas.aishan_officer, person, total=70, risk_events_30d=2, on=dt.date(2024, 5, 10))
    stored = Assessment.objects.get(pk=a.pk)
    assert stored.scores == scores_totalling(70)
    assert stored.subtotals == [32, 15, 23, 0] and stored.total == 70
    assert (stored.preliminary_level, stored.level) == ("mild", "moderate")
    assert stored.region_code == person.region_code and stored.assessor == personas.aishan_officer
    entries = AuditEntry.objects.filter(action="eldercare.assessment.recorded", object_id=str(a.pk))
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == personas.aishan_officer and entry.region_code == person.region_code
    assert entry.after["level"] == "moderate" and entry.after["total"] == 70 and entry.after["eating"] == 4


def test_a_township_officer_cannot_assess_a_person_of_another_township(personas: Personas) -> None:
    other, _ = elder(region_code=OTHER_TOWNSHIP_VILLAGE)
    with pytest.raises(Http404):
        assess(personas.aishan_officer, other)
    far, _ = elder(region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404):
        assess(personas.wuxing_officer, far)
    assert not Assessment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="eldercare.").exists()
    assess(personas.wuxing_officer, other)  # the county holds both of its townships


def test_staff_without_the_power_cannot_assess(personas: Personas) -> None:
    person, _ = elder()
    for user in (personas.village_worker, personas.auditor, personas.city_admin):
        with pytest.raises(PermissionDenied):
            assess(user, person)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"reason": "monthly"}, "reason", messages.REASON_INVALID),
    ({"reason": "other"}, "note", messages.REASON_NOTE_REQUIRED),
    ({"note": "长" * 201}, "note", messages.NOTE_TOO_LONG.format(max=200)),
    ({"risk_events_30d": -1}, "risk_events_30d", messages.RISK_EVENTS_INVALID.format(max=99)),
    ({"risk_events_30d": 100}, "risk_events_30d", messages.RISK_EVENTS_INVALID.format(max=99)),
    ({"assessed_on": timezone.localdate() + dt.timedelta(days=1)}, "assessed_on", messages.ASSESSED_ON_FUTURE),
    ({"scores": [4] * 26}, "scores", None),
])
def test_bad_input_is_refused_by_field_in_chinese(personas: Personas, change: dict, field: str,
                                                  message: str | None) -> None:
    person, _ = elder()
    values = {"scores": scores_totalling(50), "reason": "first", "assessed_on": dt.date(2024, 5, 10), **change}
    with pytest.raises(ValidationError) as caught:
        assessment_record(actor=personas.aishan_officer, person=person, **values)
    errors = caught.value.message_dict
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    else:  # 4 is over the range of the 0–3, 0–2 and 0–1 items: each is named
        assert "第12项（B.2.4 上下楼梯）得分应为 0–3 的整数" in errors["scores"] and len(errors["scores"]) == 7
    assert not Assessment.objects.exists()


def test_every_wrong_field_is_named_at_once(personas: Personas) -> None:
    person, _ = elder()
    with pytest.raises(ValidationError) as caught:
        assessment_record(actor=personas.aishan_officer, person=person, scores=[0] * 25, reason="",
                          assessed_on=dt.date(2024, 5, 10), risk_events_30d=-2)
    assert set(caught.value.message_dict) == {"scores", "reason", "risk_events_30d"}


def test_only_elders_are_assessed_and_not_after_death(personas: Personas) -> None:
    # Born 1964-06-02: 60 on 2024-06-02.
    person, _ = elder(dt.date(1964, 6, 2))
    with pytest.raises(ValidationError) as caught:
        assess(personas.aishan_officer, person, on=dt.date(2024, 6, 1))
    assert caught.value.message_dict == {"assessed_on": [messages.PERSON_UNDER_AGE.format(age=60)]}
    assess(personas.aishan_officer, person, on=dt.date(2024, 6, 2))

    dead, _ = elder()
    Person.objects.filter(pk=dead.pk).update(status="deceased", death_date=dt.date(2024, 3, 1))
    dead.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        assess(personas.aishan_officer, dead, on=dt.date(2024, 3, 2))
    assert caught.value.message_dict == {"assessed_on": [messages.PERSON_DEAD_BY_THEN.format(date="2024-03-01")]}
    assess(personas.aishan_officer, dead, on=dt.date(2024, 3, 1))  # on the day itself, before it happened


def test_one_valid_assessment_per_person_and_day(personas: Personas) -> None:
    person, _ = elder()
    first = assess(personas.aishan_officer, person, on=dt.date(2024, 5, 10))
    with pytest.raises(ValidationError) as caught:
        assess(personas.aishan_officer, person, on=dt.date(2024, 5, 10), total=60)
    assert caught.value.message_dict == {"assessed_on": [messages.ASSESSMENT_SAME_DAY.format(date="2024-05-10")]}
    # The database holds the rule too (a form sent twice at once passes the check twice).
    duplicate = Assessment.objects.get(pk=first.pk)
    duplicate.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # Once the first is voided, the day can be assessed again.
    assessment_void(actor=personas.aishan_officer, assessment=first, reason="录入错误")
    assess(personas.aishan_officer, person, on=dt.date(2024, 5, 10), total=60)


def test_the_database_refuses_a_level_that_does_not_follow_the_scores(personas: Personas) -> None:
    person, _ = elder()
    a = assess(personas.aishan_officer, person, total=70)
    for change in ({"total": 71}, {"self_care": 31}, {"preliminary_level": "moderate"}, {"eating": 5},
                   {"coma": True}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Assessment.objects.filter(pk=a.pk).update(**change)


def test_the_latest_valid_assessment_gives_the_level_on_a_day(personas: Personas) -> None:
    person, _ = elder()
    officer = personas.aishan_officer
    first = assess(officer, person, total=70, on=dt.date(2024, 1, 10))  # mild
    second = assess(officer, person, total=40, on=dt.date(2024, 6, 20), reason="immediate")  # severe
    assert latest_level(person=person, on=dt.date(2024, 1, 9)) == ""
    assert latest_level(person=person, on=dt.date(2024, 1, 10)) == "mild"
    assert latest_level(person=person, on=dt.date(2024, 6, 19)) == "mild"
    assert latest_level(person=person, on=dt.date(2024, 6, 20)) == "severe"
    assert latest_assessment(person=person, on=dt.date(2024, 12, 31)) == second
    voided = assessment_void(actor=officer, assessment=second, reason="评估对象有误")
    assert latest_level(person=person, on=dt.date(2024, 12, 31)) == "mild"
    assert latest_assessment(person=person, on=dt.date(2024, 12, 31)) == first
    assert voided.voided_by == officer and voided.void_reason == "评估对象有误"
    entry = AuditEntry.objects.get(action="eldercare.assessment.voided")
    assert entry.object_id == str(second.pk) and entry.after["void_reason"] == "评估对象有误"
    assert entry.before["void_reason"] == ""


def test_voiding_needs_a_reason_scope_and_power_and_happens_once(personas: Personas) -> None:
    person, _ = elder()
    a = assess(personas.aishan_officer, person)
    with pytest.raises(ValidationError) as caught:
        assessment_void(actor=personas.aishan_officer, assessment=a, reason="  ")
    assert caught.value.message_dict == {"reason": [messages.VOID_REASON_REQUIRED]}
    with pytest.raises(Http404):
        assessment_void(actor=personas.anji_officer, assessment=a, reason="x")
    with pytest.raises(PermissionDenied):
        assessment_void(actor=personas.village_worker, assessment=a, reason="x")
    assessment_void(actor=personas.aishan_officer, assessment=a, reason="录入错误")
    with pytest.raises(ValidationError) as caught:
        assessment_void(actor=personas.wuxing_officer, assessment=a, reason="再次")
    assert caught.value.message_dict == {"voided_at": [messages.ALREADY_VOIDED]}
    assert AuditEntry.objects.filter(action="eldercare.assessment.voided").count() == 1


def test_the_history_follows_the_person_not_the_region_it_was_made_in(personas: Personas) -> None:
    person, _ = elder()
    a = assess(personas.aishan_officer, person)
    assert list(assessments_of(user=personas.aishan_officer, person=person)) == [a]
    with pytest.raises(Http404):
        assessments_of(user=personas.anji_officer, person=person)
    assert list(assessment_list(user=personas.anji_officer)) == []
    # The person moves to Anji: the history is Anji's to read now, and no longer Aishan's.
    Person.objects.filter(pk=person.pk).update(region_code=OTHER_COUNTY_VILLAGE)
    person.refresh_from_db()
    assert list(assessments_of(user=personas.anji_officer, person=person)) == [a]
    assert list(assessment_list(user=personas.aishan_officer)) == []
    assert Assessment.objects.get(pk=a.pk).region_code == "330502003001"  # where it was made
