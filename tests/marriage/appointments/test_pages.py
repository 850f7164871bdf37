"""The pages: the public booking and cancel pages answer without login, book and cancel, name each
bad field, and stop a client past the hourly limit (429); the desk and slots pages are the
registrars', scoped (another county's office is 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from minzheng.core.models import AccessLog, User
from minzheng.marriage.appointments.models import Booking, Slot
from tests.marriage.appointments.conftest import BRIDE, GROOM, TODAY, slot_make

pytestmark = pytest.mark.django_db
BOOK = reverse("marriage_appointments:book")
CANCEL = reverse("marriage_appointments:cancel")


def couple(slot: Slot) -> dict[str, str]:
    return {"slot": str(slot.pk), "first_name": "张伟", "first_id_number": GROOM, "second_name": "李娜",
            "second_id_number": BRIDE}


def test_the_public_page_lists_offices_and_free_slots_without_login(frozen, office, client: Client) -> None:
    free = slot_make(office, at="09:00")
    full = slot_make(office, at="10:00", capacity=1, booked=1)
    page = client.get(BOOK)
    assert page.status_code == 200 and office.name in page.content.decode()
    page = client.get(BOOK, {"office": office.pk, "business": "marriage"}).content.decode()
    assert f'value="{free.pk}"' in page and f'value="{full.pk}"' not in page
    assert "甲方身份证号" in page and 'name="viewport"' in page


def test_booking_on_the_page_shows_the_code_once_redirected(frozen, office, client: Client) -> None:
    slot = slot_make(office)
    answer = client.post(f"{BOOK}?office={office.pk}&business=marriage", couple(slot))
    assert answer.status_code == 302 and answer["Location"] == reverse("marriage_appointments:booked")
    booking = Booking.objects.get()
    assert booking.code not in answer["Location"]
    page = client.get(answer["Location"]).content.decode()
    assert booking.code in page and booking.first_id_masked in page and GROOM not in page


def test_the_done_page_without_a_booking_goes_back_to_the_form(client: Client, db) -> None:
    assert client.get(reverse("marriage_appointments:booked"))["Location"] == BOOK


def test_bad_fields_are_shown_next_to_each_field(frozen, office, client: Client) -> None:
    slot = slot_make(office)
    page = client.post(f"{BOOK}?office={office.pk}&business=marriage",
                       {**couple(slot), "first_id_number": GROOM[:17] + ("0" if GROOM[17] != "0" else "1"),
                        "second_name": ""})
    assert page.status_code == 400
    text = page.content.decode()
    assert "甲方身份证号：身份证号码校验位错误" in text and "乙方姓名：请填写姓名" in text
    assert not Booking.objects.exists()


@override_settings(MINZHENG_MARRIAGE_BOOKINGS_PER_HOUR=2)
def test_the_public_pages_are_rate_limited(frozen, office, client: Client) -> None:
    for _ in range(2):
        assert client.post(CANCEL, {"code": "ACDEFGHJ", "id_number": GROOM}).status_code == 400
    page = client.post(CANCEL, {"code": "ACDEFGHJ", "id_number": GROOM})
    assert page.status_code == 429 and "每小时最多2次" in page.content.decode()
    slot = slot_make(office)
    assert client.post(f"{BOOK}?office={office.pk}", couple(slot)).status_code == 429
    assert not Booking.objects.exists()


def test_cancelling_on_the_page(frozen, office, client: Client) -> None:
    client.post(f"{BOOK}?office={office.pk}", couple(slot_make(office)))
    booking = Booking.objects.get()
    page = client.post(CANCEL, {"code": booking.code, "id_number": BRIDE})
    assert page.status_code == 200 and "预约已取消" in page.content.decode()
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def signed_in(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def test_the_desk_shows_masked_numbers_and_logs_the_read(frozen, office, personas) -> None:
    Client().post(f"{BOOK}?office={office.pk}", couple(slot_make(office, day=TODAY)))
    c = signed_in("wuxing_marriage_registrar")
    page = c.get(reverse("marriage_appointments:desk"), {"office": office.pk, "day": TODAY.isoformat()})
    text = page.content.decode()
    assert page.status_code == 200 and "张伟" in text and GROOM not in text and GROOM[:6] + "********" in text
    assert AccessLog.objects.filter(subject_type="marriage.booking").count() == 1
    booking = Booking.objects.get()
    answer = c.post(reverse("marriage_appointments:mark", args=[booking.pk]), {"status": "arrived"})
    assert answer.status_code == 302
    assert Booking.objects.get().status == Booking.Status.ARRIVED


def test_the_registrar_pages_are_scoped_and_closed_to_others(frozen, office, anji_office, personas) -> None:
    c = signed_in("anji_marriage_registrar")
    assert c.get(reverse("marriage_appointments:desk"), {"office": office.pk}).status_code == 404
    assert c.get(reverse("marriage_appointments:slots"), {"office": office.pk}).status_code == 404
    assert c.get(reverse("marriage_appointments:desk")).status_code == 200
    assert signed_in("wuxing_officer").get(reverse("marriage_appointments:desk")).status_code == 403
    assert Client().get(reverse("marriage_appointments:desk")).status_code == 302


def test_opening_slots_on_the_page(frozen, office, personas) -> None:
    c = signed_in("wuxing_marriage_registrar")
    data = {"office": office.pk, "business": "marriage", "first_day": TODAY.isoformat(), "days": "7",
            "times": "09:00,10:00", "length_minutes": "30", "capacity": "3"}
    assert c.post(reverse("marriage_appointments:slots"), data).status_code == 302
    assert Slot.objects.count() == 10
    page = c.post(reverse("marriage_appointments:slots"), {**data, "capacity": "0"})
    assert page.status_code == 400 and "可预约对数：应为1至50对" in page.content.decode()
    page = c.get(reverse("marriage_appointments:slots"), {"office": office.pk, "day": (TODAY + dt.timedelta(days=2)).isoformat()})
    assert page.status_code == 200 and "0 / 3" in page.content.decode()


def test_the_desk_api_lists_masked_bookings_logs_them_and_hides_other_counties(frozen, office, personas) -> None:
    Client().post(f"{BOOK}?office={office.pk}", couple(slot_make(office, day=TODAY)))
    c = signed_in("wuxing_marriage_registrar")
    body = c.get("/api/marriage/appointments/", {"office": office.pk, "day": TODAY.isoformat()}).json()
    assert [b["first_name"] for b in body["bookings"]] == ["张伟"]
    assert GROOM not in str(body) and body["bookings"][0]["first_id_masked"].startswith(GROOM[:6] + "*")
    assert AccessLog.objects.filter(subject_type="marriage.booking", channel="api").count() == 1
    bad = c.get("/api/marriage/appointments/", {"office": office.pk, "day": "2026-02-30"})
    assert bad.status_code == 400 and "日期：不是有效日期" in str(bad.json())
    anji = signed_in("anji_marriage_registrar")
    assert anji.get("/api/marriage/appointments/", {"office": office.pk, "day": TODAY.isoformat()}).status_code == 404
