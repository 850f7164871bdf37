from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.benefits import messages
from minzheng.benefits.models import Standard
from minzheng.benefits.programs import selectors, services
from minzheng.core.models import AuditEntry


def test_the_seeded_2024_huzhou_standards(dibao, tekun) -> None:
    june = dt.date(2024, 6, 1)
    assert selectors.standard_amount(program=dibao, region_code="330502003001", month=june) == Decimal("1145.00")
    assert selectors.standard_amount(program=tekun, region_code="330523001001", month=june) == Decimal("1950.00")
    assert selectors.standard_amount(program=dibao, region_code="330502003001", month=dt.date(2023, 12, 1)) is None
    assert selectors.standard_amount(program=dibao, region_code="330101001001", month=june) is None


def test_a_new_standard_from_2025_changes_2025_and_keeps_2024(personas, dibao) -> None:
    services.standard_add(actor=personas.city_admin, program=dibao, region_prefix="3305",
                          effective_from=dt.date(2025, 1, 1), amount="1200.00", note="2025年标准")
    code = "330502003001"
    assert selectors.standard_amount(program=dibao, region_code=code, month=dt.date(2024, 12, 1)) == Decimal("1145")
    assert selectors.standard_amount(program=dibao, region_code=code, month=dt.date(2025, 1, 1)) == Decimal("1200")
    entry = AuditEntry.objects.get(action="benefits.standard.added")
    assert entry.after["amount"] == "1200.00" and entry.actor == personas.city_admin


def test_the_longest_matching_prefix_wins_over_a_later_city_standard(personas, dibao) -> None:
    services.standard_add(actor=personas.city_admin, program=dibao, region_prefix="330523",
                          effective_from=dt.date(2024, 3, 1), amount="1180.00")
    services.standard_add(actor=personas.city_admin, program=dibao, region_prefix="3305",
                          effective_from=dt.date(2024, 6, 1), amount="1160.00")
    month = dt.date(2024, 7, 1)
    assert selectors.standard_amount(program=dibao, region_code="330523001001", month=month) == Decimal("1180")
    assert selectors.standard_amount(program=dibao, region_code="330502003001", month=month) == Decimal("1160")
    table = selectors.StandardTable(program=dibao, month=month)
    assert table.amount_for("330523001001") == Decimal("1180")
    assert table.amount_for("330502003001") == Decimal("1160")
    assert table.amount_for("330101001001") is None


def test_a_standard_is_never_overwritten(personas, dibao) -> None:
    with pytest.raises(ValidationError) as exc:
        services.standard_add(actor=personas.city_admin, program=dibao, region_prefix="3305",
                              effective_from=dt.date(2024, 1, 1), amount="1.00")
    assert exc.value.message_dict == {"effective_from": [messages.STANDARD_EXISTS.format(month="2024年1月")]}
    assert Standard.objects.get(program=dibao, region_prefix="3305").amount == Decimal("1145.00")


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"amount": "-1"}, "amount", messages.STANDARD_AMOUNT_NEGATIVE),
    ({"amount": "1.234"}, "amount", messages.STANDARD_AMOUNT_PLACES),
    ({"amount": ""}, "amount", messages.STANDARD_AMOUNT_REQUIRED),
    ({"region_prefix": "33x5"}, "region_prefix", messages.STANDARD_REGION_INVALID),
    ({"region_prefix": "3399"}, "region_prefix", messages.STANDARD_REGION_UNKNOWN.format(code="3399")),
    ({"effective_from": dt.date(2025, 1, 2)}, "effective_from", messages.STANDARD_MONTH_INVALID),
])
def test_bad_standards_are_refused_naming_the_field(personas, dibao, kwargs, field, message) -> None:
    values = {"region_prefix": "3305", "effective_from": dt.date(2025, 1, 1), "amount": "1200", **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.standard_add(actor=personas.city_admin, program=dibao, **values)
    assert exc.value.message_dict == {field: [message]}


def test_only_the_city_administrator_adds_standards(personas, dibao) -> None:
    with pytest.raises(PermissionDenied):
        services.standard_add(actor=personas.wuxing_officer, program=dibao, region_prefix="330502",
                              effective_from=dt.date(2025, 1, 1), amount="1200")
