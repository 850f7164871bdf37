"""The charity pages in Chinese: every list opens for the city and the counties, scoped to their
region, with an Excel download of the same rows; officers without the charity permission get 403,
a record elsewhere 404; the forms call the services and show their reasons (400)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from minzheng.civil_society.charity.models import CharityRecognition
from minzheng.civil_society.donations import services as donation_services
from minzheng.civil_society.donations.models import Donation
from minzheng.civil_society.trusts import services as trust_services
from tests.civil_society.charity.support import charity_make, org_make, uscc_for
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db

LISTS = [
    "/charity/",
    "/charity/recognitions/",
    "/charity/qualifications/",
    "/charity/spending/?year=2024",
    "/charity/donations/",
    "/charity/donations/campaigns/",
    "/charity/donations/disbursements/",
    "/charity/trusts/",
]


@pytest.fixture
def world(personas):
    admin = personas.city_admin
    wuxing = charity_make(admin, name="吴兴区慈善总会", federation=True, qualified_on=dt.date(2020, 3, 1))
    anji = charity_make(admin, name="安吉县慈善总会", region_code=OTHER_COUNTY_VILLAGE)
    donation_services.donation_record(
        actor=admin,
        organization=wuxing,
        donor_kind="unit",
        donor_name="织里商会",
        amount="8888.00",
        received_on=dt.date(2024, 6, 1),
        handler="王经办",
    )
    donation_services.donation_record(
        actor=admin,
        organization=anji,
        donor_kind="unit",
        donor_name="安吉白茶协会",
        amount="6666.00",
        received_on=dt.date(2024, 6, 1),
        handler="李经办",
    )
    trust_services.trust_file(
        actor=admin,
        name="安吉共富慈善信托",
        trustee_kind="charity",
        trustee_organization=anji.pk,
        settlors="张某",
        amount="500000",
        signed_on=dt.date(2024, 5, 6),
        filed_on=dt.date(2024, 5, 8),
        purpose="助学",
    )
    return {"wuxing": wuxing, "anji": anji}


@pytest.mark.parametrize("url", LISTS)
def test_every_list_opens_in_chinese_and_downloads_as_excel(personas, login, world, url) -> None:
    client = login(personas.city_admin)
    page = client.get(url)
    assert page.status_code == 200 and "导出Excel" in page.content.decode()
    sheet = client.get(url + ("&" if "?" in url else "?") + "export=xlsx")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    load_workbook(io.BytesIO(sheet.content))


def test_a_county_sees_only_its_own_charities_and_donations(personas, login, world) -> None:
    client = login(personas.wuxing_officer)
    assert "吴兴区慈善总会" in client.get("/charity/").content.decode()
    assert "安吉县慈善总会" not in client.get("/charity/").content.decode()
    ledger = client.get("/charity/donations/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(ledger.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["织里商会"]
    anji_donation = Donation.objects.get(organization=world["anji"])
    assert client.get(f"/charity/donations/{anji_donation.pk}/receipt.pdf").status_code == 404
    assert "安吉共富慈善信托" not in client.get("/charity/trusts/").content.decode()


def test_officers_without_the_charity_permission_get_403(personas, login, world) -> None:
    client = login(personas.aishan_officer)
    for url in LISTS:
        assert client.get(url).status_code == 403


def test_the_auditor_reads_the_ledger_without_links_to_record_or_void(personas, login, world) -> None:
    client = login(personas.auditor)
    row = Donation.objects.get(organization=world["wuxing"])
    ledger = client.get("/charity/donations/").content.decode()
    assert "织里商会" in ledger
    assert "/charity/donations/new/" not in ledger and f"/charity/donations/{row.pk}/void/" not in ledger
    assert "/charity/donations/campaigns/new/" not in client.get("/charity/donations/campaigns/").content.decode()
    assert client.post(f"/charity/donations/{row.pk}/void/", {"reason": "误录"}).status_code == 403
    officer_ledger = login(personas.wuxing_officer).get("/charity/donations/").content.decode()
    assert "/charity/donations/new/" in officer_ledger and f"/charity/donations/{row.pk}/void/" in officer_ledger


def test_the_receipt_downloads_as_pdf(personas, login, world) -> None:
    row = Donation.objects.get(organization=world["wuxing"])
    response = login(personas.wuxing_officer).get(f"/charity/donations/{row.pk}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_recognizing_through_the_pages(personas, login) -> None:
    org = org_make(name="湖州市南太湖公益基金会")
    client = login(personas.wuxing_officer)
    bad = client.post("/charity/recognitions/new/", {"uscc": org.uscc, "applied_on": "2099-01-01"})
    assert bad.status_code == 400 and "申请日期：不能晚于今天" in bad.content.decode()
    missing = client.post("/charity/recognitions/new/", {"uscc": uscc_for(99999), "applied_on": "2024-03-01"})
    assert missing.status_code == 400 and "社会组织：请选择社会组织" in missing.content.decode()
    done = client.post("/charity/recognitions/new/", {"uscc": org.uscc, "applied_on": "2024-03-01"})
    rec = CharityRecognition.objects.get(organization=org)
    assert done.status_code == 302 and done["Location"] == f"/charity/recognitions/{rec.pk}/"
    refused = client.post(
        f"/charity/recognitions/{rec.pk}/", {"decision": "refused", "decided_on": "2024-03-10"}
    )
    assert refused.status_code == 400 and "不予认定或不予许可时须写明理由" in refused.content.decode()
    client.post(f"/charity/recognitions/{rec.pk}/", {"decision": "granted", "decided_on": "2024-03-25"})
    rec.refresh_from_db()
    assert rec.decision == "granted" and rec.decided_late
    assert "湖州市南太湖公益基金会" in client.get("/charity/").content.decode()
    other = charity_make(personas.city_admin, region_code=OTHER_COUNTY_VILLAGE)
    other_rec = CharityRecognition.objects.get(organization=other)
    assert client.get(f"/charity/recognitions/{other_rec.pk}/").status_code == 404


def test_recording_and_voiding_a_donation_through_the_pages(personas, login, world) -> None:
    client = login(personas.wuxing_officer)
    response = client.post(
        "/charity/donations/new/",
        {
            "organization": world["wuxing"].pk,
            "donor_kind": "anonymous",
            "property_kind": "money",
            "amount": "100.00",
            "received_on": "2024-06-02",
            "handler": "王经办",
        },
    )
    assert response.status_code == 302
    row = Donation.objects.filter(organization=world["wuxing"]).latest("pk")
    assert row.receipt_serial == 2 and row.donor_display == "匿名"
    assert client.post(f"/charity/donations/{row.pk}/void/", {"voided_on": "2024-06-03"}).status_code == 400
    client.post(f"/charity/donations/{row.pk}/void/", {"voided_on": "2024-06-03", "reason": "录入错误"})
    row.refresh_from_db()
    assert row.voided_on == dt.date(2024, 6, 3) and row.receipt_serial == 2


def test_the_spending_page_lists_findings(personas, login, world) -> None:
    from minzheng.civil_society.charity import services

    services.accounts_record(
        actor=personas.city_admin,
        organization=world["wuxing"],
        year=2024,
        public_fundraising=True,
        net_assets_prev_year="5000000",
        income_prev_year="1000000",
        income_avg_3y="1000000",
        charity_spending="500000",
        management_costs="100000",
    )
    page = login(personas.city_admin).get("/charity/spending/?year=2024").content.decode()
    assert "低于应支出700,000.00元" in page and "16.67%" in page


def test_withdrawing_a_recognition_through_the_pages(personas, login, world) -> None:
    rec = CharityRecognition.objects.get(organization=world["wuxing"])
    client = login(personas.wuxing_officer)
    assert "取消认定" in client.get(f"/charity/recognitions/{rec.pk}/").content.decode()
    bad = client.post(f"/charity/recognitions/{rec.pk}/withdraw/", {"withdrawn_on": "2024-06-30"})
    assert bad.status_code == 400 and "理由：请填写理由" in bad.content.decode()
    done = client.post(
        f"/charity/recognitions/{rec.pk}/withdraw/", {"withdrawn_on": "2024-06-30", "reason": "注销登记"}
    )
    assert done.status_code == 302
    rec.refresh_from_db()
    assert rec.withdrawn_on == dt.date(2024, 6, 30)
    assert "吴兴区慈善总会" not in client.get("/charity/").content.decode()
    again = client.post(
        f"/charity/recognitions/{rec.pk}/withdraw/", {"withdrawn_on": "2024-07-01", "reason": "重复"}
    )
    assert again.status_code == 400 and "该认定未准予或已取消" in again.content.decode()


def test_the_qualification_through_the_pages(personas, login) -> None:
    from minzheng.civil_society.charity.models import FundraisingQualification

    org = charity_make(
        personas.city_admin, registered_on=dt.date(2023, 3, 15), recognized_on=dt.date(2023, 6, 1)
    )
    client = login(personas.wuxing_officer)
    early = client.post("/charity/qualifications/new/", {"uscc": org.uscc, "applied_on": "2024-03-14"})
    assert early.status_code == 400 and "公开募捐资格须登记满一年后申请" in early.content.decode()
    done = client.post("/charity/qualifications/new/", {"uscc": org.uscc, "applied_on": "2024-03-15"})
    qual = FundraisingQualification.objects.get(organization=org)
    assert done["Location"] == f"/charity/qualifications/{qual.pk}/"
    client.post(
        f"/charity/qualifications/{qual.pk}/",
        {"decision": "granted", "decided_on": "2024-04-01", "certificate_number": "浙公募2024001"},
    )
    page = client.get(f"/charity/qualifications/{qual.pk}/").content.decode()
    assert "浙公募2024001" in page and "准予" in page and 'id="charity-form"' not in page
