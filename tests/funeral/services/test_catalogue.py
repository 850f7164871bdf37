"""The waiver catalogue: the city keeps the default, a county adds only types outside it for its own
region, caps change from a date (never rewritten), and bad input is named by field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.models import AuditEntry
from minzheng.funeral.services import messages
from minzheng.funeral.services.models import WaiverItem
from minzheng.funeral.services.services import waiver_item_add, waiver_item_end
from tests.funeral.services.conftest import kind

pytestmark = pytest.mark.django_db


def test_a_county_adds_a_plus_n_item_for_its_own_region(personas) -> None:
    item = waiver_item_add(actor=personas.anji_officer, service_type=kind("eco_burial"), cap="500.00",
                           valid_from="2025-01-01")
    assert (item.region_code, item.cap, item.valid_to) == ("330523000000", Decimal("500.00"), None)
    assert AuditEntry.objects.filter(action="funeral.waiver_item.added", object_id=str(item.pk)).count() == 1


def test_a_county_cannot_add_a_default_item(personas) -> None:
    with pytest.raises(ValidationError) as exc:
        waiver_item_add(actor=personas.anji_officer, service_type=kind("cremation"), cap="999",
                        valid_from="2025-01-01")
    assert exc.value.message_dict == {"service_type": [messages.ITEM_IN_DEFAULT.format(name="遗体火化")]}


def test_only_the_city_and_counties_keep_the_catalogue(personas) -> None:
    with pytest.raises(PermissionDenied):
        waiver_item_add(actor=personas.wuxing_funeral_registrar, service_type=kind("eco_burial"), cap="1",
                        valid_from="2025-01-01")
    with pytest.raises(PermissionDenied):
        waiver_item_add(actor=personas.aishan_officer, service_type=kind("eco_burial"), cap="1",
                        valid_from="2025-01-01")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"service_type": None}, "service_type", messages.SERVICE_TYPE_REQUIRED),
        ({"cap": ""}, "cap", messages.CAP_REQUIRED),
        ({"cap": "0"}, "cap", messages.CAP_INVALID),
        ({"cap": "-5"}, "cap", messages.CAP_INVALID),
        ({"cap": "1.001"}, "cap", messages.CAP_INVALID),
        ({"cap": "100001"}, "cap", messages.CAP_TOO_BIG.format(max="100000.00")),
        ({"valid_from": ""}, "valid_from", messages.DATE_REQUIRED.format(field="起始日期")),
        ({"valid_from": "2025/01/01"}, "valid_from", messages.DATE_INVALID.format(field="起始日期")),
        ({"valid_from": "2023-08-01"}, "valid_from", messages.ITEM_FROM_NOT_AFTER.format(name="遗体火化",
                                                                                        date="2023-08-01")),
    ],
)
def test_bad_catalogue_input_is_refused_by_field(personas, values, field, message) -> None:
    args = {"service_type": kind("cremation"), "cap": "400", "valid_from": "2025-01-01", **values}
    with pytest.raises(ValidationError) as exc:
        waiver_item_add(actor=personas.city_admin, **args)
    assert exc.value.message_dict == {field: [message]}
    assert WaiverItem.objects.count() == 6


def test_a_county_ends_its_item_and_not_the_citys(personas) -> None:
    item = waiver_item_add(actor=personas.anji_officer, service_type=kind("eco_burial"), cap="500",
                           valid_from="2025-01-01")
    with pytest.raises(ValidationError) as exc:
        waiver_item_end(actor=personas.anji_officer, item=item, valid_to="2024-12-31")
    assert exc.value.message_dict == {"valid_to": [messages.ITEM_END_BEFORE.format(date="2025-01-01")]}
    waiver_item_end(actor=personas.anji_officer, item=item, valid_to=dt.date(2025, 6, 30))
    item.refresh_from_db()
    assert item.valid_to == dt.date(2025, 6, 30)
    city_item = WaiverItem.objects.get(region_code="330500000000", service_type__code="urn")
    with pytest.raises(ValidationError) as exc:
        waiver_item_end(actor=personas.anji_officer, item=city_item, valid_to="2025-06-30")
    assert exc.value.message_dict == {"valid_to": [messages.ITEM_NOT_OURS]}
