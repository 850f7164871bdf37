"""The import and export pages: permissions, visibility (404 outside scope), progress polling."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from minzheng.core import import_pages, tabular
from minzheng.core.models import ImportJob
from minzheng.people.models import Person
from tests.people.io.helpers import HEADERS, household, person_row, run_import, xlsx_bytes
from tests.personas import OTHER_TOWNSHIP_VILLAGE


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def upload(client, data, filename="people.xlsx"):
    return client.post(reverse("people_io:import"), {"file": SimpleUploadedFile(filename, data)})


def assert_csp_clean(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"


def test_urls_are_mounted_under_people_io():
    assert reverse("people_io:import") == "/people/io/"
    assert reverse("people_io:export") == "/people/io/export/"


@pytest.mark.parametrize("persona", ["village_worker", "auditor", "nobody"])
def test_import_page_needs_the_import_permission(personas, login, persona):
    client = login(getattr(personas, persona))
    assert client.get(reverse("people_io:import")).status_code == 403
    assert upload(client, xlsx_bytes([person_row(1)])).status_code == 403
    assert client.get(reverse("people_io:import_template")).status_code == 403
    assert not ImportJob.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    response = client.get(reverse("people_io:import"))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_import_page_offers_the_template_and_lists_recent_jobs(personas, login):
    run_import(personas.aishan_officer, xlsx_bytes([person_row(1)]), "第一批.xlsx")
    response = login(personas.aishan_officer).get(reverse("people_io:import"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("people_io:import_template") in html and "第一批.xlsx" in html and "校验完成" in html
    assert_csp_clean(html)


def test_template_has_the_columns_as_text_and_imports_as_no_rows(personas, login):
    response = login(personas.aishan_officer).get(reverse("people_io:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A2"].number_format == "@"
    assert workbook.sheetnames == ["人员", "填写说明"]
    job = run_import(personas.aishan_officer, response.content, "模板.xlsx")
    assert job.error_message == tabular.FILE_NO_ROWS


def test_upload_validates_and_shows_bad_rows_without_writing(personas, login):
    client = login(personas.aishan_officer)
    rows = [*household(1, (2, "配偶")), person_row(3, region=OTHER_TOWNSHIP_VILLAGE)]
    response = upload(client, xlsx_bytes(rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people_io:import_detail", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    assert "校验完成" in html and "区划代码超出您的管辖范围" in html and "<td>4</td>" in html
    assert "只导入正确的 2 行" in html
    assert reverse("people_io:import_report", args=[job.pk]) in html
    assert "hx-trigger" not in html  # finished: no polling
    assert_csp_clean(html)
    assert not Person.objects.exists()


def test_upload_of_an_unusable_file_shows_the_reason_on_the_form(personas, login):
    response = upload(login(personas.aishan_officer), b"\x89PNG\r\n\x1a\n" + bytes(50), "photo.xlsx")
    assert response.status_code == 200
    assert tabular.FILE_NOT_TABULAR in response.content.decode()
    assert not ImportJob.objects.exists()


def test_upload_with_missing_columns_shows_which(personas, login):
    client = login(personas.aishan_officer)
    response = upload(client, xlsx_bytes([["张三"]], headers=["姓名"]))
    html = client.get(response["Location"]).content.decode()
    assert "缺少必需的列：身份证号、区划代码" in html and "失败" in html


def test_report_download_lists_every_bad_row(personas, login, monkeypatch):
    monkeypatch.setattr(import_pages, "ERRORS_SHOWN", 2)
    client = login(personas.aishan_officer)
    rows = [person_row(n, region=OTHER_TOWNSHIP_VILLAGE) for n in range(1, 6)]
    job = run_import(personas.aishan_officer, xlsx_bytes(rows))
    html = client.get(reverse("people_io:import_detail", args=[job.pk])).content.decode()
    assert "另有 3 条错误未显示" in html
    response = client.get(reverse("people_io:import_report", args=[job.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["行号", "列", "值", "原因"]
    assert [v[0] for v in values[1:]] == [2, 3, 4, 5, 6]
    assert values[1][1:] == ["区划代码", OTHER_TOWNSHIP_VILLAGE, "区划代码超出您的管辖范围"]


def test_commit_through_the_page(personas, login):
    client = login(personas.aishan_officer)
    job = run_import(personas.aishan_officer, xlsx_bytes(household(1, (2, "配偶"))))
    response = client.post(reverse("people_io:import_commit", args=[job.pk]))
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "导入完成" in html and "新增 2 人" in html
    assert Person.objects.count() == 2


def test_commit_needs_post(personas, login):
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1)]))
    assert login(personas.aishan_officer).get(reverse("people_io:import_commit", args=[job.pk])).status_code == 405


def test_someone_else_in_scope_sees_the_job_but_cannot_commit_it(personas, login):
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1)]))
    client = login(personas.wuxing_officer)
    html = client.get(reverse("people_io:import_detail", args=[job.pk])).content.decode()
    assert "只有上传人可以确认导入" in html
    response = client.post(reverse("people_io:import_commit", args=[job.pk]))
    assert response.status_code == 403
    assert not Person.objects.exists()


@pytest.mark.parametrize(("persona", "visible"), [
    ("aishan_officer", True),  # the uploader
    ("wuxing_officer", True),  # the county contains the township
    ("city_admin", True),
    ("anji_officer", False),  # another county
    ("village_worker", False),  # a village inside the township does not contain it
    ("nobody", False),
])
def test_a_job_is_visible_to_its_uploader_and_to_scopes_that_contain_it(personas, login, persona, visible):
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1, region=OTHER_TOWNSHIP_VILLAGE)]))
    client = login(getattr(personas, persona))
    for name in ("import_detail", "import_progress", "import_report"):
        status = client.get(reverse(f"people_io:{name}", args=[job.pk])).status_code
        assert status == (200 if visible else 404), name
    if not visible:
        assert client.post(reverse("people_io:import_commit", args=[job.pk])).status_code == 404


def test_unknown_job_is_404(personas, login):
    client = login(personas.city_admin)
    assert client.get("/people/io/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_progress_fragment_polls_while_running_and_reloads_when_finished(personas, login):
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1), person_row(2)]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, processed_rows=1, total_rows=2)
    client = login(personas.aishan_officer)
    url = reverse("people_io:import_progress", args=[job.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in html and f'hx-get="{url}"' in html
    assert '<progress max="2" value="1">' in html and "已校验 1 / 2 行" in html
    assert_csp_clean(html)
    page = client.get(reverse("people_io:import_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATED)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.headers.get("HX-Refresh") == "true"
    assert 'hx-trigger' not in client.get(url).content.decode()
