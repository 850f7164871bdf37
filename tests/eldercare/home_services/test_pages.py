"""The home-service pages: who may open which, the filters, booking, cancelling and rating an
order, the thresholds (the city adds, others read) and the run on demand (county)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minzheng.eldercare.home_services.models import (
    OrderStatus,
    ServiceOrder,
    SupervisionRun,
    SupervisionThreshold,
)
from tests.eldercare.home_services.factories import at, order

pytestmark = pytest.mark.django_db
BASE = "/eldercare/home-services/"


def test_each_page_opens_for_its_readers_and_not_for_others(world, login, personas) -> None:  # type: ignore[no-untyped-def]
    o = order(
        person=world.elder,
        provider=world.mine,
        caregiver=world.carer,
        scheduled_at=at(10, 9),
        checked_in_at=at(10, 9),
        checked_out_at=at(10, 9, 5),
    )
    for user, pages in {
        world.op_a: [
            "",
            f"orders/{o.pk}/",
            "book/",
            "today/",
            f"providers/{world.mine.pk}/findings/",
            "scores/",
        ],
        personas.aishan_officer: [
            "",
            f"orders/{o.pk}/",
            "supervision/",
            "thresholds/",
            "scores/",
            f"providers/{world.mine.pk}/findings/?month=2024-05",
        ],
    }.items():
        client = login(user)
        for page in pages:
            assert client.get(BASE + page).status_code == 200, (user, page)
    client = login(world.op_b)
    assert client.get(f"{BASE}orders/{o.pk}/").status_code == 404
    assert client.get(f"{BASE}providers/{world.mine.pk}/findings/").status_code == 404
    assert client.get(f"{BASE}supervision/").status_code == 403
    assert login(personas.aishan_officer).get(f"{BASE}book/").status_code == 403
    assert login(personas.anji_officer).get(f"{BASE}orders/{o.pk}/").status_code == 404
    assert login(personas.village_worker).get(BASE).status_code == 403


def test_the_orders_list_filters_by_provider_status_and_month(world, login, personas) -> None:  # type: ignore[no-untyped-def]
    may = order(person=world.elder, provider=world.mine, scheduled_at=at(10, 9))
    june = order(
        person=world.elder, provider=world.mine, scheduled_at=at(10, 9, month=6), status=OrderStatus.CANCELLED
    )
    client = login(personas.city_admin)
    shown = lambda query: {o.pk for o in client.get(BASE, query).context["page"].object_list}  # noqa: E731
    assert shown({"month": "2024-05"}) == {may.pk}
    assert shown({"status": "cancelled"}) == {june.pk}
    assert shown({"provider": world.anji.pk}) == set()
    assert client.get(BASE, {"month": "五月"}).status_code == 400


def test_an_operator_books_cancels_and_rates(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.op_a)
    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT09:00")
    bad = client.post(
        f"{BASE}book/",
        {
            "provider": world.mine.pk,
            "id_number": "330502194003011234",
            "kind": "cleaning",
            "scheduled_at": when,
            "price": "abc",
            "payer": "self",
        },
    )
    assert bad.status_code == 400 and ServiceOrder.objects.count() == 0
    assert "id_number" in bad.context["form"].errors
    answer = client.post(
        f"{BASE}book/",
        {
            "provider": world.mine.pk,
            "id_number": world.elder.id_number,
            "caregiver": world.carer.pk,
            "kind": "cleaning",
            "scheduled_at": when,
            "price": "45.00",
            "payer": "love_card",
        },
    )
    booked = ServiceOrder.objects.get()
    assert answer.status_code == 302 and booked.caregiver == world.carer
    assert timezone.localtime(booked.scheduled_at).strftime("%Y-%m-%dT%H:%M") == when
    client.post(f"{BASE}orders/{booked.pk}/", {"action": "cancel"})
    assert ServiceOrder.objects.get().status == OrderStatus.CANCELLED
    done = order(
        person=world.elder,
        provider=world.mine,
        scheduled_at=at(10, 9),
        checked_in_at=at(10, 9),
        checked_out_at=at(10, 10),
    )
    assert client.post(f"{BASE}orders/{done.pk}/", {"action": "rate", "rating": "9"}).status_code == 400
    client.post(f"{BASE}orders/{done.pk}/", {"action": "rate", "rating": "4"})
    assert ServiceOrder.objects.get(pk=done.pk).rating == 4


def test_the_city_sets_thresholds_and_the_county_runs_supervision(world, login, personas) -> None:  # type: ignore[no-untyped-def]
    form = {
        "key": "far_check_in",
        "kind": "",
        "region_prefix": "3305",
        "effective_from": "2024-05",
        "value": "300",
    }
    assert login(personas.wuxing_officer).post(f"{BASE}thresholds/", form).status_code == 403
    assert login(personas.city_admin).post(f"{BASE}thresholds/", form).status_code == 302
    assert SupervisionThreshold.objects.get().value == 300
    page = login(personas.wuxing_officer).get(f"{BASE}thresholds/")
    assert {"label": "签到偏离距离（米）", "value": 300} in page.context["in_force"]
    order(
        person=world.elder,
        provider=world.mine,
        scheduled_at=at(10, 9),
        checked_in_at=at(10, 9),
        checked_out_at=at(10, 9, 5),
    )
    client = login(personas.wuxing_officer)
    assert client.post(f"{BASE}supervision/", {"period": "2024-05"}).status_code == 302
    assert SupervisionRun.objects.get().findings == 1
    table = client.get(f"{BASE}supervision/", {"month": "2024-05"}).context["table"]
    assert [(row["id"], row["total"]) for row in table] == [(world.mine.pk, 1)]
    assert (
        client.post(f"{BASE}supervision/", {"period": "2024-05", "region_prefix": "330523"}).status_code
        == 400
    )
