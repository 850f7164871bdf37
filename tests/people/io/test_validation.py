"""The dry run: every bad row is reported with its row, column, masked value and Chinese reason,
and nothing is written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core import messages as core_messages
from minzheng.core import tabular
from minzheng.core.idnumber import make_id_number
from minzheng.core.models import AuditEntry, ImportJob
from minzheng.people import imports
from minzheng.people.models import Household, Membership, Person
from minzheng.people.services import household_create, person_create
from tests.factories import HouseholdFactory, PersonFactory
from tests.people.io.helpers import (
    HEADERS,
    csv_bytes,
    errors_by_row,
    household,
    person_row,
    pid,
    reasons,
    run_import,
    xlsx_bytes,
)
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE


def nothing_written():
    return not Person.objects.exists() and not Household.objects.exists() and not Membership.objects.exists()


def test_good_xlsx_is_validated_and_nothing_is_written(personas):
    rows = household(1, (2, "配偶"), (3, "子女")) + household(4) + [person_row(5)]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert job.status == ImportJob.Status.VALIDATED
    assert (job.total_rows, job.good_rows, job.bad_rows) == (5, 5, 0)
    assert job.errors == []
    assert job.summary["planned"] == {"create": 5, "update": 0, "keep": 0, "households": 2, "memberships": 4}
    assert nothing_written()
    assert list(AuditEntry.objects.filter(action__startswith="people.").values_list("action", flat=True)) == [
        "people.import.uploaded"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_good_csv_is_validated_in_any_usual_encoding(personas, encoding):
    rows = household(1, (2, "配偶"))
    job = run_import(personas.aishan_officer, csv_bytes(rows, encoding=encoding), "people.csv")
    assert job.status == ImportJob.Status.VALIDATED, job.error_message
    assert (job.good_rows, job.bad_rows) == (2, 0)
    assert job.summary["format"] == "csv"


BAD_IDS = [
    ("33050219800517001", core_messages.ID_NUMBER_BAD_LENGTH.format(length=17)),
    ("33050219800517001A", core_messages.ID_NUMBER_BAD_CHARACTERS),
    ("990502198005170011", core_messages.ID_NUMBER_BAD_REGION),
    ("330502198002300011", core_messages.ID_NUMBER_BAD_DATE),
    (make_id_number("330502", dt.date.today() + dt.timedelta(days=400), 1), core_messages.ID_NUMBER_FUTURE_DATE),
    (pid(1)[:17] + ("0" if pid(1)[17] != "0" else "1"), core_messages.ID_NUMBER_BAD_CHECKSUM),
    ("3.30502E+17", imports.ID_STORED_AS_NUMBER),
]


@pytest.mark.parametrize(("bad_id", "reason"), BAD_IDS, ids=["length", "characters", "region", "date", "future",
                                                             "checksum", "as-number"])
def test_each_bad_id_number_is_reported_with_its_exact_reason(personas, bad_id, reason):
    rows = [person_row(1), [bad_id, "张三", "", MY_VILLAGE, "", "", ""]]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert (job.good_rows, job.bad_rows) == (1, 1)
    assert errors_by_row(job) == {3: [("身份证号", errors_by_row(job)[3][0][1], reason)]}
    shown = errors_by_row(job)[3][0][1]
    assert bad_id not in shown or len(bad_id) <= 10  # never the clear number


def test_report_rows_carry_row_number_column_masked_value_and_reason(personas):
    rows = [
        person_row(1),
        [pid(2), "张三", "1381234", MY_VILLAGE, "", "", ""],
        [pid(3), "", "", MY_VILLAGE, "", "", ""],
        [pid(4), "李四", "", "33050200300", "", "", ""],
        [pid(5), "王五", "", MY_VILLAGE, "", pid(1), "表亲"],
    ]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert job.errors == [
        [3, "手机号", "1******", core_messages.PHONE_INVALID],
        [4, "姓名", "", core_messages.NAME_REQUIRED],
        [5, "区划代码", "33050200300", core_messages.REGION_NOT_VILLAGE],
        [6, "与户主关系", "表亲", imports.RELATIONSHIP_INVALID],
    ]


def test_region_must_exist_be_a_village_and_lie_in_scope(personas):
    rows = [
        [pid(1), "张一", "", "330502003999", "", "", ""],
        [pid(2), "张二", "", "330502003000", "", "", ""],
        [pid(3), "张三", "", OTHER_TOWNSHIP_VILLAGE, "", "", ""],
        [pid(4), "张四", "", OTHER_COUNTY_VILLAGE, "", "", ""],
        [pid(5), "张五", "", NEIGHBOUR_VILLAGE, "", "", ""],
    ]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert reasons(job, 2) == [core_messages.REGION_UNKNOWN.format(code="330502003999")]
    assert reasons(job, 3) == [core_messages.REGION_NOT_VILLAGE]
    assert reasons(job, 4) == [core_messages.REGION_OUT_OF_SCOPE]
    assert reasons(job, 5) == [core_messages.REGION_OUT_OF_SCOPE]
    assert reasons(job, 6) == []
    assert (job.good_rows, job.bad_rows) == (1, 4)


def test_county_officer_rows_in_another_county_are_bad_rows(personas):
    rows = [person_row(1, region=OTHER_TOWNSHIP_VILLAGE), person_row(2, region=OTHER_COUNTY_VILLAGE)]
    job = run_import(personas.wuxing_officer, xlsx_bytes(rows))
    assert reasons(job, 2) == []
    assert reasons(job, 3) == [core_messages.REGION_OUT_OF_SCOPE]


def test_village_worker_cannot_import_at_all(personas):
    with pytest.raises(PermissionDenied):
        imports.import_job_create(actor=personas.village_worker, data=xlsx_bytes([person_row(1)]), filename="a.xlsx")
    assert not ImportJob.objects.exists()


def test_duplicate_id_numbers_within_the_file_are_reported_against_the_first(personas):
    rows = [person_row(1), person_row(2), person_row(1), person_row(1)]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert reasons(job, 4) == [imports.DUPLICATE_ID.format(row=2)]
    assert reasons(job, 5) == [imports.DUPLICATE_ID.format(row=2)]
    assert (job.good_rows, job.bad_rows) == (2, 2)


def test_members_of_a_bad_head_row_are_bad_too(personas):
    rows = household(1, (2, "配偶"), (3, "子女"))
    rows[0][2] = "12345"  # the head's phone is wrong
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert reasons(job, 2) == [core_messages.PHONE_INVALID]
    assert reasons(job, 3) == [imports.HEAD_ROW_BAD.format(row=2)]
    assert reasons(job, 4) == [imports.HEAD_ROW_BAD.format(row=2)]
    assert job.good_rows == 0


def test_head_missing_from_file_and_registry(personas):
    rows = [person_row(2, head=1, rel="配偶")]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert reasons(job, 2) == [imports.HEAD_NOT_FOUND]


def test_member_may_join_a_household_already_registered(personas):
    head = HouseholdFactory(head__raw_id_number=pid(1)).head
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(2, head=1, rel="子女")]))
    assert job.bad_rows == 0
    assert job.summary["planned"]["memberships"] == 1
    assert head.pk


def test_head_registered_without_household_must_be_in_the_file(personas):
    PersonFactory(raw_id_number=pid(1))
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(2, head=1, rel="子女")]))
    assert reasons(job, 2) == [imports.HEAD_HAS_NO_HOUSEHOLD]


def test_household_of_a_head_outside_scope_cannot_be_joined(personas):
    HouseholdFactory(head__raw_id_number=pid(1), region_code=OTHER_TOWNSHIP_VILLAGE)
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(2, head=1, rel="子女")]))
    assert reasons(job, 2) == [imports.HEAD_OUT_OF_SCOPE]


def test_two_self_rows_in_one_household(personas):
    rows = [*household(1), person_row(2, head=1, rel="本人")]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert reasons(job, 3) == [imports.SECOND_SELF]


def test_household_columns_must_agree(personas):
    rows = [
        person_row(1, head=1, rel="配偶"),  # own ID as head, but not 本人
        person_row(2, rel="子女"),  # a relationship without a head
        person_row(5, head=5),
        person_row(3, head=5),  # a member without a relationship
        person_row(4, head=2, rel="子女"),  # the "head" is in the file but heads nothing
        person_row(6, head=1, rel="子女"),  # the head's row is bad
    ]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert reasons(job, 2) == [imports.HEAD_MUST_BE_SELF]
    assert reasons(job, 3) == [imports.HEAD_ID_REQUIRED]
    assert reasons(job, 4) == []
    assert reasons(job, 5) == [imports.RELATIONSHIP_REQUIRED]
    assert reasons(job, 6) == [imports.HEAD_ROW_NOT_HEAD.format(row=3)]
    assert reasons(job, 7) == [imports.HEAD_ROW_BAD.format(row=2)]


def test_head_with_empty_head_column_and_self_relationship(personas):
    rows = [[pid(1), "张一", "", MY_VILLAGE, "", "", "本人"], person_row(2, head=1, rel="配偶")]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    assert job.bad_rows == 0
    assert job.summary["planned"]["households"] == 1


def test_person_already_in_another_household(personas):
    other = HouseholdFactory(head__name="赵大")
    person = PersonFactory(raw_id_number=pid(2))
    Membership.objects.create(household=other, person=person, relationship="child", region_code=other.region_code)
    job = run_import(personas.aishan_officer, xlsx_bytes(household(1, (2, "配偶"))))
    assert reasons(job, 3) == [imports.ALREADY_IN_HOUSEHOLD.format(head="赵大")]
    assert reasons(job, 2) == []


def test_person_registered_outside_scope_is_a_bad_row(personas):
    PersonFactory(raw_id_number=pid(1), region_code=OTHER_COUNTY_VILLAGE)
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1)]))
    assert reasons(job, 2) == [imports.PERSON_OUT_OF_SCOPE]


def test_deceased_person_cannot_join_a_household(personas):
    PersonFactory(raw_id_number=pid(2), status="deceased", death_date=dt.date(2020, 1, 1))
    job = run_import(personas.aishan_officer, xlsx_bytes(household(1, (2, "配偶"))))
    assert reasons(job, 3) == [imports.PERSON_DECEASED]


def test_registered_people_with_the_same_data_are_planned_unchanged(personas):
    actor = personas.aishan_officer
    head = person_create(actor=actor, id_number=pid(1), name="王乙甲", region_code=MY_VILLAGE, phone="13900000001",
                         address_text="红旗路1号")
    household_create(actor=actor, head=head)
    job = run_import(actor, xlsx_bytes(household(1)))
    assert job.summary["planned"] == {"create": 0, "update": 0, "keep": 1, "households": 0, "memberships": 0}


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.xlsx", tabular.FILE_EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "photo.xlsx", tabular.FILE_NOT_TABULAR),
        (bytes(range(256)) * 8, "random.csv", tabular.FILE_NOT_TABULAR),
        (b"a,b\n", "people.txt", tabular.FILE_BAD_EXTENSION),
    ],
    ids=["empty", "png-renamed", "random-bytes", "extension"],
)
def test_unusable_uploads_are_refused_at_once_and_nothing_is_written(personas, data, filename, message):
    with pytest.raises(ValidationError) as exc:
        imports.import_job_create(actor=personas.aishan_officer, data=data, filename=filename)
    assert exc.value.message_dict == {"file": [message]}
    assert not ImportJob.objects.exists()


def test_too_big_upload_is_refused(personas, settings):
    settings.MINZHENG_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="文件过大"):
        imports.import_job_create(actor=personas.aishan_officer, data=b"x" * 101, filename="a.csv")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (xlsx_bytes([["张三", MY_VILLAGE]], headers=["姓名", "区划代码"]),
         tabular.FILE_MISSING_COLUMNS.format(columns="身份证号")),
        (xlsx_bytes([["x"]], headers=["甲", "乙"]),
         tabular.FILE_NO_HEADER.format(columns="、".join(HEADERS))),
        (xlsx_bytes([]), tabular.FILE_NO_ROWS),
        (b"PK\x03\x04" + bytes(300), tabular.FILE_BAD_XLSX),
    ],
    ids=["missing-columns", "wrong-columns", "no-rows", "corrupt-xlsx"],
)
def test_files_that_cannot_be_read_fail_the_job_with_a_message(personas, data, message):
    job = run_import(personas.aishan_officer, data, "people.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert job.error_message == message
    assert job.file_cipher in (b"", memoryview(b"")) or bytes(job.file_cipher) == b""
    assert nothing_written()


def test_too_many_rows_fail_the_job(personas, settings):
    settings.MINZHENG_IMPORT_MAX_ROWS = 2
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1), person_row(2), person_row(3)]))
    assert job.error_message == tabular.FILE_TOO_MANY_ROWS.format(limit=2)


def test_upload_is_stored_encrypted(personas):
    data = csv_bytes([person_row(1)])
    job = run_import(personas.aishan_officer, data, "people.csv")
    stored = ImportJob.objects.get(pk=job.pk)
    assert pid(1).encode() not in bytes(stored.file_cipher)
    assert stored.read_file() == data
