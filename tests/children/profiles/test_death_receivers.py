"""A child's death ends the profile; a child director's death ends the post; a revocation puts back
both (the post only when nobody else holds it)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.children.directors.models import ChildDirector
from minzheng.children.profiles.models import ChildProfile
from minzheng.people.models import DeathEffect
from minzheng.people.services import person_death_revoke, person_record_death
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_a_childs_death_ends_the_profile_and_a_revocation_reopens_it(personas: Personas, make_profile) -> None:  # type: ignore[no-untyped-def]
    profile = make_profile(personas.aishan_officer)
    died = max(profile.opened_on, dt.date.today() - dt.timedelta(days=1))
    person_record_death(actor=personas.wuxing_funeral_registrar, person=profile.person, death_date=died)
    profile.refresh_from_db()
    assert profile.status == ChildProfile.Status.ENDED and profile.end_reason == "died"
    assert DeathEffect.objects.filter(kind="profile_ended", object_id=str(profile.pk)).count() == 1
    person_death_revoke(actor=personas.wuxing_officer, person=profile.person, reason="误报")
    profile.refresh_from_db()
    assert profile.status == ChildProfile.Status.ACTIVE and profile.ended_on is None


def test_a_directors_death_ends_the_post_and_a_successor_keeps_it_after_a_revocation(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    post = ChildDirector.objects.create(person=person, role="director", region_code=MY_VILLAGE,
                                        started_on=dt.date(2022, 1, 1))
    person_record_death(actor=personas.wuxing_funeral_registrar, person=person, death_date=dt.date(2025, 3, 10))
    post.refresh_from_db()
    assert post.ended_on == dt.date(2025, 3, 10)
    ChildDirector.objects.create(person=PersonFactory(region_code=MY_VILLAGE), role="director",
                                 region_code=MY_VILLAGE, started_on=dt.date(2025, 4, 1))
    person_death_revoke(actor=personas.wuxing_officer, person=person, reason="误报")
    post.refresh_from_db()
    effect = DeathEffect.objects.get(kind="director_ended")
    assert post.ended_on == dt.date(2025, 3, 10)
    assert effect.reopen == "manual" and "他人任职" in effect.reopen_note


def test_a_directors_post_comes_back_when_nobody_took_it(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    post = ChildDirector.objects.create(person=person, role="director", region_code=MY_VILLAGE,
                                        started_on=dt.date(2022, 1, 1))
    person_record_death(actor=None, person=person, death_date=dt.date(2025, 3, 10))
    person_death_revoke(actor=personas.wuxing_officer, person=person, reason="误报")
    post.refresh_from_db()
    assert post.ended_on is None
