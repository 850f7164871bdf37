"""``ApiView.views_record`` and ``paginated(shows=)``: an answer that shows people writes one
access-log row per person shown (channel ``api``), however many of its rows name them, and none
when it shows nobody."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from minzheng.core.api.base import ApiView
from minzheng.core.models import AccessLog
from minzheng.people.models import Person
from tests.factories import PersonFactory
from tests.personas import Personas

pytestmark = pytest.mark.django_db


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()


def view_for(user: object, path: str = "/api/x/") -> ApiView:
    view = ApiView()
    request = Request(APIRequestFactory().get(path))
    request.user = user
    view.request, view.format_kwarg = request, None
    return view


def test_each_person_shown_is_logged_once(personas: Personas) -> None:
    one, two = PersonFactory(), PersonFactory()
    view_for(personas.aishan_officer).views_record([one, None, two, one])
    rows = AccessLog.objects.filter(actor=personas.aishan_officer)
    assert sorted((r.subject_id, r.kind, r.channel) for r in rows) == sorted(
        [(str(one.pk), "view", "api"), (str(two.pk), "view", "api")]
    )


def test_an_answer_showing_nobody_logs_nothing(personas: Personas) -> None:
    view_for(personas.aishan_officer).views_record([None])
    view_for(personas.aishan_officer).views_record([])
    assert not AccessLog.objects.exists()


def test_a_page_logs_the_people_of_that_page_only(personas: Personas) -> None:
    people = [PersonFactory() for _ in range(3)]
    view = view_for(personas.aishan_officer, "/api/x/?page_size=2")
    answer = view.paginated(
        Person.objects.filter(pk__in=[p.pk for p in people]).order_by("id"),
        NameSerializer,
        shows=lambda person: person,
    )
    shown = {row["name"] for row in answer.data["results"]}
    logged = set(AccessLog.objects.values_list("subject_id", flat=True))
    assert len(shown) == len(logged) == 2 and logged < {str(p.pk) for p in people}
