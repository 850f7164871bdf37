"""Writes on the platform's reference data: renaming a region."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core import messages
from minzheng.core.models import AuditEntry, Region
from minzheng.core.services import region_rename, regions_load_divisions
from minzheng.places.matching import match_address, road_names_rebuild
from minzheng.places.models import Address
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE
from tests.places.factories import AddressFactory, RoadFactory

pytestmark = pytest.mark.django_db


def test_renaming_a_township_renames_everything_below_it(personas):  # type: ignore[no-untyped-def]
    road = RoadFactory(region_code=MY_VILLAGE, name="红旗路")
    address = AddressFactory(road=road, number="18")
    elsewhere = AddressFactory(road=RoadFactory(region_code="330502100201", name="红旗路"), number="18")
    road_names_rebuild()
    assert address.full_text == "湖州市吴兴区爱山街道仪凤桥社区红旗路18号"

    region_rename(actor=personas.city_admin, region=Region.objects.get(code="330502003000"), name="新风街道")

    assert Region.objects.get(code="330502003000").full_name == "湖州市吴兴区新风街道"
    assert Region.objects.get(code=MY_VILLAGE).full_name == "湖州市吴兴区新风街道仪凤桥社区"
    address.refresh_from_db()
    assert address.full_text == "湖州市吴兴区新风街道仪凤桥社区红旗路18号"
    assert Address.objects.get(pk=elsewhere.pk).full_text == elsewhere.full_text  # another township: untouched
    # The matcher reads the new name, and no longer the old one as a region.
    assert match_address("新风街道仪凤桥社区红旗路18号").best.address_id == address.pk
    assert match_address("新风街道红旗路18号").best.address_id == address.pk
    entry = AuditEntry.objects.get(action="core.region.renamed")
    assert (entry.before["name"], entry.after["name"]) == ("爱山街道", "新风街道")
    assert AuditEntry.objects.get(action="places.address.region_renamed").after == {"addresses": 1}


@pytest.mark.parametrize(("name", "message"), [
    ("", messages.REGION_NAME_REQUIRED),
    ("  ", messages.REGION_NAME_REQUIRED),
    ("南街社区", messages.REGION_NAME_TAKEN.format(name="南街社区")),
    ("Renmin社区", messages.REGION_NAME_BAD_CHARACTERS),
    ("社" * 65, messages.REGION_NAME_TOO_LONG.format(max=64)),
    ("0", messages.REGION_NAME_TOO_SHORT),
    ("00", messages.REGION_NAME_LEVEL_WORD.format(words="社区、村、居委会、村委会、嘎查")),
    ("仪", messages.REGION_NAME_TOO_SHORT),
    ("社区", messages.REGION_NAME_TOO_SHORT),
    ("仪凤桥", messages.REGION_NAME_LEVEL_WORD.format(words="社区、村、居委会、村委会、嘎查")),
    ("仪凤桥镇", messages.REGION_NAME_LEVEL_WORD.format(words="社区、村、居委会、村委会、嘎查")),
])
def test_bad_names_are_refused_and_nothing_changes(personas, name, message):  # type: ignore[no-untyped-def]
    region = Region.objects.get(code=MY_VILLAGE)
    with pytest.raises(ValidationError) as exc:
        region_rename(actor=personas.city_admin, region=region, name=name)
    assert exc.value.message_dict == {"name": [message]}
    assert Region.objects.get(code=MY_VILLAGE).name == "仪凤桥社区"
    assert Region.objects.get(code=NEIGHBOUR_VILLAGE).name == "南街社区"
    assert not AuditEntry.objects.filter(action="core.region.renamed").exists()


def test_only_the_city_administrator_renames_regions(personas):  # type: ignore[no-untyped-def]
    region = Region.objects.get(code=MY_VILLAGE)
    for actor in (personas.wuxing_officer, personas.aishan_officer, personas.village_worker, personas.auditor):
        with pytest.raises(PermissionDenied):
            region_rename(actor=actor, region=region, name="凤凰社区")
    assert Region.objects.get(code=MY_VILLAGE).name == "仪凤桥社区"


def test_the_same_name_again_changes_nothing(personas):  # type: ignore[no-untyped-def]
    region_rename(actor=personas.city_admin, region=Region.objects.get(code=MY_VILLAGE), name="仪凤桥社区")
    assert not AuditEntry.objects.filter(action="core.region.renamed").exists()


def test_reloading_the_division_list_puts_back_official_names_below_too(personas):  # type: ignore[no-untyped-def]
    Region.objects.filter(code="330502003000").update(name="旧名街道", full_name="湖州市吴兴区旧名街道")
    Region.objects.filter(code=MY_VILLAGE).update(full_name="湖州市吴兴区旧名街道仪凤桥社区")
    regions_load_divisions()
    assert Region.objects.get(code="330502003000").full_name == "湖州市吴兴区爱山街道"
    assert Region.objects.get(code=MY_VILLAGE).full_name == "湖州市吴兴区爱山街道仪凤桥社区"
    assert AuditEntry.objects.get(action="core.region.renamed").actor_name == "system"
    regions_load_divisions()  # idempotent: nothing more to rename
    assert AuditEntry.objects.filter(action="core.region.renamed").count() == 1


def test_a_rename_in_the_admin_goes_through_the_service(personas, client):  # type: ignore[no-untyped-def]
    admin_user = personas.city_admin
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    client.force_login(admin_user)
    url = f"/admin/core/region/{MY_VILLAGE}/change/"
    form = {"name": "凤凰社区", "kind": "社区"}
    assert client.post(url, form).status_code == 302
    assert Region.objects.get(code=MY_VILLAGE).full_name == "湖州市吴兴区爱山街道凤凰社区"
    assert AuditEntry.objects.filter(action="core.region.renamed", actor=admin_user).exists()
    refused = client.post(url, {**form, "name": "南街社区"})
    assert refused.status_code == 200 and messages.REGION_NAME_TAKEN.format(name="南街社区") in refused.content.decode()
    assert Region.objects.get(code=MY_VILLAGE).name == "凤凰社区"


@pytest.mark.parametrize(("code", "name", "words"), [
    ("330502000000", "吴兴镇", "区、县、市、旗"),
    ("330502003000", "爱山社区", "街道、镇、乡、苏木"),
    ("330500000000", "湖州区", "市、地区、自治州、盟"),
])
def test_a_name_must_end_in_a_word_of_its_level(personas, code, name, words):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        region_rename(actor=personas.city_admin, region=Region.objects.get(code=code), name=name)
    assert exc.value.message_dict == {"name": [messages.REGION_NAME_LEVEL_WORD.format(words=words)]}


def test_every_official_name_fits_its_level(personas):  # type: ignore[no-untyped-def]
    from minzheng.core.services import region_name_validate

    for region in Region.objects.exclude(level="province"):
        assert region_name_validate(region=region, name=region.name) == region.name


@pytest.mark.parametrize(("code", "name"), [
    ("330502003001", "仪凤桥新村"), ("330502003001", "仪凤居委会"), ("330502100000", "织里乡"),
    ("330502003000", "爱山镇"), ("330502000000", "吴兴县"), ("330523000000", "安吉市"),
])
def test_a_name_with_a_fitting_level_word_is_taken(personas, code, name):  # type: ignore[no-untyped-def]
    region = region_rename(actor=personas.city_admin, region=Region.objects.get(code=code), name=name)
    assert Region.objects.get(code=code).name == name == region.name
