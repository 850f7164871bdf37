"""The township officer's work queue: one query answers the five lists exactly as five queries
(one per list, earliest deadline first, at most QUEUE_SIZE each) would."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minzheng.benefits.applications import selectors
from minzheng.benefits.applications.models import Application
from tests.factories import PersonFactory

S = Application.Status
TODAY = dt.date(2026, 3, 10)


def one_query_per_list(user, today: dt.date) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """The queue as it was written before it became one query: the reference."""
    qs = selectors._base(user)
    size = selectors.QUEUE_SIZE
    lists = {
        "new": qs.filter(status=S.SUBMITTED).order_by("due_on", "id"),
        "checks_due": qs.filter(status=S.ECONOMIC_CHECK).order_by("due_on", "id"),
        "in_review": qs.filter(status=S.TOWNSHIP_REVIEW).order_by("due_on", "id"),
        "notices_ending": qs.filter(status=S.PUBLIC_NOTICE,
                                    notice_ends_on__lte=today + dt.timedelta(days=selectors.NOTICE_ENDING_DAYS))
                            .order_by("notice_ends_on", "id"),
        "overdue": qs.filter(selectors.overdue_q(today)).order_by("due_on", "id"),
    }
    return {name: [a.pk for a in rows[:size]] for name, rows in lists.items()}


@pytest.fixture
def applications(personas, dibao) -> list[Application]:  # type: ignore[no-untyped-def]
    """Applications in every status, with deadlines before, on and after TODAY (ties included),
    in the township and outside it."""
    statuses = [S.SUBMITTED, S.ECONOMIC_CHECK, S.TOWNSHIP_REVIEW, S.PUBLIC_NOTICE, S.REFUSED, S.APPROVED]
    offsets = [-3, -1, 0, 1, 2, 3, 5]
    rows = []
    for n, (status, offset) in enumerate(itertools.product(statuses, offsets)):
        region = "330502003001" if n % 5 else "330502001001"  # every fifth outside the officer's township
        person = PersonFactory(region_code=region)
        day = TODAY + dt.timedelta(days=offset)
        rows.append(Application(
            program=dibao, person=person, region_code=region, status=status,
            submitted_at=timezone.now(), due_on=day - dt.timedelta(days=n % 2), limit_on=day + dt.timedelta(days=20),
            notice_ends_on=day if status == S.PUBLIC_NOTICE else None,
            refusal_reason="收入超标" if status == S.REFUSED else "",
            refusal_notice_due_on=day if status == S.REFUSED else None,
            refusal_notified_at=timezone.now() if status == S.REFUSED and n % 3 == 0 else None,
        ))
    return Application.objects.bulk_create(rows)


@pytest.mark.parametrize(("size", "day"), [(2, 0), (2, 7), (3, 2), (50, -4)])
def test_the_queue_lists_what_one_query_per_list_would(personas, applications, monkeypatch, size, day) -> None:
    monkeypatch.setattr(selectors, "QUEUE_SIZE", size)
    today = TODAY + dt.timedelta(days=day)
    for user in (personas.aishan_officer, personas.wuxing_officer, personas.village_worker):
        queue = selectors.township_queue(user=user, today=today)
        found = {name: [a.pk for a in rows] for name, rows in vars(queue).items()}
        assert found == one_query_per_list(user, today)
    assert any(len(rows) == size for rows in found.values()) or size == 50


def test_the_queue_page_costs_one_query_for_its_five_lists(personas, applications,
                                                            django_assert_max_num_queries) -> None:
    client = Client()
    client.force_login(personas.aishan_officer)
    client.get(reverse("benefit_applications:queue"))
    # the session and the user, the five lists, the page of every application, the region's name
    with django_assert_max_num_queries(5):
        page = client.get(reverse("benefit_applications:queue"))
    assert page.status_code == 200
    assert page.context["queue"].overdue
