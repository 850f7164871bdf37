"""Importing addresses: every bad-row reason, committing only the good rows, idempotence."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from minzheng.core.models import AuditEntry, ImportJob
from minzheng.core.tabular import FILE_BAD_EXTENSION
from minzheng.places import messages
from minzheng.places.addresses import exports, imports, selectors, services
from minzheng.places.models import Address, Road
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db

HEADERS = imports.HEADERS


def csv_file(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["仪凤桥社区标准地址（2024年）"])  # a title above the header, as offices do
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(road: str = "红旗路", number: Any = "18", building: Any = "", unit: Any = "", room: Any = "",
        region: str = MY_VILLAGE, kind: str = "", lng: Any = "120.0868", lat: Any = "30.894",
        status: str = "") -> list[Any]:
    return [region, road, kind, number, building, unit, room, lng, lat, status]


def run(actor, data: bytes, filename: str = "addresses.csv", only_good: bool = True) -> ImportJob:  # type: ignore[no-untyped-def]
    job = imports.address_import_start(actor=actor, data=data, filename=filename, only_good=only_good)
    job.refresh_from_db()
    return job


def reasons(job: ImportJob) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for number, column, _value, reason in job.errors:
        out.setdefault(number, []).append((column, reason))
    return out


GOOD = [
    row(number="18"),
    row(number="18", building="3", unit="2", room="501"),
    row(number="18", building="3", unit="2", room="502"),
    row(road="碧浪湖小区", number="1"),
    row(road="碧浪湖小区", number="1", building="1", unit="1", room="101", lng="", lat=""),
    row(road="衣裳街", number="5-1", region=NEIGHBOUR_VILLAGE, kind="街路巷", status="使用中"),
]


def test_good_file_is_written_with_roads_and_audit(personas):  # type: ignore[no-untyped-def]
    job = run(personas.aishan_officer, csv_file(GOOD))
    assert job.status == ImportJob.Status.DONE, job.error_message
    assert (job.total_rows, job.good_rows, job.bad_rows, job.created_count) == (6, 6, 0, 6)
    assert job.percent == 100
    assert job.file_cipher in (b"", b"")
    roads = {r.name: r for r in Road.objects.all()}
    assert set(roads) == {"红旗路", "碧浪湖小区", "衣裳街"}
    assert roads["碧浪湖小区"].kind == Road.Kind.COMPOUND and roads["红旗路"].kind == Road.Kind.ROAD
    assert roads["衣裳街"].region_code == NEIGHBOUR_VILLAGE
    room = Address.objects.get(room="501")
    assert room.full_text == "湖州市吴兴区爱山街道仪凤桥社区红旗路18号3幢2单元501室"
    assert room.code == MY_VILLAGE + roads["红旗路"].code[-4:] + "00180" + "003" + "02" + "0501"
    assert Address.objects.get(road__name="碧浪湖小区", room="101").lng is None
    actions = list(AuditEntry.objects.filter(object_id=str(job.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["places.address.imported", "places.address_import.uploaded", "places.road.imported"]


def test_reimporting_the_same_file_changes_nothing(personas):  # type: ignore[no-untyped-def]
    data = xlsx_file(GOOD)
    first = run(personas.aishan_officer, data, "a.xlsx")
    snapshot = list(Address.objects.order_by("code").values_list("code", "full_text", "road_id"))
    second = run(personas.aishan_officer, data, "a.xlsx")
    assert first.created_count == 6
    assert second.status == ImportJob.Status.DONE
    assert (second.created_count, second.unchanged_count) == (0, 6)
    assert list(Address.objects.order_by("code").values_list("code", "full_text", "road_id")) == snapshot
    assert Road.objects.count() == 3
    assert second.summary["roads_created"] == 0


BAD = [
    (row(region="33050200300"), "区划代码", messages.IMPORT_REGION_INVALID),
    (row(region="330502003999"), "区划代码", messages.IMPORT_REGION_UNKNOWN),
    (row(region="330502003000"), "区划代码", messages.IMPORT_REGION_UNKNOWN),
    (row(region=OTHER_COUNTY_VILLAGE), "区划代码", messages.IMPORT_REGION_OUT_OF_SCOPE),
    (row(road=""), "街路巷/小区", messages.IMPORT_ROAD_REQUIRED),
    (row(road="Hongqi Rd"), "街路巷/小区", messages.ROAD_NAME_BAD_CHARACTERS),
    (row(kind="桥梁"), "类别", messages.IMPORT_KIND_INVALID),
    (row(number=""), "门牌号", messages.ADDRESS_NUMBER_REQUIRED),
    (row(number="十八"), "门牌号", messages.ADDRESS_NUMBER_INVALID),
    (row(number="18", building="A"), "幢", messages.ADDRESS_BUILDING_INVALID),
    (row(number="18", building="3", unit="100"), "单元", messages.ADDRESS_UNIT_INVALID),
    (row(number="18", building="3", room="12345"), "室", messages.ADDRESS_ROOM_INVALID),
    (row(number="18", unit="2"), "单元", messages.ADDRESS_UNIT_WITHOUT_BUILDING),
    (row(lng="东经120"), "经度", messages.ADDRESS_LNG_INVALID),
    (row(lat="95"), "纬度", messages.ADDRESS_LAT_INVALID),
    (row(lat=""), "纬度", messages.ADDRESS_COORDINATES_PAIR),
    (row(status="拆除"), "状态", messages.ADDRESS_STATUS_INVALID),
    (row(number="20", kind="小区"), "类别", messages.IMPORT_KIND_CONFLICT.format(kind="街路巷")),
    (row(number="18"), "门牌号", messages.IMPORT_DUPLICATE_ROW.format(row=2)),
]


def test_every_bad_row_is_reported_and_only_good_rows_commit(personas):  # type: ignore[no-untyped-def]
    rows = [row(number="18")] + [r for r, _, _ in BAD] + [row(number="22")]
    job = run(personas.aishan_officer, csv_file(rows), only_good=True)
    assert job.status == ImportJob.Status.DONE
    found = reasons(job)
    for index, (_, column, reason) in enumerate(BAD, start=3):
        assert found.get(index) == [(column, reason)], (index, found.get(index))
    assert (job.good_rows, job.bad_rows, job.created_count) == (2, len(BAD), 2)
    assert sorted(Address.objects.values_list("number", flat=True)) == ["18", "22"]
    assert list(Road.objects.values_list("name", flat=True)) == ["红旗路"]  # no road for bad rows only


def test_bad_rows_without_only_good_commit_nothing_until_asked(personas):  # type: ignore[no-untyped-def]
    actor = personas.aishan_officer
    job = run(actor, csv_file([row(number="18"), row(number="x"), row(number="20")]), only_good=False)
    assert job.status == ImportJob.Status.VALIDATED
    assert job.error_message == messages.IMPORT_NOT_COMMITTED
    assert (job.good_rows, job.bad_rows) == (2, 1)
    assert not Address.objects.exists() and not Road.objects.exists()
    assert reasons(job) == {3: [("门牌号", messages.ADDRESS_NUMBER_INVALID)]}
    with pytest.raises(ValidationError):
        imports.address_import_commit(actor=personas.wuxing_officer, job=job)
    job = imports.address_import_commit(actor=actor, job=job)
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert Address.objects.count() == 2
    with pytest.raises(ValidationError) as exc:
        imports.address_import_commit(actor=actor, job=job)
    assert exc.value.message_dict == {"job": [messages.IMPORT_NOT_COMMITTABLE]}


def test_all_bad_commits_nothing(personas):  # type: ignore[no-untyped-def]
    job = run(personas.aishan_officer, csv_file([row(number="x")]))
    assert job.status == ImportJob.Status.VALIDATED
    assert job.error_message == messages.IMPORT_NOTHING_GOOD
    assert not Address.objects.exists()


def test_existing_roads_are_reused_including_the_townships(personas):  # type: ignore[no-untyped-def]
    actor = personas.aishan_officer
    township_road = services.road_create(actor=actor, region_code="330502003000", name="人民路")
    village_road = services.road_create(actor=actor, region_code=MY_VILLAGE, name="红旗路")
    job = run(actor, csv_file([row(road="人民路", number="1"), row(road="红旗路", number="2"),
                               row(road="人民路", number="3", region=NEIGHBOUR_VILLAGE)]))
    assert job.created_count == 3 and job.summary["roads_created"] == 0
    assert set(Address.objects.values_list("road_id", flat=True)) == {township_road.pk, village_road.pk}


def test_full_width_digits_and_suffixes_are_accepted(personas):  # type: ignore[no-untyped-def]
    job = run(personas.aishan_officer, csv_file([row(number="１８号", building="3幢", unit="2单元", room="501室")]))
    assert job.created_count == 1
    assert Address.objects.get().full_text.endswith("红旗路18号3幢2单元501室")


def test_upload_checks_and_permission(personas):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        imports.address_import_start(actor=personas.aishan_officer, data=b"x", filename="a.txt")
    assert exc.value.message_dict == {"file": [FILE_BAD_EXTENSION]}
    with pytest.raises(PermissionDenied):
        imports.address_import_start(actor=personas.village_worker, data=csv_file(GOOD), filename="a.csv")


def test_missing_column_fails_the_job_with_a_reason(personas):  # type: ignore[no-untyped-def]
    job = run(personas.aishan_officer, csv_file([["330502003001", "红旗路"]], headers=["区划代码", "街路巷/小区"]))
    assert job.status == ImportJob.Status.FAILED
    assert "门牌号" in job.error_message


def test_export_round_trip_changes_nothing(personas):  # type: ignore[no-untyped-def]
    actor = personas.aishan_officer
    run(actor, csv_file(GOOD))
    exported = b"".join(exports.csv_stream(selectors.address_list(user=actor)))
    again = run(actor, exported, "export.csv")
    assert again.status == ImportJob.Status.DONE
    assert (again.created_count, again.unchanged_count) == (0, 6)
    assert set(again.summary["ignored_columns"]) == {"地址编码", "标准地址"}


def test_export_is_scoped(personas):  # type: ignore[no-untyped-def]
    run(personas.aishan_officer, csv_file(GOOD))
    text = b"".join(exports.csv_stream(selectors.address_list(user=personas.village_worker))).decode("utf-8-sig")
    assert "仪凤桥社区" in text and "南街社区" not in text
    assert len(text.strip().splitlines()) == 1 + 5
    workbook_bytes = exports.xlsx(selectors.address_list(user=personas.anji_officer))
    assert workbook_bytes.startswith(b"PK")


def test_import_jobs_are_scoped(personas):  # type: ignore[no-untyped-def]
    job = run(personas.aishan_officer, csv_file(GOOD))
    assert selectors.address_import_get(user=personas.wuxing_officer, pk=job.pk) == job
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.address_import_get(user=personas.anji_officer, pk=job.pk)
    with pytest.raises(Http404):
        selectors.address_import_get(user=personas.city_admin, pk="not-a-uuid")


@pytest.mark.parametrize(("number", "building", "unit", "room"), [
    ("1", "", "", ""), ("18-1", "", "", ""), ("9999", "999", "99", "9999"), ("18", "3", "2", "501"),
    ("7", "12", "", ""), ("7", "", "", "301"),
])
def test_fast_code_matches_codes_module(number, building, unit, room):  # type: ignore[no-untyped-def]
    from minzheng.places import codes

    row = imports.Row(number=2, region_code=MY_VILLAGE, plate=number, building=building, unit=unit, room=room)
    assert imports._code(row, MY_VILLAGE + "0042") == codes.address_code(
        region_code=MY_VILLAGE, road_code=MY_VILLAGE + "0042", number=number, building=building, unit=unit,
        room=room)
