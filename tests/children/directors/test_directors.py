"""Child directors and supervisors: one in post per village (director) or township (supervisor),
by real name, refused twice (and by the database); coverage shows the villages without one; scoped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.children.directors import selectors, services
from minzheng.children.directors.models import ChildDirector
from minzheng.core.models import AuditEntry
from tests.assistance.factories import person_born
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db
TOWNSHIP = "330502003000"
STARTED = dt.date(2023, 3, 1)


def adult(region: str = MY_VILLAGE):  # type: ignore[no-untyped-def]
    return person_born(dt.date(1985, 5, 1), region_code=region)[0]


def appoint(
    actor,
    *,
    role: str = "director",
    region_code: str = MY_VILLAGE,
    person=None,  # type: ignore[no-untyped-def]
    started_on: dt.date = STARTED,
) -> ChildDirector:
    return services.director_appoint(
        actor=actor, person=person or adult(), role=role, region_code=region_code, started_on=started_on
    )


def test_a_director_per_village_and_a_second_is_refused(personas: Personas) -> None:
    post = appoint(personas.aishan_officer)
    assert post.region_code == MY_VILLAGE
    assert AuditEntry.objects.filter(action="children.director.appointed").count() == 1
    with pytest.raises(ValidationError) as caught:
        appoint(personas.aishan_officer)
    assert "已有在任儿童主任" in caught.value.message_dict["region_code"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildDirector.objects.create(
            person=adult(), role="director", region_code=MY_VILLAGE, started_on=STARTED
        )


def test_a_supervisor_needs_a_township_and_a_director_a_village(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        appoint(personas.aishan_officer, role="supervisor")
    assert "region_code" in caught.value.message_dict
    with pytest.raises(ValidationError):
        appoint(personas.aishan_officer, region_code=TOWNSHIP)
    post = appoint(personas.aishan_officer, role="supervisor", region_code=TOWNSHIP)
    assert post.get_role_display() == "儿童督导员"


def test_a_minor_or_a_future_start_is_refused(personas: Personas) -> None:
    young = person_born(dt.date(timezone.localdate().year - 16, 1, 1))[0]
    with pytest.raises(ValidationError) as caught:
        services.director_appoint(
            actor=personas.aishan_officer,
            person=young,
            role="director",
            region_code=MY_VILLAGE,
            started_on=STARTED,
        )
    assert "未满18周岁" in caught.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as caught:
        appoint(
            personas.aishan_officer,
            started_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "started_on" in caught.value.message_dict


def test_out_of_scope_is_404_and_a_village_worker_may_not_appoint(personas: Personas) -> None:
    with pytest.raises(Http404):
        appoint(personas.aishan_officer, region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(PermissionDenied):
        appoint(personas.village_worker)


def test_ending_frees_the_post(personas: Personas) -> None:
    post = appoint(personas.aishan_officer)
    with pytest.raises(ValidationError):
        services.director_end(actor=personas.aishan_officer, director=post, ended_on=dt.date(2023, 1, 1))
    services.director_end(actor=personas.aishan_officer, director=post, ended_on=dt.date(2024, 1, 1))
    again = appoint(personas.aishan_officer, started_on=dt.date(2024, 1, 1))
    assert again.pk != post.pk


def test_coverage_lists_the_villages_without_a_director(personas: Personas) -> None:
    appoint(personas.aishan_officer)
    rows = {t.code: t for t in selectors.coverage(user=personas.wuxing_officer, day=timezone.localdate())}
    aishan = rows[TOWNSHIP]
    assert (aishan.villages, aishan.covered) == (2, 1)
    assert [code for code, _ in aishan.uncovered] == [NEIGHBOUR_VILLAGE]
    assert aishan.supervisor == ""
    assert all(code.startswith("330502") for code in rows)
    assert selectors.coverage(user=personas.nobody, day=timezone.localdate()) == []
