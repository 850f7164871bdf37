"""A caregiver who died leaves the post; a revocation puts them back."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.people.models import DeathEffect
from minzheng.people.services import person_death_revoke, person_record_death
from tests.eldercare.home_services.factories import caregiver, provider
from tests.personas import Personas

pytestmark = pytest.mark.django_db
DIED = dt.date(2025, 3, 10)


def test_a_caregiver_who_died_leaves_and_a_revocation_reinstates(personas: Personas) -> None:
    worker = caregiver(employer=provider())
    person_record_death(actor=personas.wuxing_funeral_registrar, person=worker.person, death_date=DIED)
    worker.refresh_from_db()
    assert worker.left_on == dt.date(2025, 3, 11)
    assert DeathEffect.objects.filter(kind="caregiver_left", object_id=str(worker.pk)).count() == 1
    person_death_revoke(actor=personas.wuxing_officer, person=worker.person, reason="误报")
    worker.refresh_from_db()
    assert worker.left_on is None
