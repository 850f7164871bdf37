"""An elder's death ends their home-bed contract (the death day is its last service day) and removes
the devices; a revocation runs it again with its devices."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.eldercare.home_beds.models import HomeBed, HomeBedDevice
from minzheng.people.models import DeathEffect
from minzheng.people.services import person_death_revoke, person_record_death
from tests.eldercare.home_beds.conftest import Providers, disabled, sign
from tests.personas import Personas

pytestmark = pytest.mark.django_db
DIED = dt.date(2025, 3, 10)


def test_a_death_ends_the_contract_and_a_revocation_runs_it_again(personas: Personas, providers: Providers) -> None:
    person = disabled(personas.aishan_officer)
    bed = sign(personas.aishan_officer, person, providers.home)
    device = HomeBedDevice.objects.create(home_bed=bed, kind="fall_alarm", serial="FA-1", installed_on=bed.started_on)
    person_record_death(actor=personas.wuxing_funeral_registrar, person=person, death_date=DIED)
    bed.refresh_from_db()
    device.refresh_from_db()
    assert bed.status == "ended" and bed.end_reason == "died" and bed.ended_on == dt.date(2025, 3, 11)
    assert device.removed_on == dt.date(2025, 3, 11)
    assert DeathEffect.objects.filter(kind="home_bed_ended", object_id=str(bed.pk)).count() == 1
    person_death_revoke(actor=personas.wuxing_officer, person=person, reason="误报")
    bed.refresh_from_db()
    device.refresh_from_db()
    assert bed.status == "active" and bed.ended_on is None and bed.end_reason == ""
    assert device.removed_on is None


def test_a_new_contract_signed_since_is_left_for_an_officer(personas: Personas, providers: Providers) -> None:
    person = disabled(personas.aishan_officer)
    bed = sign(personas.aishan_officer, person, providers.home)
    person_record_death(actor=None, person=person, death_date=DIED)
    HomeBed.objects.create(person=person, provider=providers.home, region_code=bed.region_code,
                           started_on=dt.date(2025, 4, 1), eligibility=bed.eligibility, signed_at=bed.signed_at)
    person_death_revoke(actor=personas.wuxing_officer, person=person, reason="误报")
    effect = DeathEffect.objects.get(kind="home_bed_ended")
    assert effect.reopen == "manual" and effect.reopened_at is None
