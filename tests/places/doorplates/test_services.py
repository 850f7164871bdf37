"""Doorplate services: tokens, one plate per address, removal, bulk batches, counts, the
catalogue and the demo builders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.places import messages
from minzheng.places.doorplates import qr, selectors, services
from minzheng.places.doorplates.catalogue import CATALOGUE, catalogue_seed
from minzheng.places.doorplates.demo import PLATE_SHARE, build_doorplates, chosen
from minzheng.places.models import Address, Department, Doorplate, DoorplateBatch, DoorplateService
from tests.personas import (
    MY_VILLAGE,
    NEIGHBOUR_VILLAGE,
    OTHER_TOWNSHIP_VILLAGE,
    Personas,
)
from tests.places.doorplates.conftest import make_road
from tests.places.factories import AddressFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 6, 1)


def audits(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


# ---- single plates --------------------------------------------------------------------------


def test_token_is_random_and_not_derived_from_the_address_code(staff: Personas) -> None:
    road = make_road(MY_VILLAGE)
    a, b = AddressFactory(road=road, number="1"), AddressFactory(road=road, number="2")
    plate_a = services.doorplate_create(actor=staff.aishan_officer, address=a, installed_on=DAY)
    plate_b = services.doorplate_create(actor=staff.aishan_officer, address=b, installed_on=DAY)
    for plate, address in ((plate_a, a), (plate_b, b)):
        assert len(plate.token) >= 22  # 16 random bytes
        assert address.code not in plate.token and plate.token not in address.code
        assert address.code[-8:] not in plate.token
    assert plate_a.token != plate_b.token
    # Neither the QR code nor the public URL carries the address code.
    assert a.code not in qr.public_url(plate_a.token)


def test_tokens_do_not_repeat_over_many_draws() -> None:
    tokens = {services.new_token() for _ in range(5000)}
    assert len(tokens) == 5000
    assert all(len(t) == 22 and set(t) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
               for t in tokens)


def test_create_writes_plate_and_audit_entry(staff: Personas) -> None:
    address = AddressFactory(road=make_road(MY_VILLAGE))
    plate = services.doorplate_create(actor=staff.aishan_officer, address=address, installed_on=DAY)
    assert plate.region_code == MY_VILLAGE and plate.status == Doorplate.Status.ACTIVE
    [entry] = audits("places.doorplate.created")
    assert entry.actor == staff.aishan_officer and entry.object_id == str(plate.pk)
    assert entry.region_code == MY_VILLAGE and entry.after["installed_on"] == "2024-06-01"


def test_one_plate_per_address(staff: Personas) -> None:
    address = AddressFactory(road=make_road(MY_VILLAGE))
    services.doorplate_create(actor=staff.aishan_officer, address=address, installed_on=DAY)
    with pytest.raises(ValidationError) as exc:
        services.doorplate_create(actor=staff.city_admin, address=address, installed_on=DAY)
    assert exc.value.message_dict == {"address": [messages.DOORPLATE_EXISTS.format(installed_on="2024-06-01")]}
    assert Doorplate.objects.filter(address=address).count() == 1
    assert len(audits("places.doorplate.created")) == 1


def test_reinstall_after_removal_gets_a_new_token(staff: Personas) -> None:
    address = AddressFactory(road=make_road(MY_VILLAGE))
    plate = services.doorplate_create(actor=staff.aishan_officer, address=address, installed_on=DAY)
    old_token = plate.token
    services.doorplate_remove(actor=staff.aishan_officer, doorplate=plate, reason="道路改造")
    assert selectors.doorplate_public_get(token=old_token) is None
    again = services.doorplate_create(actor=staff.aishan_officer, address=address, installed_on=dt.date(2025, 1, 2))
    assert again.pk == plate.pk and again.token != old_token and again.status == Doorplate.Status.ACTIVE
    assert selectors.doorplate_public_get(token=old_token) is None
    assert audits("places.doorplate.removed")[0].after["reason"] == "道路改造"
    assert len(audits("places.doorplate.reinstalled")) == 1


def test_remove_twice_is_refused(staff: Personas) -> None:
    plate = services.doorplate_create(actor=staff.aishan_officer, address=AddressFactory(road=make_road(MY_VILLAGE)),
                                      installed_on=DAY)
    services.doorplate_remove(actor=staff.aishan_officer, doorplate=plate)
    with pytest.raises(ValidationError) as exc:
        services.doorplate_remove(actor=staff.aishan_officer, doorplate=plate)
    assert exc.value.messages == [messages.DOORPLATE_ALREADY_REMOVED]


@pytest.mark.parametrize(("installed_on", "message"), [
    (None, messages.DOORPLATE_INSTALLED_ON_REQUIRED),
    ("", messages.DOORPLATE_INSTALLED_ON_REQUIRED),
    ("2024-13-01", messages.DOORPLATE_INSTALLED_ON_INVALID),
    ("1999-12-31", messages.DOORPLATE_INSTALLED_ON_TOO_EARLY.format(earliest="2000年01月01日")),
])
def test_create_rejects_bad_dates(staff: Personas, installed_on: object, message: str) -> None:
    address = AddressFactory(road=make_road(MY_VILLAGE))
    with pytest.raises(ValidationError) as exc:
        services.doorplate_create(actor=staff.aishan_officer, address=address, installed_on=installed_on)
    assert exc.value.message_dict == {"installed_on": [message]}
    assert not Doorplate.objects.exists()


def test_create_rejects_a_future_date(staff: Personas) -> None:
    address = AddressFactory(road=make_road(MY_VILLAGE))
    with pytest.raises(ValidationError) as exc:
        services.doorplate_create(actor=staff.aishan_officer, address=address,
                                  installed_on=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.message_dict == {"installed_on": [messages.DOORPLATE_INSTALLED_ON_FUTURE]}


def test_create_outside_scope_or_on_retired_address_is_refused(staff: Personas) -> None:
    elsewhere = AddressFactory(road=make_road(OTHER_TOWNSHIP_VILLAGE))
    with pytest.raises(ValidationError) as exc:
        services.doorplate_create(actor=staff.aishan_officer, address=elsewhere, installed_on=DAY)
    assert exc.value.message_dict == {"address": [messages.DOORPLATE_ADDRESS_NOT_FOUND]}
    retired = AddressFactory(road=make_road(MY_VILLAGE), status=Address.Status.RETIRED)
    with pytest.raises(ValidationError) as exc:
        services.doorplate_create(actor=staff.aishan_officer, address=retired, installed_on=DAY)
    assert exc.value.message_dict == {"address": [messages.DOORPLATE_ADDRESS_RETIRED]}
    with pytest.raises(ValidationError) as exc:
        services.doorplate_create(actor=staff.aishan_officer, address=None, installed_on=DAY)
    assert exc.value.message_dict == {"address": [messages.DOORPLATE_ADDRESS_REQUIRED]}


@pytest.mark.parametrize("who", ["village_worker", "auditor", "nobody"])
def test_create_needs_the_manage_permission(staff: Personas, who: str) -> None:
    address = AddressFactory(road=make_road(MY_VILLAGE))
    with pytest.raises(PermissionDenied):
        services.doorplate_create(actor=getattr(staff, who), address=address, installed_on=DAY)


# ---- bulk batches ---------------------------------------------------------------------------


def _village_addresses(code: str, n: int, *, serial: int = 1) -> list[Address]:
    road = make_road(code, serial=serial)
    return [AddressFactory(road=road, number=str(i + 1)) for i in range(n)]


def test_batch_installs_every_active_address_without_a_plate(staff: Personas) -> None:
    addresses = _village_addresses(MY_VILLAGE, 7)
    services.doorplate_create(actor=staff.aishan_officer, address=addresses[0], installed_on=DAY)
    addresses[1].status = Address.Status.RETIRED
    addresses[1].save()
    _village_addresses(NEIGHBOUR_VILLAGE, 2, serial=2)  # another village: untouched

    batch = services.doorplate_batch_create(actor=staff.aishan_officer, village_code=MY_VILLAGE, installed_on=DAY)
    batch.refresh_from_db()  # the immediate backend ran the task inline
    assert batch.status == DoorplateBatch.Status.DONE and batch.task_id
    assert (batch.total, batch.processed, batch.created, batch.percent) == (5, 5, 5, 100)
    assert Doorplate.objects.filter(region_code=MY_VILLAGE).count() == 6
    assert not Doorplate.objects.filter(address=addresses[1]).exists()
    assert not Doorplate.objects.filter(region_code=NEIGHBOUR_VILLAGE).exists()
    tokens = list(Doorplate.objects.values_list("token", flat=True))
    assert len(set(tokens)) == len(tokens)
    [done] = audits("places.doorplate.bulk_installed")
    assert done.after["created"] == 5 and done.actor == staff.aishan_officer
    assert len(audits("places.doorplate.bulk_requested")) == 1


def test_batch_is_idempotent(staff: Personas) -> None:
    _village_addresses(MY_VILLAGE, 4)
    services.doorplate_batch_create(actor=staff.aishan_officer, village_code=MY_VILLAGE, installed_on=DAY)
    tokens = set(Doorplate.objects.values_list("token", flat=True))
    second = services.doorplate_batch_create(actor=staff.aishan_officer, village_code=MY_VILLAGE, installed_on=DAY)
    second.refresh_from_db()
    assert (second.total, second.created, second.status) == (0, 0, DoorplateBatch.Status.DONE)
    assert set(Doorplate.objects.values_list("token", flat=True)) == tokens


def test_batch_runs_in_chunks_with_progress(staff: Personas) -> None:
    _village_addresses(MY_VILLAGE, 5)
    batch = DoorplateBatch.objects.create(region_code=MY_VILLAGE, installed_on=DAY, requested_by=staff.aishan_officer)
    assert services.doorplate_batch_run(batch_id=batch.pk, chunk=2) == DoorplateBatch.Status.DONE
    batch.refresh_from_db()
    assert (batch.total, batch.processed, batch.created) == (5, 5, 5)
    # A claimed batch is not run twice.
    assert services.doorplate_batch_run(batch_id=batch.pk) == "skipped"


def test_one_unfinished_batch_per_village(staff: Personas) -> None:
    DoorplateBatch.objects.create(region_code=MY_VILLAGE, installed_on=DAY, requested_by=staff.aishan_officer)
    with pytest.raises(ValidationError) as exc:
        services.doorplate_batch_create(actor=staff.aishan_officer, village_code=MY_VILLAGE, installed_on=DAY)
    assert exc.value.message_dict == {"village": [messages.BATCH_ALREADY_RUNNING]}


@pytest.mark.parametrize(("code", "message"), [
    ("", messages.BATCH_VILLAGE_REQUIRED),
    ("33050200300", messages.BATCH_VILLAGE_INVALID),
    ("330502003000", messages.BATCH_VILLAGE_INVALID),  # a township, not a village
    (OTHER_TOWNSHIP_VILLAGE, messages.BATCH_VILLAGE_NOT_FOUND),
    ("330502003999", messages.BATCH_VILLAGE_NOT_FOUND),
])
def test_batch_village_is_checked(staff: Personas, code: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.doorplate_batch_create(actor=staff.aishan_officer, village_code=code, installed_on=DAY)
    assert exc.value.message_dict == {"village": [message]}
    assert not DoorplateBatch.objects.exists()


# ---- counts ---------------------------------------------------------------------------------


def test_counts_group_by_level_and_list_empty_regions(world: dict, staff: Personas) -> None:
    services.doorplate_remove(actor=staff.city_admin, doorplate=world[NEIGHBOUR_VILLAGE].plate)
    level, rows = selectors.doorplate_counts(user=staff.city_admin, level="county")
    by_code = {r.code: r.plates for r in rows}
    assert level == "county"
    assert by_code["330502000000"] == 2  # MY_VILLAGE and OTHER_TOWNSHIP_VILLAGE; the removed one is not counted
    assert by_code["330523000000"] == 1
    assert by_code["330503000000"] == 0  # 南浔区: listed at zero
    assert len(rows) == 5

    level, rows = selectors.doorplate_counts(user=staff.aishan_officer, level="village", with_addresses=True)
    by_code = {r.code: r for r in rows}
    assert set(by_code) == {MY_VILLAGE, NEIGHBOUR_VILLAGE}
    assert (by_code[MY_VILLAGE].plates, by_code[MY_VILLAGE].addresses, by_code[MY_VILLAGE].coverage) == (1, 1, 100.0)
    assert by_code[NEIGHBOUR_VILLAGE].plates == 0


def test_counts_are_kept_but_follow_every_install_and_removal(world: dict, staff: Personas,
                                                              django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    def wuxing() -> int:
        return {r.code: r.plates for r in selectors.doorplate_counts(user=staff.city_admin, level="county")[1]}[
            "330502000000"]

    assert wuxing() == 3
    plate = world[NEIGHBOUR_VILLAGE].plate
    Doorplate.objects.filter(pk=plate.pk).update(status=Doorplate.Status.REMOVED)  # behind the services' back
    assert wuxing() == 3  # the kept count: a city-wide count is not redone on every page view
    Doorplate.objects.filter(pk=plate.pk).update(status=Doorplate.Status.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        services.doorplate_remove(actor=staff.city_admin, doorplate=plate)
    assert wuxing() == 2  # a removal through the service shows at once
    with django_capture_on_commit_callbacks(execute=True):
        services.doorplate_create(actor=staff.city_admin, address=plate.address, installed_on=dt.date(2024, 5, 1))
    assert wuxing() == 3


def test_counts_never_go_above_the_users_own_level(world: dict, staff: Personas) -> None:
    level, rows = selectors.doorplate_counts(user=staff.village_worker, level="county")
    assert level == "village" and [(r.code, r.plates) for r in rows] == [(MY_VILLAGE, 1)]
    level, rows = selectors.doorplate_counts(user=staff.anji_officer, level="township")
    assert sum(r.plates for r in rows) == 1 and all(r.code.startswith("330523") for r in rows)
    assert selectors.doorplate_counts(user=staff.nobody, level="county")[1] == []


# ---- catalogue ------------------------------------------------------------------------------


def test_catalogue_seed_has_21_departments_and_103_services_and_is_idempotent(db: None) -> None:
    assert len(CATALOGUE) == 21 and sum(len(d.services) for d in CATALOGUE) == 103
    assert catalogue_seed() == {"departments": 21, "services": 103}
    assert catalogue_seed() == {"departments": 0, "services": 0}
    assert Department.objects.count() == 21 and DoorplateService.objects.count() == 103
    city_wide = DoorplateService.objects.filter(region_code="330500000000").count()
    assert 85 <= city_wide < 103  # most city-wide, some county or township only


def test_only_the_catalogue_power_edits(staff: Personas) -> None:
    with pytest.raises(PermissionDenied):
        services.department_create(actor=staff.wuxing_officer, name="湖州市测试局")
    department = services.department_create(actor=staff.city_admin, name="湖州市测试局", phone="0572-12345")
    with pytest.raises(PermissionDenied):
        services.service_create(actor=staff.aishan_officer, department=department, name="测试", region_code="330500000000",
                                phone="12345")
    service = services.service_create(actor=staff.city_admin, department=department, name="测试服务",
                                      region_code="330502003000", phone="0572-12345", url="https://www.zjzwfw.gov.cn/")
    assert service.region_code == "330502003000"
    services.service_update(actor=staff.city_admin, service=service, department=department, name="测试服务（新）",
                            region_code="330500000000", phone="12345")
    services.service_deactivate(actor=staff.city_admin, service=service)
    services.department_deactivate(actor=staff.city_admin, department=department)
    actions = list(AuditEntry.objects.filter(action__startswith="places.d").values_list("action", flat=True))
    assert sorted(actions) == sorted([
        "places.department.created", "places.doorplate_service.created", "places.doorplate_service.updated",
        "places.doorplate_service.deactivated", "places.department.deactivated"])


def test_service_input_is_checked_field_by_field(staff: Personas) -> None:
    department = services.department_create(actor=staff.city_admin, name="湖州市测试局")
    with pytest.raises(ValidationError) as exc:
        services.service_create(actor=staff.city_admin, department=department, name=" ", region_code="3305",
                                phone="电话", url="ftp://x", sort=-1)
    assert exc.value.message_dict == {
        "name": [messages.CATALOGUE_NAME_REQUIRED],
        "region_code": [messages.CATALOGUE_REGION_INVALID],
        "phone": [messages.CATALOGUE_PHONE_INVALID],
        "url": [messages.CATALOGUE_URL_INVALID],
        "sort": [messages.CATALOGUE_SORT_INVALID],
    }
    with pytest.raises(ValidationError) as exc:
        services.service_create(actor=staff.city_admin, department=None, name="测试", region_code="330502999000")
    assert exc.value.message_dict == {
        "region_code": [messages.CATALOGUE_REGION_NOT_FOUND],
        "url": [messages.CATALOGUE_CONTACT_REQUIRED],
        "department": [messages.CATALOGUE_DEPARTMENT_REQUIRED],
    }
    services.service_create(actor=staff.city_admin, department=department, name="测试", region_code="330500000000",
                            phone="12345")
    with pytest.raises(ValidationError) as exc:
        services.service_create(actor=staff.city_admin, department=department, name="测试",
                                region_code="330500000000", phone="12345")
    assert exc.value.message_dict == {"name": [messages.CATALOGUE_SERVICE_TAKEN.format(name="测试")]}
    with pytest.raises(ValidationError) as exc:
        services.department_create(actor=staff.city_admin, name="湖州市测试局")
    assert exc.value.message_dict == {"name": [messages.CATALOGUE_DEPARTMENT_TAKEN.format(name="湖州市测试局")]}


# ---- demo -----------------------------------------------------------------------------------


def test_demo_plates_about_a_quarter_of_addresses_and_is_idempotent(staff: Personas) -> None:
    road = make_road(MY_VILLAGE)
    AddressFactory.create_batch(400, road=road)
    seen = []
    created = build_doorplates(scale=0.01, seed=7, progress=lambda done, total: seen.append((done, total)))
    assert 0.17 * 400 < created < 0.31 * 400  # PLATE_SHARE ≈ 0.24
    assert seen[-1] == (400, 400)
    assert build_doorplates(scale=0.01, seed=7) == 0
    dates = list(Doorplate.objects.values_list("installed_on", flat=True))
    assert min(dates) >= dt.date(2019, 1, 1) and max(dates) <= dt.date(2024, 12, 31)
    assert len({d.year for d in dates}) >= 4


def test_demo_choice_is_deterministic_and_near_the_share() -> None:
    codes = [f"330502003001{i:018d}" for i in range(20000)]
    picks = [chosen(1, c) for c in codes]
    share = sum(p is not None for p in picks) / len(codes)
    assert abs(share - PLATE_SHARE) < 0.01
    assert picks == [chosen(1, c) for c in codes]
    assert picks != [chosen(2, c) for c in codes]


def test_a_batch_stuck_for_an_hour_does_not_block_the_village(staff: Personas) -> None:
    _village_addresses(MY_VILLAGE, 2)
    stuck = DoorplateBatch.objects.create(region_code=MY_VILLAGE, installed_on=DAY, requested_by=staff.aishan_officer,
                                          status=DoorplateBatch.Status.RUNNING)
    DoorplateBatch.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    batch = services.doorplate_batch_create(actor=staff.aishan_officer, village_code=MY_VILLAGE, installed_on=DAY)
    stuck.refresh_from_db()
    batch.refresh_from_db()
    assert (stuck.status, stuck.error_message) == (DoorplateBatch.Status.FAILED, messages.BATCH_STALE)
    assert (batch.status, batch.created) == (DoorplateBatch.Status.DONE, 2)
