"""Opening, reviewing and ending child profiles (``profiles.services``): the categories are checked
by the rules on the registry's facts and what the officer enters, refused with the rule's reason,
scoped, audited; ending a profile stops the living allowances from the next month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.services import enrollment_create
from minzheng.benefits.money import month_add
from minzheng.benefits.programs.models import Program
from minzheng.children.profiles import services
from minzheng.children.profiles.models import ChildParent, ChildProfile
from minzheng.children.profiles.services import ParentInput
from minzheng.core.models import AuditEntry
from minzheng.people.models import Person
from tests.assistance.factories import certificate_for, person_born
from tests.children.conftest import ALIVE, DEAD, MakeProfile, child, years_ago
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_an_orphan_profile_is_opened_with_its_reasons_parents_and_audit(
    personas: Personas, make_profile: MakeProfile
) -> None:
    profile = make_profile(personas.aishan_officer)
    assert profile.categories == ["orphan"]
    assert profile.reasons[0].startswith("孤儿：未满18周岁")
    assert profile.guardian_phone_masked.startswith("138") and "*" in profile.guardian_phone_masked
    assert "13812345678" not in profile.guardian_phone_cipher
    assert profile.visit_interval_months == 1
    assert sorted(ChildParent.objects.filter(profile=profile).values_list("role", "status")) == [
        ("father", "dead"),
        ("mother", "dead"),
    ]
    entry = AuditEntry.objects.get(action="children.profile.created")
    assert entry.object_id == str(profile.pk) and entry.after["parents"][0]["status"] == "dead"


def test_a_category_that_does_not_hold_is_refused_with_the_rules_reason(
    personas: Personas, make_profile: MakeProfile
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_profile(personas.aishan_officer, categories=("orphan",), parents=ALIVE)
    assert "孤儿不成立" in caught.value.message_dict["categories"][0]
    assert "父母均死亡" in caught.value.message_dict["categories"][0]
    assert not ChildProfile.objects.exists() and not ChildParent.objects.exists()


def test_a_child_who_is_17_gets_a_profile_and_one_who_is_18_today_does_not(
    personas: Personas, make_profile: MakeProfile
) -> None:
    assert make_profile(personas.aishan_officer, child(18, days=1)).categories == ["orphan"]
    with pytest.raises(ValidationError) as caught:
        make_profile(personas.aishan_officer, child(18))
    assert "已满18周岁" in caught.value.message_dict["id_number"][0]


def test_the_childs_disability_certificate_makes_a_child_in_difficulty(
    personas: Personas, make_profile: MakeProfile
) -> None:
    person, raw = person_born(years_ago(9))
    certificate_for(personas.aishan_officer, person, raw, grade=2, issued_on=years_ago(2))
    profile = make_profile(personas.aishan_officer, person, categories=("in_difficulty",), parents=ALIVE)
    assert profile.disability_grade == 2
    assert "本人持残疾人证（2级）" in profile.reasons[0]


def test_a_child_without_disability_poverty_or_guardianship_problems_is_not_in_difficulty(
    personas: Personas, make_profile: MakeProfile
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_profile(personas.aishan_officer, categories=("in_difficulty",), parents=ALIVE)
    assert "困境儿童不成立" in caught.value.message_dict["categories"][0]


def test_a_parent_recorded_dead_in_the_registry_counts_as_dead(
    personas: Personas, make_profile: MakeProfile
) -> None:
    father = person_born(dt.date(1985, 1, 1))[0]
    Person.objects.filter(pk=father.pk).update(status=Person.Status.DECEASED, death_date=years_ago(1))
    father.refresh_from_db()
    parents = [
        ParentInput(role="father", status="alive", person=father),
        ParentInput(role="mother", status="missing"),
    ]
    profile = make_profile(personas.aishan_officer, categories=("orphan",), parents=parents)
    assert profile.parents.get(role="father").status == "dead"


def test_imprisonment_counts_only_after_six_months(personas: Personas, make_profile: MakeProfile) -> None:
    today = timezone.localdate()
    recent = [
        ParentInput(role="father", status="dead"),
        ParentInput(role="mother", status="imprisoned", since=today - dt.timedelta(days=100)),
    ]
    with pytest.raises(ValidationError) as caught:
        make_profile(personas.aishan_officer, categories=("de_facto_unsupported",), parents=recent)
    assert "方满6个月" in caught.value.message_dict["categories"][0]
    long_ago = [
        ParentInput(role="father", status="dead"),
        ParentInput(role="mother", status="imprisoned", since=years_ago(1)),
    ]
    assert make_profile(
        personas.aishan_officer, categories=("de_facto_unsupported",), parents=long_ago
    ).is_de_facto


def test_imprisoned_without_a_since_date_is_refused_on_its_field(
    personas: Personas, make_profile: MakeProfile
) -> None:
    parents = [ParentInput(role="father", status="dead"), ParentInput(role="mother", status="imprisoned")]
    with pytest.raises(ValidationError) as caught:
        make_profile(personas.aishan_officer, categories=("de_facto_unsupported",), parents=parents)
    assert "mother_since" in caught.value.message_dict


def test_migrant_is_recorded_as_asked(personas: Personas, make_profile: MakeProfile) -> None:
    profile = make_profile(personas.aishan_officer, categories=("migrant",))
    assert profile.categories == ["migrant"] and profile.visit_interval_months == 6


def test_a_second_active_profile_is_refused(personas: Personas, make_profile: MakeProfile) -> None:
    person = child()
    make_profile(personas.aishan_officer, person)
    with pytest.raises(ValidationError) as caught:
        make_profile(personas.aishan_officer, person)
    assert "已有在册儿童档案" in caught.value.message_dict["id_number"][0]


def test_a_child_outside_the_scope_answers_404_and_a_village_worker_may_not_open(
    personas: Personas, make_profile: MakeProfile
) -> None:
    with pytest.raises(Http404):
        make_profile(personas.anji_officer, child())
    with pytest.raises(PermissionDenied):
        make_profile(personas.village_worker, child())
    assert (
        make_profile(personas.anji_officer, child(region_code=OTHER_COUNTY_VILLAGE)).region_code
        == OTHER_COUNTY_VILLAGE
    )


def test_review_drops_a_category_and_stops_its_allowance_from_next_month(
    personas: Personas, make_profile: MakeProfile
) -> None:
    profile = make_profile(personas.aishan_officer, categories=("orphan", "migrant"))
    enrollment = enrollment_create(
        actor=None,
        program=Program.objects.get(code="orphan_living"),
        person=profile.person,
        approved_on=years_ago(1),
        monthly_amount=2100,
    )
    reviewed = services.profile_review(
        actor=personas.aishan_officer,
        profile=profile,
        hukou="urban",
        categories=["migrant"],
        parents=ALIVE,
        guardian_name="张三",
        guardian_relation="父亲",
    )
    assert reviewed.categories == ["migrant"] and reviewed.reviewed_on == timezone.localdate()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.TERMINATED
    assert enrollment.stop_month == month_add(timezone.localdate().replace(day=1), 1)
    assert AuditEntry.objects.filter(action="children.profile.reviewed").count() == 1


def test_ending_a_profile_stops_the_allowance_from_next_month(
    personas: Personas, make_profile: MakeProfile
) -> None:
    profile = make_profile(personas.aishan_officer)
    enrollment = enrollment_create(
        actor=None,
        program=Program.objects.get(code="orphan_living"),
        person=profile.person,
        approved_on=years_ago(1),
        monthly_amount=2100,
    )
    ended = services.profile_end(actor=personas.aishan_officer, profile=profile, reason="not_eligible")
    assert ended.status == "ended" and ended.end_reason == "not_eligible"
    enrollment.refresh_from_db()
    assert enrollment.stop_month == month_add(timezone.localdate().replace(day=1), 1)
    with pytest.raises(ValidationError):
        services.profile_end(actor=personas.aishan_officer, profile=profile, reason="died")


def test_ending_with_an_unknown_reason_is_refused(personas: Personas, make_profile: MakeProfile) -> None:
    profile = make_profile(personas.aishan_officer)
    with pytest.raises(ValidationError) as caught:
        services.profile_end(actor=personas.aishan_officer, profile=profile, reason="moved")
    assert "end_reason" in caught.value.message_dict
    profile.refresh_from_db()
    assert profile.status == "active"


def test_a_profile_without_category_or_with_two_conflicting_is_refused_by_the_database(
    personas: Personas, make_profile: MakeProfile
) -> None:
    from django.db import IntegrityError, transaction

    profile = make_profile(personas.aishan_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProfile.objects.filter(pk=profile.pk).update(is_orphan=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProfile.objects.filter(pk=profile.pk).update(is_de_facto=True)


def test_parents_dead_stay_dead(personas: Personas, make_profile: MakeProfile) -> None:
    assert make_profile(personas.aishan_officer, parents=DEAD).is_orphan


def test_review_keeps_a_parent_found_in_the_registry(personas: Personas, make_profile: MakeProfile) -> None:
    mother = person_born(dt.date(1988, 1, 1))[0]
    parents = [
        ParentInput(role="father", status="dead"),
        ParentInput(role="mother", status="missing", person=mother),
    ]
    profile = make_profile(personas.aishan_officer, parents=parents)
    services.profile_review(
        actor=personas.aishan_officer,
        profile=profile,
        hukou="urban",
        categories=["orphan"],
        parents=[ParentInput(role="father", status="dead"), ParentInput(role="mother", status="missing")],
        guardian_name="王秀英",
        guardian_relation="祖母",
    )
    assert profile.parents.get(role="mother").person == mother


def test_a_death_recorded_in_the_registry_ends_the_profile(
    personas: Personas, make_profile: MakeProfile
) -> None:
    from minzheng.people.services import person_record_death

    profile = make_profile(personas.aishan_officer, opened_on=years_ago(1))
    enrollment = enrollment_create(
        actor=None,
        program=Program.objects.get(code="orphan_living"),
        person=profile.person,
        approved_on=years_ago(1),
        monthly_amount=2100,
    )
    day = timezone.localdate() - dt.timedelta(days=3)
    person_record_death(actor=personas.village_worker, person=profile.person, death_date=day)
    profile.refresh_from_db()
    enrollment.refresh_from_db()
    assert (profile.status, profile.end_reason, profile.ended_on) == ("ended", "died", day)
    assert enrollment.status == Enrollment.Status.TERMINATED
    assert AuditEntry.objects.filter(action="children.profile.ended", object_id=str(profile.pk)).count() == 1
