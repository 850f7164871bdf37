"""A resident's death checks them out of their bed (the death day is the last bed-day); a revocation
opens the stay again unless the bed was given to someone else, which is left for an officer."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.eldercare.beds.models import Occupancy
from minzheng.people.models import DeathEffect
from minzheng.people.services import person_death_revoke, person_record_death
from tests.eldercare.beds.conftest import Homes
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, Personas

pytestmark = pytest.mark.django_db
DIED = dt.date(2025, 3, 10)


def _stay(homes: Homes, bed: int = 0) -> Occupancy:
    return Occupancy.objects.create(bed=homes.beds[bed], facility=homes.mine, region_code=MY_VILLAGE,
                                    person=PersonFactory(region_code=MY_VILLAGE), checked_in_on=dt.date(2024, 1, 5))


def test_a_death_checks_the_resident_out_the_day_after(personas: Personas, homes: Homes) -> None:
    stay = _stay(homes)
    person_record_death(actor=personas.wuxing_funeral_registrar, person=stay.person, death_date=DIED)
    stay.refresh_from_db()
    assert stay.checked_out_on == dt.date(2025, 3, 11) and stay.check_out_reason == "died"
    effect = DeathEffect.objects.get(app="eldercare", kind="bed_checked_out")
    assert effect.object_id == str(stay.pk) and "仪凤桥颐养院" in effect.label


def test_a_revocation_reopens_the_stay(personas: Personas, homes: Homes) -> None:
    stay = _stay(homes)
    person_record_death(actor=None, person=stay.person, death_date=DIED)
    person_death_revoke(actor=personas.wuxing_officer, person=stay.person, reason="误报")
    stay.refresh_from_db()
    assert stay.checked_out_on is None and stay.check_out_reason == ""
    assert DeathEffect.objects.get(kind="bed_checked_out").reopened_at is not None


def test_a_bed_let_again_is_left_for_an_officer(personas: Personas, homes: Homes) -> None:
    stay = _stay(homes)
    person_record_death(actor=None, person=stay.person, death_date=DIED)
    Occupancy.objects.create(bed=homes.beds[0], facility=homes.mine, region_code=MY_VILLAGE,
                             person=PersonFactory(region_code=MY_VILLAGE), checked_in_on=dt.date(2025, 3, 20))
    person_death_revoke(actor=personas.wuxing_officer, person=stay.person, reason="误报")
    stay.refresh_from_db()
    effect = DeathEffect.objects.get(kind="bed_checked_out")
    assert stay.checked_out_on == dt.date(2025, 3, 11)
    assert effect.reopened_at is None and effect.reopen == "manual" and "他人入住" in effect.reopen_note
