"""Orders through the services: booking, check-in and check-out with their refusals named on the
field, the love card debited once however often check-out is sent, findings at check-out,
ratings, thresholds and the on-demand run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.eldercare.home_services import services
from minzheng.eldercare.home_services.models import (
    OrderStatus,
    ServiceOrder,
    SupervisionFinding,
    SupervisionThreshold,
)
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from tests.eldercare.beds.conftest import fresh
from tests.eldercare.home_services.factories import HOME_LAT, HOME_LNG

pytestmark = pytest.mark.django_db


def book(
    world,
    *,
    price: str = "45.00",
    payer: str = "love_card",
    when: dt.datetime | None = None,  # type: ignore[no-untyped-def]
    kind: str = "cleaning",
    person=None,
) -> ServiceOrder:
    return services.order_create(
        actor=fresh(world.op_a),
        person=person or world.elder,
        provider=world.mine,
        caregiver=world.carer,
        kind=kind,
        scheduled_at=when or timezone.now() - dt.timedelta(hours=2),
        price=price,
        payer=payer,
    )


def visit(world, order: ServiceOrder, *, minutes: int = 45, start: dt.datetime | None = None) -> ServiceOrder:  # type: ignore[no-untyped-def]
    start = start or order.scheduled_at
    op = fresh(world.op_a)
    services.order_check_in(actor=op, order=order, at=start.isoformat(), lng=str(HOME_LNG), lat=str(HOME_LAT))
    return services.order_check_out(
        actor=op,
        order=order,
        at=(start + dt.timedelta(minutes=minutes)).isoformat(),
        lng=str(HOME_LNG),
        lat=str(HOME_LAT),
    )


def test_a_visit_is_booked_checked_in_and_out_and_the_card_pays_it(world) -> None:  # type: ignore[no-untyped-def]
    order = book(world)
    assert (order.status, order.region_code, order.period) == (
        "scheduled",
        world.mine.region_code,
        timezone.localdate(order.scheduled_at).replace(day=1),
    )
    done = visit(world, order, minutes=45)
    assert (done.status, done.minutes) == (OrderStatus.DONE, 45)
    entry = done.love_card_entry
    assert (entry.kind, entry.amount, entry.idempotency_key) == (
        LoveCardEntry.Kind.HOME_SERVICE,
        Decimal("45.00"),
        f"order:{order.pk}",
    )
    assert LoveCard.objects.get(pk=world.card.pk).balance == Decimal("155.00")
    actions = list(
        AuditEntry.objects.filter(object_id=str(order.pk), action__startswith="eldercare.service_order")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == [
        "eldercare.service_order.created",
        "eldercare.service_order.checked_in",
        "eldercare.service_order.checked_out",
    ]


def test_check_out_sent_twice_debits_once_and_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    order = visit(world, book(world), minutes=40)
    again = services.order_check_out(
        actor=fresh(world.op_a), order=order, at=timezone.now().isoformat(), lng="121.0", lat="31.0"
    )
    assert (again.minutes, again.check_out_lng) == (40, HOME_LNG)
    assert LoveCardEntry.objects.filter(idempotency_key=f"order:{order.pk}").count() == 1
    assert LoveCard.objects.get(pk=world.card.pk).balance == Decimal("155.00")
    assert AuditEntry.objects.filter(action="eldercare.service_order.checked_out").count() == 1


def test_a_short_card_refuses_the_check_out_and_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    order = book(world, price="250.00")
    op = fresh(world.op_a)
    services.order_check_in(actor=op, order=order, at=order.scheduled_at, lng=HOME_LNG, lat=HOME_LAT)
    with pytest.raises(ValidationError) as refused:
        services.order_check_out(
            actor=op,
            order=order,
            at=order.scheduled_at + dt.timedelta(minutes=40),
            lng=HOME_LNG,
            lat=HOME_LAT,
        )
    assert refused.value.message_dict == {"payer": ["支付方：爱心卡余额200.00元，不足支付250.00元。"]}
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.IN_SERVICE
    assert not LoveCardEntry.objects.filter(idempotency_key=f"order:{order.pk}").exists()


@pytest.mark.parametrize(
    ("at", "lng", "lat", "errors"),
    [
        ("2030-01-01T09:00:00+08:00", "120.1", "30.9", {"at": ["签退时间：不能晚于现在。"]}),
        (
            "yesterday",
            "120.1",
            "30.9",
            {"at": ["签退时间：时间格式应为 ISO 8601，并带时区，如 2024-05-01T09:30:00+08:00。"]},
        ),
        ("2024-05-01T09:00:00", "120.1", "30.9", {"at": ["签退时间：时间须带时区，如 +08:00。"]}),
        (
            None,
            "2.35",
            "48.85",
            {"at": ["签退时间：请填写时间。"], "lng": ["经度：应为73到136之间的数字（WGS-84，中国境内）。"]},
        ),
        ("NOW", "120.1", "-30.9", {"lat": ["纬度：应为3到54之间的数字（WGS-84，中国境内）。"]}),
        (
            "NOW",
            "",
            "abc",
            {
                "lng": ["经度：请填写经度（WGS-84）。"],
                "lat": ["纬度：应为3到54之间的数字（WGS-84，中国境内）。"],
            },
        ),
    ],
)
def test_bad_check_out_input_is_refused_on_its_field(world, at, lng, lat, errors) -> None:  # type: ignore[no-untyped-def]
    order = book(world)
    op = fresh(world.op_a)
    services.order_check_in(actor=op, order=order, at=order.scheduled_at, lng=HOME_LNG, lat=HOME_LAT)
    if at == "NOW":
        at = timezone.now().isoformat()
    with pytest.raises(ValidationError) as refused:
        services.order_check_out(actor=op, order=order, at=at, lng=lng, lat=lat)
    assert refused.value.message_dict == errors
    assert ServiceOrder.objects.get(pk=order.pk).checked_out_at is None


def test_check_out_before_check_in_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    order = book(world)
    op = fresh(world.op_a)
    services.order_check_in(actor=op, order=order, at=order.scheduled_at, lng=HOME_LNG, lat=HOME_LAT)
    with pytest.raises(ValidationError) as refused:
        services.order_check_out(
            actor=op, order=order, at=order.scheduled_at - dt.timedelta(minutes=1), lng=HOME_LNG, lat=HOME_LAT
        )
    assert list(refused.value.message_dict) == ["at"]
    assert refused.value.message_dict["at"][0].startswith("签退时间：不能早于签到时间")


def test_check_out_without_check_in_and_check_in_twice(world) -> None:  # type: ignore[no-untyped-def]
    order = book(world, payer="self")
    op = fresh(world.op_a)
    with pytest.raises(ValidationError) as refused:
        services.order_check_out(actor=op, order=order, at=timezone.now(), lng=HOME_LNG, lat=HOME_LAT)
    assert refused.value.message_dict == {"status": ["状态：工单待服务，签到后才能签退。"]}
    first = services.order_check_in(actor=op, order=order, at=order.scheduled_at, lng=HOME_LNG, lat=HOME_LAT)
    second = services.order_check_in(actor=op, order=order, at=timezone.now(), lng="121", lat="31")
    assert second.checked_in_at == first.checked_in_at


def test_check_out_judges_the_order_at_once(world) -> None:  # type: ignore[no-untyped-def]
    order = visit(world, book(world, payer="self"), minutes=12)
    finding = SupervisionFinding.objects.get(order=order)
    assert (finding.rule, finding.facts["minutes"], finding.facts["minimum"]) == ("short_visit", 12, 30)


def test_booking_refusals_are_named_on_their_fields(world, personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.order_create(
            actor=fresh(world.op_a),
            person=None,
            provider=world.mine,
            caregiver=world.anji_carer,
            kind="massage",
            scheduled_at="tomorrow",
            price="-1",
            payer="bitcoin",
        )
    assert sorted(refused.value.message_dict) == [
        "caregiver",
        "kind",
        "payer",
        "person",
        "price",
        "scheduled_at",
    ]
    assert ServiceOrder.objects.count() == 0
    with pytest.raises(Http404):  # another operator's site
        services.order_create(
            actor=fresh(world.op_b),
            person=world.elder,
            provider=world.mine,
            caregiver=None,
            kind="meal",
            scheduled_at=timezone.now(),
            price="10",
            payer="self",
        )
    with pytest.raises(PermissionDenied):  # an officer sees the site but does not book
        services.order_create(
            actor=fresh(personas.aishan_officer),
            person=world.elder,
            provider=world.mine,
            caregiver=None,
            kind="meal",
            scheduled_at=timezone.now(),
            price="10",
            payer="self",
        )


def test_cancel_and_rate(world) -> None:  # type: ignore[no-untyped-def]
    op = fresh(world.op_a)
    order = book(world, payer="self")
    with pytest.raises(ValidationError) as refused:
        services.order_rate(actor=op, order=order, rating=5)
    assert list(refused.value.message_dict) == ["rating"]
    cancelled = services.order_cancel(actor=op, order=order)
    assert cancelled.status == OrderStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.order_check_in(actor=op, order=order, at=timezone.now(), lng=HOME_LNG, lat=HOME_LAT)
    done = visit(world, book(world, payer="self"))
    for bad in (0, 6, "4.5", "five", True):
        with pytest.raises(ValidationError) as refused:
            services.order_rate(actor=op, order=done, rating=bad)
        assert refused.value.message_dict == {"rating": ["评价：应为1到5之间的整数。"]}
    assert services.order_rate(actor=op, order=done, rating="4").rating == 4


def test_thresholds_are_the_citys_and_named_on_their_fields(world, personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.threshold_add(
            actor=fresh(personas.wuxing_officer),
            key="far_check_in",
            region_prefix="330502",
            effective_from="2024-05",
            value=300,
        )
    admin = fresh(personas.city_admin)
    with pytest.raises(ValidationError) as refused:
        services.threshold_add(
            actor=admin, key="short_visit", kind="", region_prefix="12", effective_from="May", value="0"
        )
    assert sorted(refused.value.message_dict) == ["effective_from", "kind", "region_prefix", "value"]
    row = services.threshold_add(
        actor=admin,
        key="far_check_in",
        region_prefix="330502",
        effective_from="2024-05",
        value="300",
        note="试点收紧",
    )
    assert (row.value, row.effective_from) == (300, dt.date(2024, 5, 1))
    with pytest.raises(ValidationError) as refused:
        services.threshold_add(
            actor=admin, key="far_check_in", region_prefix="330502", effective_from="2024-05", value="200"
        )
    assert list(refused.value.message_dict) == ["effective_from"]
    assert SupervisionThreshold.objects.count() == 1


def test_an_officer_runs_supervision_only_within_their_scope(world, personas) -> None:  # type: ignore[no-untyped-def]
    officer = fresh(personas.wuxing_officer)
    run = services.supervision_run_request(actor=officer, period="2024-05")
    assert (run.region_prefix, run.created_by_id) == ("330502", officer.pk)
    with pytest.raises(ValidationError) as refused:
        services.supervision_run_request(actor=officer, period="2024-05", region_prefix="330523")
    assert list(refused.value.message_dict) == ["region_prefix"]
    with pytest.raises(PermissionDenied):
        services.supervision_run_request(actor=fresh(world.op_a), period="2024-05")
