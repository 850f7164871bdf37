"""Exports: only what the user can see, always masked, always logged."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from minzheng.core.models import AccessLog
from minzheng.people import exports
from tests.factories import HouseholdFactory, PersonFactory, id_number_for
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE


@pytest.fixture
def people(db):
    home = HouseholdFactory(head__name="张大", head__raw_id_number=id_number_for(1), head__raw_phone="13812345678")
    PersonFactory(name="李二", raw_id_number=id_number_for(2), region_code=NEIGHBOUR_VILLAGE, address_text="=1+1")
    PersonFactory(name="张三", raw_id_number=id_number_for(3), region_code=OTHER_COUNTY_VILLAGE)
    return home


def download(client, **data):
    return client.post(reverse("people_io:export"), {"format": "csv", "q": "", "region_code": "", "status": "",
                                                     **data})


def csv_lines(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return body.decode("utf-8-sig").splitlines()


def test_csv_export_is_masked_and_scoped(client, personas, people):
    client.force_login(personas.village_worker)
    response = download(client)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    lines = csv_lines(response)
    assert lines[0] == ",".join(exports.HEADERS)
    assert len(lines) == 2  # only the village worker's own community
    assert lines[1].startswith("张大,") and MY_VILLAGE in lines[1] and "仪凤桥社区" in lines[1]
    assert "330502********" in lines[1] and "138****5678" in lines[1] and ",张大,本人" in lines[1]
    assert id_number_for(1) not in lines[1] and "13812345678" not in lines[1]


def test_xlsx_export_is_masked_and_scoped(client, personas, people):
    client.force_login(personas.aishan_officer)
    response = download(client, format="xlsx")
    assert response.status_code == 200
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows()]
    assert rows[0] == list(exports.HEADERS)
    assert sorted(r[0] for r in rows[1:]) == ["张大", "李二"]
    formula = next(r for r in rows[1:] if r[0] == "李二")[7]
    assert formula == "=1+1"  # kept as text, not run as a formula
    flat = str(rows)
    assert id_number_for(1) not in flat and id_number_for(2) not in flat


def test_export_follows_the_search_filters(client, personas, people):
    client.force_login(personas.city_admin)
    assert len(csv_lines(download(client, q="张"))) == 3
    assert len(csv_lines(download(client, region_code="330523"))) == 2
    assert len(csv_lines(download(client, q=id_number_for(2)))) == 2


def test_export_writes_one_access_log_row_with_the_filter_masked(client, personas, people):
    client.force_login(personas.city_admin)
    download(client, q=id_number_for(2), region_code="330502")
    log = AccessLog.objects.get()
    assert log.kind == AccessLog.Kind.EXPORT and log.actor == personas.city_admin and log.field == "csv"
    assert log.region_code == "330502000000"
    assert "1 条" in log.subject_repr and id_number_for(2) not in log.subject_repr
    assert id_number_for(2)[:6] in log.subject_repr


@pytest.mark.parametrize("persona", ["auditor", "nobody"])
def test_export_needs_the_export_permission(client, personas, people, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("people_io:export")).status_code == 403
    assert download(client).status_code == 403
    assert not AccessLog.objects.exists()


def test_export_form_is_prefilled_from_a_person_search(client, personas):
    client.force_login(personas.village_worker)
    html = client.get(reverse("people_io:export"), {"q": "张", "region": MY_VILLAGE}).content.decode()
    assert 'value="张"' in html and f'value="{MY_VILLAGE}"' in html
    assert " style=" not in html


def test_bad_filter_is_reported_on_the_form(client, personas):
    client.force_login(personas.village_worker)
    response = download(client, region_code="abc")
    assert response.status_code == 200 and "区划代码应为数字" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_xlsx_refuses_more_rows_than_excel_holds(client, personas, people, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1)
    client.force_login(personas.city_admin)
    response = download(client, format="xlsx")
    assert response.status_code == 200 and "超过 Excel 的上限" in response.content.decode()
