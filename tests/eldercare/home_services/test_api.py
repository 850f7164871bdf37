"""The home-service API: a provider operator lists the day's orders and checks a visit in and out
from the phone; bad input answers 400 naming the field; findings and scores read back; scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.eldercare.home_services.models import SupervisionRun
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from tests.eldercare.home_services.factories import HOME_LAT, HOME_LNG, order

pytestmark = pytest.mark.django_db
ORDERS = "/api/eldercare/orders/"


def booked(world, *, payer: str = "love_card", price: str = "60.00"):  # type: ignore[no-untyped-def]
    return order(
        person=world.elder,
        provider=world.mine,
        caregiver=world.carer,
        scheduled_at=timezone.now() - dt.timedelta(hours=1),
        payer=payer,
        price=Decimal(price),
    )


def test_an_operator_checks_in_and_out_through_the_api_and_the_card_pays_once(world, api) -> None:  # type: ignore[no-untyped-def]
    o = booked(world)
    client = api(world.op_a)
    listed = client.get(ORDERS, {"status": "scheduled"})
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["results"]] == [o.pk]
    start = timezone.localtime() - dt.timedelta(minutes=50)
    body = {"at": start.isoformat(), "lng": float(HOME_LNG), "lat": float(HOME_LAT)}
    checked_in = client.post(f"{ORDERS}{o.pk}/check-in/", body, format="json")
    assert checked_in.status_code == 200 and checked_in.json()["status"] == "in_service"
    out = {"at": (start + dt.timedelta(minutes=45)).isoformat(), "lng": "120.0868", "lat": "30.894"}
    first = client.post(f"{ORDERS}{o.pk}/check-out/", out, format="json")
    second = client.post(f"{ORDERS}{o.pk}/check-out/", out, format="json")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() and first.json()["minutes"] == 45
    assert LoveCardEntry.objects.filter(idempotency_key=f"order:{o.pk}").count() == 1
    assert LoveCard.objects.get(pk=world.card.pk).balance == Decimal("140.00")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"at": "2099-01-01T00:00:00+08:00", "lng": 120.1, "lat": 30.9}, "at"),
        ({"at": "2024-05-01 09:00", "lng": 120.1, "lat": 30.9}, "at"),
        ({"lng": 120.1, "lat": 30.9}, "at"),
        ({"at": "NOW", "lng": 200, "lat": 30.9}, "lng"),
        ({"at": "NOW", "lng": 120.1, "lat": "北纬30度"}, "lat"),
    ],
)
def test_bad_check_in_answers_400_naming_the_field(world, api, body, field) -> None:  # type: ignore[no-untyped-def]
    o = booked(world)
    if body.get("at") == "NOW":
        body = {**body, "at": timezone.now().isoformat()}
    answer = api(world.op_a).post(f"{ORDERS}{o.pk}/check-in/", body, format="json")
    assert answer.status_code == 400 and list(answer.json()) == [field]
    assert answer.json()[field][0].split("：")[0] in {"签到时间", "经度", "纬度"}


def test_scoping_an_operator_sees_only_their_sites_and_an_officer_their_region(world, api, personas) -> None:  # type: ignore[no-untyped-def]
    mine = booked(world)
    theirs = order(person=world.elder, provider=world.anji, caregiver=world.anji_carer)
    ids = lambda user: {r["id"] for r in api(user).get(ORDERS).json()["results"]}  # noqa: E731
    assert ids(world.op_a) == {mine.pk} and ids(world.op_b) == {theirs.pk}
    assert ids(personas.aishan_officer) == {mine.pk} and ids(personas.anji_officer) == {theirs.pk}
    assert ids(personas.city_admin) == {mine.pk, theirs.pk}
    other = api(world.op_b).post(
        f"{ORDERS}{mine.pk}/check-in/",
        {"at": timezone.now().isoformat(), "lng": 120, "lat": 30},
        format="json",
    )
    assert other.status_code == 404
    officer = api(personas.aishan_officer).post(
        f"{ORDERS}{mine.pk}/check-in/",
        {"at": timezone.now().isoformat(), "lng": 120, "lat": 30},
        format="json",
    )
    assert officer.status_code == 403
    assert api(personas.nobody).get(ORDERS).status_code == 403
    assert (
        api(personas.anji_officer).get("/api/eldercare/supervision/findings/", {"order": mine.pk}).status_code
        == 404
    )


def test_findings_and_scores_read_back_and_an_officer_runs_supervision(world, api, personas) -> None:  # type: ignore[no-untyped-def]
    day = timezone.localtime() - dt.timedelta(hours=3)
    short = order(
        person=world.elder,
        provider=world.mine,
        caregiver=world.carer,
        scheduled_at=day,
        checked_in_at=day,
        checked_out_at=day + dt.timedelta(minutes=10),
        rating=4,
    )
    month = timezone.localdate().strftime("%Y-%m")
    run = api(personas.wuxing_officer).post(
        "/api/eldercare/supervision/runs/", {"period": month}, format="json"
    )
    assert run.status_code == 201 and run.json()["counts"]["short_visit"] == 1
    assert SupervisionRun.objects.get().region_prefix == "330502"
    found = api(world.op_a).get("/api/eldercare/supervision/findings/", {"order": short.pk}).json()["results"]
    assert [(f["rule"], f["facts"]["minutes"]) for f in found] == [("short_visit", 10)]
    assert "message" in found[0]
    by_provider = api(personas.aishan_officer).get(
        "/api/eldercare/supervision/findings/", {"provider": world.mine.pk, "month": month}
    )
    assert [f["order"] for f in by_provider.json()["results"]] == [short.pk]
    table = api(personas.city_admin).get("/api/eldercare/supervision/scores/", {"month": month}).json()
    assert [(r["rank"], r["provider_id"], r["orders"], r["anomaly_rate"]) for r in table] == [
        (1, world.mine.pk, 1, "1.0000")
    ]
    bad = api(personas.wuxing_officer).post(
        "/api/eldercare/supervision/runs/", {"period": "五月"}, format="json"
    )
    assert bad.status_code == 400 and list(bad.json()) == ["period"]
    assert (
        api(world.op_a).post("/api/eldercare/supervision/runs/", {"period": month}, format="json").status_code
        == 403
    )
    assert api(world.op_a).get("/api/eldercare/supervision/findings/").status_code == 400


def test_a_rating_is_recorded_and_a_bad_one_named(world, api) -> None:  # type: ignore[no-untyped-def]
    day = timezone.localtime() - dt.timedelta(hours=3)
    done = order(
        person=world.elder,
        provider=world.mine,
        caregiver=world.carer,
        scheduled_at=day,
        checked_in_at=day,
        checked_out_at=day + dt.timedelta(minutes=40),
    )
    client = api(world.op_a)
    bad = client.post(f"{ORDERS}{done.pk}/rating/", {"rating": 7}, format="json")
    assert bad.status_code == 400 and bad.json() == {"rating": ["评价：应为1到5之间的整数。"]}
    good = client.post(f"{ORDERS}{done.pk}/rating/", {"rating": 5}, format="json")
    assert good.status_code == 200 and good.json()["rating"] == 5
    assert api(world.op_b).post(f"{ORDERS}{done.pk}/rating/", {"rating": 5}, format="json").status_code == 404
