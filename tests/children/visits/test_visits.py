"""Visits and services: recording a visit moves the profile's next visit; the queue lists the
overdue first; a village worker sees and records only their own village's children; the basic
service list is 20 items, delivered to migrant children only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.money import date_add_months
from minzheng.children.directors.services import director_appoint
from minzheng.children.profiles.models import ChildProfile
from minzheng.children.visits import selectors, services
from minzheng.children.visits.models import ServiceItem
from minzheng.core.models import AuditEntry
from tests.assistance.factories import person_born
from tests.children.conftest import MakeProfile, child
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_a_visit_moves_the_next_visit_and_records_the_director(
    personas: Personas, make_profile: MakeProfile
) -> None:
    director = director_appoint(
        actor=personas.aishan_officer,
        person=person_born(dt.date(1980, 1, 1))[0],
        role="director",
        region_code=MY_VILLAGE,
        started_on=dt.date(2020, 1, 1),
    )
    profile = make_profile(personas.aishan_officer, opened_on=timezone.localdate() - dt.timedelta(days=90))
    assert profile in selectors.visit_queue(user=personas.village_worker, day=timezone.localdate())
    day = timezone.localdate()
    visit = services.visit_record(
        actor=personas.village_worker, profile=profile, visited_on=day, way="home", notes="入户看望，生活正常"
    )
    profile.refresh_from_db()
    assert visit.director == director
    assert profile.last_visited_on == day and profile.next_visit_on == date_add_months(day, 1)
    assert profile not in selectors.visit_queue(user=personas.village_worker, day=day)
    assert AuditEntry.objects.filter(action="children.visit.recorded").count() == 1


def test_bad_visits_are_refused_on_their_fields(personas: Personas, make_profile: MakeProfile) -> None:
    profile = make_profile(personas.aishan_officer)
    with pytest.raises(ValidationError) as caught:
        services.visit_record(
            actor=personas.village_worker,
            profile=profile,
            visited_on=timezone.localdate() + dt.timedelta(days=1),
            way="fax",
            notes="",
        )
    assert set(caught.value.message_dict) == {"visited_on", "way", "notes"}
    services.visit_record(
        actor=personas.village_worker,
        profile=profile,
        visited_on=timezone.localdate(),
        way="phone",
        notes="电话了解",
    )
    with pytest.raises(ValidationError) as caught:
        services.visit_record(
            actor=personas.village_worker,
            profile=profile,
            visited_on=timezone.localdate(),
            way="home",
            notes="再次",
        )
    assert "已登记过" in caught.value.message_dict["visited_on"][0]


def test_a_village_worker_sees_and_records_only_their_own_village(
    personas: Personas, make_profile: MakeProfile
) -> None:
    neighbour = make_profile(
        personas.aishan_officer,
        child(region_code=NEIGHBOUR_VILLAGE),
        opened_on=timezone.localdate() - dt.timedelta(days=60),
    )
    assert neighbour not in selectors.visit_queue(user=personas.village_worker, day=timezone.localdate())
    assert neighbour in selectors.visit_queue(user=personas.aishan_officer, day=timezone.localdate())
    with pytest.raises(Http404):
        services.visit_record(
            actor=personas.village_worker,
            profile=neighbour,
            visited_on=timezone.localdate(),
            way="home",
            notes="走访",
        )


def test_the_overdue_are_first_in_the_queue(personas: Personas, make_profile: MakeProfile) -> None:
    today = timezone.localdate()
    late = make_profile(personas.aishan_officer, opened_on=today - dt.timedelta(days=200))
    soon = make_profile(
        personas.aishan_officer, categories=("migrant",), opened_on=today - dt.timedelta(days=10)
    )
    queue = list(selectors.visit_queue(user=personas.village_worker, day=today, within=200))
    assert queue.index(late) < queue.index(soon)
    assert selectors.overdue_count(user=personas.village_worker, day=today) == 1


def test_the_service_list_has_20_items_delivered_to_migrant_children_only(
    personas: Personas, make_profile: MakeProfile
) -> None:
    assert ServiceItem.objects.filter(active=True).count() == 20
    migrant = make_profile(personas.aishan_officer, categories=("migrant",))
    orphan = make_profile(personas.aishan_officer)
    item = ServiceItem.objects.get(number=1)
    delivered = services.service_deliver(
        actor=personas.village_worker,
        profile=migrant,
        item=item,
        delivered_on=timezone.localdate(),
        provider="社区儿童之家",
    )
    assert delivered.region_code == MY_VILLAGE
    with pytest.raises(ValidationError) as caught:
        services.service_deliver(
            actor=personas.village_worker,
            profile=orphan,
            item=item,
            delivered_on=timezone.localdate(),
            provider="社区儿童之家",
        )
    assert "流动儿童" in caught.value.message_dict["item"][0]
    counts = {
        row["item"].number: row
        for row in selectors.service_counts(user=personas.village_worker, year=timezone.localdate().year)
    }
    assert len(counts) == 20 and counts[1]["deliveries"] == 1 and counts[2]["deliveries"] == 0


def test_an_ended_profile_takes_no_visit(personas: Personas, make_profile: MakeProfile) -> None:
    profile = make_profile(personas.aishan_officer)
    ChildProfile.objects.filter(pk=profile.pk).update(
        status="ended", ended_on=timezone.localdate(), end_reason="not_eligible"
    )
    with pytest.raises(ValidationError):
        services.visit_record(
            actor=personas.village_worker,
            profile=profile,
            visited_on=timezone.localdate(),
            way="home",
            notes="走访",
        )
