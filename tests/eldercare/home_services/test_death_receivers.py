"""An elder's death cancels their visits not yet started; a revocation books again those still
ahead and leaves the past ones for an officer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.eldercare.home_services.models import OrderStatus
from minzheng.people.models import DeathEffect
from minzheng.people.services import person_death_revoke, person_record_death
from tests.eldercare.home_services.factories import at, elder_at_home, order, provider
from tests.personas import Personas

pytestmark = pytest.mark.django_db
DIED = dt.date(2024, 5, 9)


def test_scheduled_orders_are_cancelled_and_done_ones_stay(personas: Personas) -> None:
    elder, site = elder_at_home(), provider()
    ahead = order(person=elder, provider=site, scheduled_at=timezone.now() + dt.timedelta(days=3))
    past = order(person=elder, provider=site, scheduled_at=at(12, 9))
    done = order(person=elder, provider=site, scheduled_at=at(8, 9), checked_in_at=at(8, 9), checked_out_at=at(8, 10))
    person_record_death(actor=personas.wuxing_funeral_registrar, person=elder, death_date=DIED)
    for o in (ahead, past, done):
        o.refresh_from_db()
    assert ahead.status == past.status == OrderStatus.CANCELLED and done.status == OrderStatus.DONE
    assert DeathEffect.objects.filter(kind="order_cancelled").count() == 2
    person_death_revoke(actor=personas.wuxing_officer, person=elder, reason="误报")
    ahead.refresh_from_db()
    past.refresh_from_db()
    assert ahead.status == OrderStatus.SCHEDULED and past.status == OrderStatus.CANCELLED
    left = DeathEffect.objects.get(kind="order_cancelled", object_id=str(past.pk))
    assert left.reopen == "manual" and "预约时间已过" in left.reopen_note
