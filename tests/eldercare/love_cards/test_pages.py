"""The love card pages: the cards in scope with their counts, activation by ID number, a card's
page with balance and ledger (access-logged, personal data masked), a top-up that a double
submit does not double; other townships' cards 404, staff without the power 403."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_debit
from minzheng.people.services import person_record_death
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import card_for, key
from tests.factories import PersonFactory
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.aishan_officer)
    return client


def test_activate_by_id_number_and_see_the_card(officer: Client, personas: Personas) -> None:
    person, raw = elder()
    page = officer.post("/eldercare/love-cards/activate/", {"id_number": raw})
    card = LoveCard.objects.get(person=person)
    assert page.status_code == 302 and page["Location"] == f"/eldercare/love-cards/{card.pk}/"
    html = officer.get(page["Location"]).content.decode()
    assert messages.PAGE_CARD_ACTIVATED.format(name=person.name) in html
    assert person.id_number_masked in html and raw not in html
    assert "尚无账目" in html and "一致" in html
    assert AccessLog.objects.filter(actor=personas.aishan_officer, subject_id=str(person.pk)).count() == 1

    listed = officer.get("/eldercare/love-cards/").content.decode()
    assert f'href="/eldercare/love-cards/{card.pk}/"' in listed and raw not in listed
    assert re.search(r"<dt>已激活</dt><dd><strong>1</strong>", listed)


@pytest.mark.parametrize(("case", "message"), [
    ("young", "开通爱心卡须年满60周岁"),
    ("twice", "不能重复开通"),
    ("elsewhere", messages.PAGE_ID_NUMBER_NOT_FOUND),
])
def test_activation_refusals_land_on_the_id_number(officer: Client, personas: Personas, case: str,
                                                   message: str) -> None:
    if case == "young":
        raw = PersonFactory().id_number  # born 1980
    elif case == "twice":
        raw = card_for(personas.aishan_officer).person.id_number
    else:
        raw = elder(region_code=OTHER_COUNTY_VILLAGE)[1]
    before = LoveCard.objects.count()
    page = officer.post("/eldercare/love-cards/activate/", {"id_number": raw})
    assert page.status_code == 400 and message in page.content.decode()
    assert LoveCard.objects.count() == before


def test_search_finds_cards_by_name_and_id_number(officer: Client, personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    other = card_for(personas.aishan_officer)
    by_number = officer.get("/eldercare/love-cards/", {"q": card.person.id_number}).content.decode()
    assert f"/eldercare/love-cards/{card.pk}/" in by_number and f"/eldercare/love-cards/{other.pk}/" not in by_number
    none = officer.get("/eldercare/love-cards/", {"q": "无此人"}).content.decode()
    assert "没有符合条件的爱心卡" in none


def test_a_top_up_sent_twice_is_made_once(officer: Client, personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    form = officer.get(f"/eldercare/love-cards/{card.pk}/").content.decode()
    token = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', form).group(1)  # type: ignore[union-attr]
    data = {"kind": "enterprise", "payer": "湖州某某食品有限公司", "amount": "120.00", "note": "重阳节", "idempotency_key": token}
    first = officer.post(f"/eldercare/love-cards/{card.pk}/top-up/", data)
    second = officer.post(f"/eldercare/love-cards/{card.pk}/top-up/", data)
    assert first.status_code == second.status_code == 302
    assert LoveCardEntry.objects.count() == 1
    card.refresh_from_db()
    assert card.balance == Decimal("120.00")
    html = officer.get(f"/eldercare/love-cards/{card.pk}/").content.decode()
    assert messages.PAGE_TOPPED_UP.format(amount="120.00", balance="120.00") in html
    assert messages.PAGE_TOP_UP_REPEATED.format(balance="120.00") in html
    assert "企业充值" in html and "湖州某某食品有限公司（重阳节）" in html
    assert AuditEntry.objects.filter(action="eldercare.love_card.topped_up").count() == 1


def test_a_bad_top_up_names_the_field_and_writes_nothing(officer: Client, personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    page = officer.post(f"/eldercare/love-cards/{card.pk}/top-up/", {
        "kind": "family", "payer": "", "amount": "3.999", "idempotency_key": "a" * 32})
    html = page.content.decode()
    assert page.status_code == 400
    assert messages.AMOUNT_TOO_PRECISE in html and messages.PAYER_REQUIRED in html
    assert not LoveCardEntry.objects.exists()


def test_the_ledger_shows_meals_and_the_frozen_card_no_form(officer: Client, personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="30.00")
    love_card_debit(card=card, amount="12.50", idempotency_key=key(), source=("eldercare.meal", 501))
    html = officer.get(f"/eldercare/love-cards/{card.pk}/").content.decode()
    assert "−12.50" in html and "助餐记录501" in html and '<strong id="balance">17.50</strong>' in html
    person_record_death(actor=personas.aishan_officer, person=card.person, death_date=dt.date(2024, 7, 1))
    html = officer.get(f"/eldercare/love-cards/{card.pk}/").content.decode()
    assert "本卡已于" in html and "确认充值" not in html
    refused = officer.post(f"/eldercare/love-cards/{card.pk}/top-up/", {
        "kind": "family", "payer": "女儿", "amount": "5", "idempotency_key": "b" * 32})
    assert refused.status_code == 400 and "已冻结" in refused.content.decode()


def test_other_townships_cards_are_404_and_workers_403(officer: Client, personas: Personas) -> None:
    far = card_for(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    assert officer.get(f"/eldercare/love-cards/{far.pk}/").status_code == 404
    assert officer.post(f"/eldercare/love-cards/{far.pk}/top-up/", {
        "kind": "family", "payer": "x", "amount": "1", "idempotency_key": "c" * 32}).status_code == 404
    assert f"/eldercare/love-cards/{far.pk}/" not in officer.get("/eldercare/love-cards/").content.decode()
    worker = Client()
    worker.force_login(personas.village_worker)
    assert worker.get("/eldercare/love-cards/").status_code == 403
    assert worker.get(f"/eldercare/love-cards/{far.pk}/").status_code == 403
    assert not LoveCardEntry.objects.exists()


def test_the_navigation_shows_love_cards_to_officers_only(officer: Client, personas: Personas) -> None:
    assert 'href="/eldercare/love-cards/"' in officer.get("/").content.decode()
    county = Client()
    county.force_login(personas.wuxing_officer)
    assert 'href="/eldercare/love-cards/"' in county.get("/").content.decode()
    worker = Client()
    worker.force_login(personas.village_worker)
    assert 'href="/eldercare/love-cards/"' not in worker.get("/").content.decode()


def test_the_ledger_pager_sends_the_next_window_only(officer: Client, personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="100.00")
    for n in range(55):
        love_card_debit(card=card, amount="1.00", idempotency_key=f"meal:{n}", source=("eldercare.meal", n))
    full = officer.get(f"/eldercare/love-cards/{card.pk}/").content.decode()
    assert full.count("助餐记录") == 50 and "下一页" in full
    window = officer.get(f"/eldercare/love-cards/{card.pk}/", {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in window and window.count("助餐记录") == 5 and "家庭充值" in window
    cards = officer.get("/eldercare/love-cards/", {"page": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in cards and f"/eldercare/love-cards/{card.pk}/" in cards
