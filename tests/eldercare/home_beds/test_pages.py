"""The home bed pages: the list with last month's compliance and the year's beds per county,
signing by ID number with the plan, a contract's page with its plan, devices and compliance,
recording a device, ending it; refusals land on their fields with a 400, and others' contracts
answer 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.eldercare.home_beds import messages
from minzheng.eldercare.home_beds.models import HomeBed, HomeBedDevice
from minzheng.eldercare.home_beds.selectors import default_month
from tests.eldercare.factories import elder
from tests.eldercare.home_beds.conftest import Providers, dibao, disabled, fresh, order, sign
from tests.personas import Personas

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def officer(client: Client, personas: Personas) -> Client:
    client.force_login(personas.aishan_officer)
    return client


def test_signing_by_id_number_with_a_plan_opens_the_contract(
    officer: Client, personas: Personas, providers: Providers
) -> None:
    person = disabled(personas.aishan_officer)
    page = officer.get("/eldercare/home-beds/new/")
    assert page.status_code == 200 and "服务计划" in page.content.decode()
    answer = officer.post(
        "/eldercare/home-beds/new/",
        {
            "provider": providers.home.pk,
            "id_number": person.id_number,
            "started_on": "2024-03-01",
            "visits_meal": "8",
            "visits_cleaning": "4",
            "visits_bathing": "",
        },
        follow=True,
    )
    bed = HomeBed.objects.get()
    assert answer.redirect_chain[-1][0] == f"/eldercare/home-beds/{bed.pk}/"
    text = answer.content.decode()
    assert (
        messages.PAGE_SIGNED.format(name=person.name, provider=providers.home.name, start="2024-03-01")
        in text
    )
    assert "助餐：每月8次" in text and "助洁：每月4次" in text
    assert AccessLog.objects.filter(subject_id=str(person.pk), kind="lookup").exists()


def test_a_refused_signing_says_why_on_the_field_and_writes_nothing(
    officer: Client, personas: Personas, providers: Providers
) -> None:
    able, raw = elder()
    answer = officer.post(
        "/eldercare/home-beds/new/",
        {"provider": providers.home.pk, "id_number": raw, "started_on": "2024-03-01", "visits_meal": "4"},
    )
    assert answer.status_code == 400
    assert (
        messages.PERSON_NOT_ELIGIBLE.format(name=able.name, level=messages.LEVEL_NONE)
        in answer.content.decode()
    )
    answer = officer.post(
        "/eldercare/home-beds/new/",
        {
            "provider": providers.home.pk,
            "id_number": disabled(personas.aishan_officer).id_number,
            "started_on": "2024-03-01",
            "visits_meal": "99",
        },
    )
    assert answer.status_code == 400
    assert messages.PLAN_VISITS_INVALID.format(kind="助餐", max=62) in answer.content.decode()
    answer = officer.post(
        "/eldercare/home-beds/new/",
        {
            "provider": providers.home.pk,
            "id_number": disabled(personas.aishan_officer).id_number,
            "started_on": "2024-03-01",
        },
    )
    assert answer.status_code == 400 and messages.PLAN_REQUIRED in answer.content.decode()
    answer = officer.post(
        "/eldercare/home-beds/new/",
        {
            "provider": providers.home.pk,
            "id_number": "330502194001011235",
            "started_on": "2024-03-01",
            "visits_meal": "4",
        },
    )
    assert answer.status_code == 400 and messages.ID_NUMBER_UNKNOWN in answer.content.decode()
    assert not HomeBed.objects.exists()


def test_the_list_shows_compliance_and_the_years_beds(
    officer: Client, personas: Personas, providers: Providers
) -> None:
    month = default_month()
    bed = sign(
        personas.aishan_officer, disabled(personas.aishan_officer), providers.home, on=month, plan={"meal": 2}
    )
    order(bed, "meal", month + dt.timedelta(days=3))
    page = officer.get("/eldercare/home-beds/")
    text = page.content.decode()
    assert page.status_code == 200 and bed.person.name in text and "1/2" in text and "未达标" in text
    year = timezone.localdate().year
    assert f"{year}年新建" in text and f"<strong>{1 if month.year == year else 0}</strong>" in text
    assert officer.get("/eldercare/home-beds/?month=2024-13").status_code == 400
    bad = officer.get("/eldercare/home-beds/?status=lost")
    assert bad.status_code == 400 and messages.STATUS_INVALID in bad.content.decode()
    assert bed.person.name not in officer.get("/eldercare/home-beds/?status=ended").content.decode()


def test_a_device_and_the_end_through_the_contracts_page(
    officer: Client, personas: Personas, providers: Providers
) -> None:
    bed = sign(personas.aishan_officer, dibao(), providers.home)
    answer = officer.post(
        f"/eldercare/home-beds/{bed.pk}/devices/",
        {"kind": "fall_alarm", "serial": "FA-1", "installed_on": "2024-03-02"},
        follow=True,
    )
    assert messages.PAGE_DEVICE_ADDED.format(kind="跌倒报警器", serial="FA-1") in answer.content.decode()
    bad = officer.post(
        f"/eldercare/home-beds/{bed.pk}/devices/",
        {"kind": "fall_alarm", "serial": "FA-1", "installed_on": "2024-03-02"},
    )
    assert bad.status_code == 400
    assert messages.SERIAL_IN_USE.format(kind="跌倒报警器", serial="FA-1") in bad.content.decode()
    device = HomeBedDevice.objects.get()
    remove = f"/eldercare/home-beds/{bed.pk}/devices/{device.pk}/remove/"
    bad = officer.post(remove, {"removed_on": "2024-03-01"})
    assert bad.status_code == 400
    assert messages.REMOVED_ON_RANGE.format(installed="2024-03-02") in bad.content.decode()
    answer = officer.post(remove, {"removed_on": "2024-04-01"}, follow=True)
    assert messages.PAGE_DEVICE_REMOVED.format(kind="跌倒报警器", serial="FA-1", date="2024-04-01") in (
        answer.content.decode()
    )
    officer.post(
        f"/eldercare/home-beds/{bed.pk}/devices/",
        {"kind": "smoke", "serial": "SM-1", "installed_on": "2024-04-02"},
    )
    bad = officer.post(
        f"/eldercare/home-beds/{bed.pk}/end/", {"ended_on": "2024-05-01", "end_reason": "other"}
    )
    assert bad.status_code == 400 and messages.END_NOTE_REQUIRED in bad.content.decode()
    answer = officer.post(
        f"/eldercare/home-beds/{bed.pk}/end/", {"ended_on": "2024-05-01", "end_reason": "died"}, follow=True
    )
    assert messages.PAGE_ENDED.format(name=bed.person.name, date="2024-05-01") in answer.content.decode()
    assert dict(HomeBedDevice.objects.values_list("serial", "removed_on")) == {
        "FA-1": D(2024, 4, 1),
        "SM-1": D(2024, 5, 1),
    }
    assert AuditEntry.objects.filter(action="eldercare.home_bed.ended").count() == 1


def test_the_contracts_page_shows_a_months_compliance(
    officer: Client, personas: Personas, providers: Providers
) -> None:
    bed = sign(
        personas.aishan_officer, disabled(personas.aishan_officer), providers.home, plan={"bathing": 2}
    )
    order(bed, "bathing", D(2024, 4, 3))
    order(bed, "bathing", D(2024, 4, 17))
    page = officer.get(f"/eldercare/home-beds/{bed.pk}/?month=2024-04")
    text = page.content.decode()
    assert page.status_code == 200 and "2024年4月" in text and "合计完成 2/2（100.0%）" in text
    assert officer.get(f"/eldercare/home-beds/{bed.pk}/?month=x").status_code == 400


def test_others_contracts_answer_404_and_the_powerless_are_refused(
    client: Client, personas: Personas, providers: Providers
) -> None:
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    client.force_login(personas.anji_officer)
    assert client.get(f"/eldercare/home-beds/{bed.pk}/").status_code == 404
    assert (
        client.post(
            f"/eldercare/home-beds/{bed.pk}/end/", {"ended_on": "2024-05-01", "end_reason": "died"}
        ).status_code
        == 404
    )
    client.force_login(fresh(providers.op_b))
    assert client.get(f"/eldercare/home-beds/{bed.pk}/").status_code == 404
    client.force_login(fresh(providers.op_a))
    assert client.get(f"/eldercare/home-beds/{bed.pk}/").status_code == 200
    client.force_login(personas.village_worker)
    assert client.get("/eldercare/home-beds/").status_code == 403
