"""Writes on roads and addresses: good and bad paths, each write with its audit entry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.core import messages as core_messages
from minzheng.core.models import AuditEntry
from minzheng.places import codes, messages
from minzheng.places.addresses import services
from minzheng.places.models import Address, Road
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE

pytestmark = pytest.mark.django_db

TOWNSHIP = "330502003000"


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


@pytest.fixture
def road(personas) -> Road:  # type: ignore[no-untyped-def]
    return services.road_create(actor=personas.aishan_officer, region_code=MY_VILLAGE, name="红旗路",
                                aliases=["红旗"])


def test_road_create_computes_code_kind_pinyin_and_audits(personas, road):  # type: ignore[no-untyped-def]
    assert road.code == MY_VILLAGE + "0001"
    assert road.kind == Road.Kind.ROAD
    assert road.pinyin == "Hongqi Lu"
    assert road.aliases == ["红旗"]
    entry = AuditEntry.objects.get(action="places.road.created")
    assert entry.object_id == str(road.pk) and entry.region_code == MY_VILLAGE
    assert entry.after["name"] == "红旗路"


def test_road_serials_are_unique_across_the_township(personas, road):  # type: ignore[no-untyped-def]
    # A township road and a village road with the same serial would give two addresses of the
    # village the same code, since the address code keeps only the road's serial.
    township_road = services.road_create(actor=personas.aishan_officer, region_code=TOWNSHIP, name="人民路")
    neighbour_road = services.road_create(actor=personas.aishan_officer, region_code=NEIGHBOUR_VILLAGE,
                                          name="碧浪湖小区")
    assert township_road.code == TOWNSHIP + "0002"
    assert neighbour_road.code == NEIGHBOUR_VILLAGE + "0003"
    assert neighbour_road.kind == Road.Kind.COMPOUND


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": ""}, "name", messages.ROAD_NAME_REQUIRED),
        ({"name": "Hongqi路"}, "name", messages.ROAD_NAME_BAD_CHARACTERS),
        ({"name": "路" * 31}, "name", messages.ROAD_NAME_TOO_LONG.format(max=30)),
        ({"kind": "bridge"}, "kind", messages.ROAD_KIND_INVALID),
        ({"region_code": "330502000000"}, "region_code", messages.ROAD_REGION_INVALID),
        ({"region_code": "330502003999"}, "region_code", core_messages.REGION_UNKNOWN.format(code="330502003999")),
        ({"region_code": OTHER_TOWNSHIP_VILLAGE}, "region_code", core_messages.REGION_OUT_OF_SCOPE),
        ({"aliases": ["红旗路"]}, "aliases", messages.ROAD_ALIAS_SAME_AS_NAME.format(alias="红旗路")),
        ({"aliases": ["a b"]}, "aliases", messages.ROAD_ALIAS_INVALID.format(max=30)),
    ],
)
def test_road_create_refuses_bad_input(personas, kwargs, field, message):  # type: ignore[no-untyped-def]
    args = {"region_code": MY_VILLAGE, "name": "红旗路"} | kwargs
    with pytest.raises(ValidationError) as exc:
        services.road_create(actor=personas.aishan_officer, **args)
    assert errors(exc) == {field: [message]}
    assert not Road.objects.exists()
    assert not AuditEntry.objects.filter(action="places.road.created").exists()


def test_road_name_is_unique_in_its_region(personas, road):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.road_create(actor=personas.aishan_officer, region_code=MY_VILLAGE, name="红旗路")
    assert errors(exc) == {"name": [messages.ROAD_NAME_TAKEN.format(kind="街路巷", name="红旗路")]}


def test_road_update_aliases(personas, road):  # type: ignore[no-untyped-def]
    services.road_update_aliases(actor=personas.village_worker, road=road, aliases=["红旗", "反修路", "红旗"])
    road.refresh_from_db()
    assert road.aliases == ["红旗", "反修路"]
    entry = AuditEntry.objects.get(action="places.road.aliases_updated")
    assert entry.diff == {"aliases": [["红旗"], ["红旗", "反修路"]]}


def test_address_create_computes_code_and_text_and_audits(personas, road):  # type: ignore[no-untyped-def]
    address = services.address_create(actor=personas.village_worker, region_code=MY_VILLAGE, road=road, number="018",
                                      building="3", unit="2", room="501", lng="120.0868", lat="30.894")
    assert address.number == "18"
    assert address.code == codes.address_code(region_code=MY_VILLAGE, road_code=road.code, number="18",
                                              building="3", unit="2", room="501")
    assert address.full_text == "湖州市吴兴区爱山街道仪凤桥社区红旗路18号3幢2单元501室"
    assert address.lng == Decimal("120.0868000") and address.lat == Decimal("30.8940000")
    entry = AuditEntry.objects.get(action="places.address.created")
    assert entry.object_id == str(address.pk)
    assert entry.after["code"] == address.code and entry.after["lat"] == "30.8940000"


def test_address_on_a_township_road(personas):  # type: ignore[no-untyped-def]
    township_road = services.road_create(actor=personas.aishan_officer, region_code=TOWNSHIP, name="人民路")
    address = services.address_create(actor=personas.aishan_officer, region_code=NEIGHBOUR_VILLAGE,
                                      road=township_road, number="5-1")
    assert address.code.startswith(NEIGHBOUR_VILLAGE + "0001" + "00051")
    assert address.full_text.endswith("南街社区人民路5-1号")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"number": ""}, {"number": [messages.ADDRESS_NUMBER_REQUIRED]}),
        ({"number": "十八"}, {"number": [messages.ADDRESS_NUMBER_INVALID]}),
        ({"number": "12345"}, {"number": [messages.ADDRESS_NUMBER_INVALID]}),
        ({"number": "0"}, {"number": [messages.ADDRESS_NUMBER_INVALID]}),
        ({"building": "A"}, {"building": [messages.ADDRESS_BUILDING_INVALID]}),
        ({"building": "1", "unit": "123"}, {"unit": [messages.ADDRESS_UNIT_INVALID]}),
        ({"building": "1", "room": "12345"}, {"room": [messages.ADDRESS_ROOM_INVALID]}),
        ({"unit": "2"}, {"unit": [messages.ADDRESS_UNIT_WITHOUT_BUILDING]}),
        ({"lng": "200", "lat": "30"}, {"lng": [messages.ADDRESS_LNG_INVALID]}),
        ({"lng": "120", "lat": "abc"}, {"lat": [messages.ADDRESS_LAT_INVALID]}),
        ({"lng": "120"}, {"lat": [messages.ADDRESS_COORDINATES_PAIR]}),
        ({"region_code": ""}, {"region_code": [messages.ADDRESS_REGION_REQUIRED]}),
        ({"region_code": TOWNSHIP}, {"region_code": [core_messages.REGION_NOT_VILLAGE]}),
        ({"region_code": "330502003999"}, {"region_code": [core_messages.REGION_UNKNOWN.format(code="330502003999")]}),
        ({"region_code": NEIGHBOUR_VILLAGE}, {"region_code": [core_messages.REGION_OUT_OF_SCOPE]}),
    ],
)
def test_address_create_refuses_bad_input(personas, road, kwargs, expected):  # type: ignore[no-untyped-def]
    args = {"region_code": MY_VILLAGE, "road": road, "number": "18"} | kwargs
    with pytest.raises(ValidationError) as exc:
        services.address_create(actor=personas.village_worker, **args)
    assert errors(exc) == expected
    assert not Address.objects.exists()
    assert not AuditEntry.objects.filter(action="places.address.created").exists()


def test_address_road_must_belong_to_the_village_or_its_township(personas, road):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.address_create(actor=personas.aishan_officer, region_code=NEIGHBOUR_VILLAGE, road=road, number="1")
    assert errors(exc) == {"road": [messages.ROAD_NOT_IN_REGION]}


def test_duplicate_address_is_refused_with_its_text(personas, road):  # type: ignore[no-untyped-def]
    first = services.address_create(actor=personas.village_worker, region_code=MY_VILLAGE, road=road, number="18")
    with pytest.raises(ValidationError) as exc:
        services.address_create(actor=personas.village_worker, region_code=MY_VILLAGE, road=road, number="０18")
    assert errors(exc) == {"number": [messages.ADDRESS_DUPLICATE.format(full_text=first.full_text, code=first.code)]}
    assert Address.objects.count() == 1


def test_out_of_county_officer_cannot_create(personas, road):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.address_create(actor=personas.anji_officer, region_code=MY_VILLAGE, road=road, number="1")
    assert errors(exc) == {"region_code": [core_messages.REGION_OUT_OF_SCOPE]}
    with pytest.raises(ValidationError):
        services.road_create(actor=personas.anji_officer, region_code=MY_VILLAGE, name="新路")


def test_retire_keeps_code_and_points_to_successor(personas, road):  # type: ignore[no-untyped-def]
    actor = personas.aishan_officer
    old = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="18")
    new = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="20")
    code = old.code
    retired = services.address_retire(actor=actor, address=old, successor=new)
    assert retired.status == Address.Status.RETIRED and retired.code == code and retired.successor == new
    entry = AuditEntry.objects.get(action="places.address.retired")
    assert entry.diff == {"status": ["active", "retired"], "successor": [None, new.pk]}
    assert list(new.predecessors.all()) == [retired]


def test_retire_refusals(personas, road):  # type: ignore[no-untyped-def]
    actor = personas.aishan_officer
    a = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="18")
    b = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="20")
    c = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="22")
    with pytest.raises(ValidationError) as exc:
        services.address_retire(actor=actor, address=a, successor=a)
    assert errors(exc) == {"successor": [messages.ADDRESS_SUCCESSOR_SELF]}
    services.address_retire(actor=actor, address=b)
    with pytest.raises(ValidationError) as exc:
        services.address_retire(actor=actor, address=a, successor=b)
    assert errors(exc) == {"successor": [messages.ADDRESS_SUCCESSOR_RETIRED]}
    with pytest.raises(ValidationError) as exc:
        services.address_retire(actor=actor, address=b, successor=c)
    assert errors(exc) == {"status": [messages.ADDRESS_ALREADY_RETIRED]}
    with pytest.raises(ValidationError):
        services.address_retire(actor=personas.anji_officer, address=c)
    a.refresh_from_db()
    assert a.status == Address.Status.ACTIVE
    assert AuditEntry.objects.filter(action="places.address.retired").count() == 1


def test_update_coordinates(personas, road):  # type: ignore[no-untyped-def]
    actor = personas.village_worker
    address = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="18")
    assert address.lng is None
    services.address_update_coordinates(actor=actor, address=address, lng=" 120.1 ", lat="30.9")
    address.refresh_from_db()
    assert (address.lng, address.lat) == (Decimal("120.1"), Decimal("30.9"))
    entry = AuditEntry.objects.get(action="places.address.coordinates_updated")
    assert entry.diff == {"lat": [None, "30.9000000"], "lng": [None, "120.1000000"]}
    with pytest.raises(ValidationError) as exc:
        services.address_update_coordinates(actor=actor, address=address, lng="", lat="30.9")
    assert errors(exc) == {"lng": [messages.ADDRESS_COORDINATES_PAIR]}
    services.address_update_coordinates(actor=actor, address=address, lng=None, lat=None)
    address.refresh_from_db()
    assert address.lng is None and address.lat is None


def test_other_county_road_is_not_writable(personas):  # type: ignore[no-untyped-def]
    road = services.road_create(actor=personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE, name="递铺路")
    with pytest.raises(ValidationError):
        services.road_update_aliases(actor=personas.wuxing_officer, road=road, aliases=["递铺"])
