"""What home-service orders (六助) do when the registry records a death or revokes one recorded by
mistake (``core.events``): a dead elder's visits not yet started are cancelled; a revocation
schedules again the ones whose time is still ahead, and lists the others for an officer (a visit
whose time has passed must be booked anew)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record, snapshot
from minzheng.eldercare.home_services import supervision
from minzheng.eldercare.home_services.models import OrderStatus, ServiceOrder
from minzheng.eldercare.home_services.services import ORDER_FIELDS
from minzheng.people.selectors import death_effects_to_reopen
from minzheng.people.services import death_effect_left_for_hand, death_effect_record, death_effect_reopened

APP, KIND = "eldercare", "order_cancelled"


def _label(order: ServiceOrder) -> str:
    return f"居家服务工单（{order.get_kind_display()}，{timezone.localtime(order.scheduled_at):%Y-%m-%d %H:%M}）取消"


@transaction.atomic
def orders_cancel_on_death(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                           **kwargs: Any) -> None:
    for order in ServiceOrder.objects.select_for_update().filter(person=person, status=OrderStatus.SCHEDULED):
        before = snapshot(order, ORDER_FIELDS)
        order.status = OrderStatus.CANCELLED
        order.save(update_fields=["status"])
        supervision.order_findings_compute(order=order)
        audit_record(actor=actor, action="eldercare.service_order.cancelled", obj=order, before=before,
                     after={**snapshot(order, ORDER_FIELDS), "reason": "老人去世"})
        death_effect_record(person=person, app=APP, kind=KIND, object_id=order.pk, label=_label(order),
                            before={"status": OrderStatus.SCHEDULED})


@transaction.atomic
def orders_reopen_on_revocation(sender: Any, *, person: Any, death_date: dt.date, actor: Any = None,
                                **kwargs: Any) -> None:
    now = timezone.now()
    for effect in death_effects_to_reopen(person=person, app=APP, kind=KIND):
        order = ServiceOrder.objects.select_for_update().filter(pk=effect.object_id).first()
        if order is None or order.status != OrderStatus.CANCELLED:
            death_effect_left_for_hand(effect=effect, note="工单状态已变更，请人工核实")
            continue
        if order.scheduled_at <= now:
            death_effect_left_for_hand(effect=effect, note="预约时间已过，请人工重新派单")
            continue
        before = snapshot(order, ORDER_FIELDS)
        order.status = OrderStatus.SCHEDULED
        order.save(update_fields=["status"])
        supervision.order_findings_compute(order=order)
        audit_record(actor=actor, action="eldercare.service_order.reopened", obj=order, before=before,
                     after={**snapshot(order, ORDER_FIELDS), "reason": "死亡登记撤销"})
        death_effect_reopened(effect=effect, note="工单已恢复待服务")
