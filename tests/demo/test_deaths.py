"""The demo's deaths: every deceased resident registered once, on their death day and in their
region, with a full checklist; a second build writes nothing; and no affair of a dead person is
left open by the other demo parts."""

from __future__ import annotations

import pytest
from django.db.models import Count, F

from minzheng.demo.build import BuildReport
from minzheng.demo.deaths import demo_deaths_build
from minzheng.funeral.after_death.models import ChecklistItem, NotificationItem
from minzheng.funeral.deaths.models import DeathRegistration
from minzheng.people.models import Person
from tests.demo.conftest import SEED, SMALL

pytestmark = pytest.mark.django_db


def test_every_deceased_resident_is_registered_once_with_a_checklist(built: BuildReport) -> None:
    counts = demo_deaths_build(seed=SEED, scale=SMALL)
    dead = Person.objects.filter(status=Person.Status.DECEASED)
    assert counts["registrations"] == dead.count() > 0
    registrations = DeathRegistration.objects.all()
    assert registrations.filter(death_date=F("person__death_date"), region_code=F("person__region_code"),
                                status="registered").count() == dead.count()
    assert not registrations.filter(registered_at__date__lt=F("death_date")).exists()
    items = NotificationItem.objects.filter(active=True).count()
    per_case = set(ChecklistItem.objects.values("registration").annotate(n=Count("id")).values_list("n", flat=True))
    assert per_case == {items}
    assert not ChecklistItem.objects.filter(region_code__regex=r"^\d{12}$").exclude(
        region_code=F("registration__region_code")).exists()
    assert demo_deaths_build(seed=SEED, scale=SMALL) == {}
    assert DeathRegistration.objects.count() == counts["registrations"]
