"""The registry's writes: a facility is registered and changed through its services, every wrong
field is named in Chinese (all at once, nothing written), coordinates come in any of the three
systems or from the standard address, and every write leaves its audit entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core import geo
from minzheng.core.models import AuditEntry
from minzheng.facilities import messages
from minzheng.facilities.models import Facility
from minzheng.facilities.sites import services
from minzheng.places.models import Address
from tests.facilities.conftest import Providers, fresh
from tests.facilities.factories import FacilityFactory, OperatorFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, Personas
from tests.places.factories import AddressFactory

pytestmark = pytest.mark.django_db

GOOD = {"name": "仪凤桥社区老年食堂", "kind": "meal_site", "region_code": MY_VILLAGE, "address_text": "红旗路18号",
        "lng": "120.0868", "lat": "30.8940"}


def create(actor, **changes):  # type: ignore[no-untyped-def]
    return services.facility_create(actor=fresh(actor), **{**GOOD, **changes})


def errors_of(actor, **changes) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        create(actor, **changes)
    return caught.value.message_dict


def test_a_facility_is_registered_with_its_audit_entry(personas: Personas) -> None:
    facility = create(personas.aishan_officer, capacity=60, floor_area="320.50", opened_on=dt.date(2019, 3, 1),
                      opening_hours="11:00-13:00", service_phone="0572-2123456", tags=["meal_delivery"])
    assert facility.kind == Facility.Kind.MEAL_SITE and facility.region_code == MY_VILLAGE
    assert (facility.lng, facility.lat) == (Decimal("120.0868000"), Decimal("30.8940000"))
    assert facility.floor_area == Decimal("320.50") and facility.service_phone == "05722123456"
    entry = AuditEntry.objects.get(action="facilities.facility.created", object_id=str(facility.pk))
    assert entry.actor == personas.aishan_officer and entry.region_code == MY_VILLAGE
    assert entry.after["name"] == GOOD["name"] and entry.after["tags"] == ["meal_delivery"]
    assert entry.after["capacity"] == 60 and entry.after["floor_area"] == "320.50"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", messages.FACILITY_NAME_REQUIRED),
    ("name", "食" * 101, messages.FACILITY_NAME_TOO_LONG.format(max=100)),
    ("region_code", "3305020030", messages.FACILITY_REGION_INVALID),
    ("region_code", "330502003999", messages.FACILITY_REGION_UNKNOWN.format(code="330502003999")),
    ("region_code", OTHER_COUNTY_VILLAGE, messages.FACILITY_REGION_OUT_OF_SCOPE),
    ("address_text", "", messages.FACILITY_ADDRESS_TEXT_REQUIRED),
    ("address_text", "路" * 201, messages.FACILITY_ADDRESS_TEXT_TOO_LONG.format(max=200)),
    ("capacity", -1, messages.FACILITY_CAPACITY_INVALID.format(max=100_000)),
    ("capacity", "12.5", messages.FACILITY_CAPACITY_INVALID.format(max=100_000)),
    ("capacity", 100_001, messages.FACILITY_CAPACITY_INVALID.format(max=100_000)),
    ("floor_area", "0", messages.FACILITY_FLOOR_AREA_INVALID.format(max="1,000,000")),
    ("floor_area", "12.345", messages.FACILITY_FLOOR_AREA_INVALID.format(max="1,000,000")),
    ("floor_area", "很大", messages.FACILITY_FLOOR_AREA_INVALID.format(max="1,000,000")),
    ("opened_on", "2019-02-30", messages.FACILITY_DATE_INVALID),
    ("opened_on", dt.date.today() + dt.timedelta(days=1), messages.FACILITY_DATE_FUTURE),
    ("opened_on", dt.date(1899, 12, 31), messages.FACILITY_DATE_TOO_EARLY.format(earliest="1900年01月01日")),
    ("rebuilt_on", "tomorrow", messages.FACILITY_DATE_INVALID),
    ("status", "busy", messages.FACILITY_STATUS_INVALID),
    ("opening_hours", "时" * 201, messages.FACILITY_HOURS_TOO_LONG.format(max=200)),
    ("service_phone", "12", messages.FACILITY_PHONE_INVALID),
    ("service_phone", "139876543210", messages.FACILITY_PHONE_INVALID),
    ("public", "yes", messages.FACILITY_PUBLIC_INVALID),
    ("tags", ["sojourn", "karaoke"], messages.FACILITY_TAGS_INVALID.format(
        tags="karaoke", choices="sojourn（旅居养老）、day_care（日间照料）、respite（喘息服务）、dementia_care（认知症照护）、"
                                "meal_delivery（送餐上门）、rural（农村）")),
    ("lat", "", messages.FACILITY_COORDINATES_PAIR),
    ("lng", "东经120度", messages.FACILITY_LNG_INVALID),
    ("lat", "NaN", messages.FACILITY_LAT_INVALID),
    ("lng", "30.8940", messages.FACILITY_COORDINATES_OUTSIDE_CHINA),  # swapped: lat 120 is no place
    ("coord", "mercator", messages.FACILITY_COORD_SYSTEM_INVALID),
])
def test_each_wrong_field_is_named_in_chinese(personas: Personas, field: str, value: object, message: str) -> None:
    changes = {field: value}
    if field == "lng" and value == "30.8940":
        changes["lat"] = "120.0868"
    assert errors_of(personas.aishan_officer, **changes)[field] == [message]
    assert not Facility.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="facilities.").exists()


def test_an_unknown_kind_lists_the_kinds(personas: Personas) -> None:
    [message] = errors_of(personas.aishan_officer, kind="nursing_home")["kind"]
    assert message.startswith("设施类别无效") and "meal_site（老年助餐点）" in message and "cemetery（公墓）" in message


def test_every_wrong_field_is_named_at_once(personas: Personas) -> None:
    errors = errors_of(personas.aishan_officer, name="", kind="x", capacity=-5, service_phone="1")
    assert set(errors) == {"name", "kind", "capacity", "service_phone"}


def test_rebuilt_before_opened_is_refused(personas: Personas) -> None:
    errors = errors_of(personas.aishan_officer, opened_on="2020-05-01", rebuilt_on="2019-01-01")
    assert errors == {"rebuilt_on": [messages.FACILITY_REBUILT_BEFORE_OPENED]}


def test_tags_are_kept_once_in_order(personas: Personas) -> None:
    facility = create(personas.aishan_officer, tags=["sojourn", "rural", "sojourn"])
    assert facility.tags == ["sojourn", "rural"] and facility.tag_labels() == ["旅居养老", "农村"]


@pytest.mark.parametrize("system", ["gcj02", "bd09"])
def test_coordinates_taken_on_a_chinese_map_are_stored_in_wgs84(personas: Personas, system: str) -> None:
    # DOMAIN.md's example: WGS (120.0868, 30.8940) is GCJ (120.091671, 30.891956), BD (120.098171, 30.897989).
    typed = {"gcj02": ("120.091671", "30.891956"), "bd09": ("120.098171", "30.897989")}[system]
    facility = create(personas.aishan_officer, lng=typed[0], lat=typed[1], coord=system)
    assert abs(float(facility.lng) - 120.0868) < 2e-6 and abs(float(facility.lat) - 30.8940) < 2e-6


def test_a_standard_address_gives_region_text_and_coordinates(personas: Personas) -> None:
    address = AddressFactory(region_code=NEIGHBOUR_VILLAGE, road__region_code=NEIGHBOUR_VILLAGE,
                             lng=Decimal("120.0900000"), lat=Decimal("30.8900000"))
    facility = create(personas.aishan_officer, region_code="", address_text="", lng=None, lat=None, address=address)
    assert facility.region_code == NEIGHBOUR_VILLAGE and facility.address_text == address.full_text
    assert (facility.lng, facility.lat) == (Decimal("120.0900000"), Decimal("30.8900000"))


def test_a_township_facility_may_stand_at_an_address_of_its_village(personas: Personas) -> None:
    address = AddressFactory()
    facility = create(personas.aishan_officer, region_code="330502003000", address=address, lng=None, lat=None)
    assert facility.region_code == "330502003000" and facility.address == address


def test_the_address_must_lie_in_the_facility_region(personas: Personas) -> None:
    address = AddressFactory()  # in MY_VILLAGE
    errors = errors_of(personas.aishan_officer, region_code=NEIGHBOUR_VILLAGE, address=address)
    assert errors == {"address": [messages.FACILITY_ADDRESS_OUTSIDE_REGION]}


def test_an_address_outside_the_scope_or_retired_is_refused(personas: Personas) -> None:
    elsewhere = AddressFactory(region_code=OTHER_COUNTY_VILLAGE, road__region_code=OTHER_COUNTY_VILLAGE)
    assert errors_of(personas.aishan_officer, address=elsewhere)["address"] == [messages.FACILITY_ADDRESS_NOT_FOUND]
    retired = AddressFactory(status=Address.Status.RETIRED)
    assert errors_of(personas.aishan_officer, address=retired)["address"] == [messages.FACILITY_ADDRESS_RETIRED]


def test_an_operator_registered_above_the_scope_may_run_a_site_but_not_one_of_another_county(
        personas: Personas) -> None:
    city_wide = OperatorFactory(region_code="330500000000")
    anji = OperatorFactory(region_code="330523000000")
    assert create(personas.aishan_officer, operator=city_wide).operator == city_wide
    assert errors_of(personas.aishan_officer, operator=anji) == {"operator": [messages.FACILITY_OPERATOR_NOT_FOUND]}


def test_registering_needs_the_permission(personas: Personas) -> None:
    for who in (personas.village_worker, personas.auditor):
        with pytest.raises(PermissionDenied):
            create(who)


def test_an_update_keeps_what_is_not_given_and_is_audited(personas: Personas) -> None:
    facility = create(personas.aishan_officer, capacity=40, tags=["rural"])
    changed = services.facility_update(actor=fresh(personas.aishan_officer), facility=facility, capacity=80,
                                       status="suspended")
    assert (changed.capacity, changed.status, changed.tags, changed.name) == (80, "suspended", ["rural"], GOOD["name"])
    entry = AuditEntry.objects.get(action="facilities.facility.updated")
    assert entry.diff["capacity"] == [40, 80] and entry.diff["status"] == ["open", "suspended"]
    assert set(entry.diff) == {"capacity", "status"}


def test_an_update_with_a_bad_field_changes_nothing(personas: Personas) -> None:
    facility = create(personas.aishan_officer)
    with pytest.raises(ValidationError) as caught:
        services.facility_update(actor=fresh(personas.aishan_officer), facility=facility, name="", capacity=5)
    assert caught.value.message_dict == {"name": [messages.FACILITY_NAME_REQUIRED]}
    facility.refresh_from_db()
    assert facility.name == GOOD["name"] and facility.capacity is None
    assert not AuditEntry.objects.filter(action="facilities.facility.updated").exists()


def test_a_new_address_brings_its_coordinates_unless_new_ones_are_typed(personas: Personas) -> None:
    facility = create(personas.aishan_officer)
    address = AddressFactory(lng=Decimal("120.1000000"), lat=Decimal("30.9000000"))
    moved = services.facility_update(actor=fresh(personas.aishan_officer), facility=facility, address=address)
    assert (moved.lng, moved.lat) == (Decimal("120.1000000"), Decimal("30.9000000"))
    typed = services.facility_update(actor=fresh(personas.aishan_officer), facility=moved, lng="120.11",
                                     lat="30.91")
    assert (typed.lng, typed.lat) == (Decimal("120.1100000"), Decimal("30.9100000"))
    # A coordinate system alone changes nothing: stored points are WGS-84.
    same = services.facility_update(actor=fresh(personas.aishan_officer), facility=typed, coord=geo.System.BD09)
    assert (same.lng, same.lat) == (Decimal("120.1100000"), Decimal("30.9100000"))


def test_an_update_outside_the_scope_is_404(personas: Personas) -> None:
    facility = FacilityFactory(region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404):
        services.facility_update(actor=fresh(personas.aishan_officer), facility=facility, capacity=1)


def test_an_operator_changes_the_hours_and_status_of_their_own_site(providers: Providers) -> None:
    site = services.facility_operation_update(actor=fresh(providers.op_a), facility=providers.a_mine,
                                              opening_hours="10:30-13:30", status="suspended")
    assert (site.opening_hours, site.status) == ("10:30-13:30", "suspended")
    entry = AuditEntry.objects.get(action="facilities.facility.operation_updated")
    assert entry.actor == providers.op_a and entry.diff == {"opening_hours": ["11:00-13:00", "10:30-13:30"],
                                                            "status": ["open", "suspended"]}


def test_an_operator_cannot_touch_another_operators_site(providers: Providers) -> None:
    with pytest.raises(Http404):
        services.facility_operation_update(actor=fresh(providers.op_a), facility=providers.b_mine, status="closed")
    with pytest.raises(PermissionDenied):
        services.facility_update(actor=fresh(providers.op_a), facility=providers.a_mine, name="改名")
    providers.b_mine.refresh_from_db()
    assert providers.b_mine.status == "open"


def test_operation_update_checks_its_fields(providers: Providers) -> None:
    with pytest.raises(ValidationError) as caught:
        services.facility_operation_update(actor=fresh(providers.op_a), facility=providers.a_mine,
                                           opening_hours="时" * 201, status="busy")
    assert caught.value.message_dict == {"opening_hours": [messages.FACILITY_HOURS_TOO_LONG.format(max=200)],
                                         "status": [messages.FACILITY_STATUS_INVALID]}


def test_a_village_worker_may_not_change_hours(personas: Personas, providers: Providers) -> None:
    with pytest.raises(PermissionDenied):
        services.facility_operation_update(actor=fresh(personas.village_worker), facility=providers.a_mine,
                                           status="closed")
