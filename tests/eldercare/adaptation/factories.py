"""A small catalogue and applications for the adaptation tests, through the real services."""

from __future__ import annotations

from decimal import Decimal

from minzheng.core.models import User
from minzheng.eldercare.adaptation.models import AdaptationApplication, AdaptationItem
from minzheng.eldercare.adaptation.services import (
    LineInput,
    application_approve,
    application_pay,
    application_submit,
)
from tests.eldercare.factories import elder
from tests.personas import MY_VILLAGE


def items() -> dict[str, AdaptationItem]:
    """Grab bars (300.00 a set), non-slip floor (120.00 a m²), an electric care bed traded in (4,800.00)."""
    rows = [
        ("GRAB-BAR", "卫生间扶手", "renovation", "套", "300.00"),
        ("NON-SLIP", "防滑地面处理", "renovation", "平方米", "120.00"),
        ("CARE-BED", "电动护理床（以旧换新）", "trade_in", "台", "4800.00"),
    ]
    return {
        code: AdaptationItem.objects.create(
            code=code, name=name, category=cat, unit=unit, price=Decimal(price)
        )
        for code, name, cat, unit, price in rows
    }


def submitted(
    actor: User,
    catalogue: dict[str, AdaptationItem],
    *,
    lines: list[tuple[str, int, str | None]],
    rate: str = "0.80",
    region_code: str = MY_VILLAGE,
    on: str = "2024-03-01",
) -> AdaptationApplication:
    person, _ = elder(region_code=region_code)
    return application_submit(
        actor=actor,
        person=person,
        applied_on=on,
        subsidy_rate=rate,
        lines=[LineInput(item=catalogue[code], quantity=n, unit_price=price) for code, n, price in lines],
    )


def paid(
    maker: User,
    checker: User,
    catalogue: dict[str, AdaptationItem],
    *,
    lines: list[tuple[str, int, str | None]],
    rate: str = "0.80",
    region_code: str = MY_VILLAGE,
    on: str = "2024-06-30",
) -> AdaptationApplication:
    application = submitted(maker, catalogue, lines=lines, rate=rate, region_code=region_code)
    application_approve(actor=checker, application=application)
    return application_pay(actor=checker, application=application, paid_on=on)
