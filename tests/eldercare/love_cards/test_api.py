"""``/api/eldercare/love-cards/``: list and activate, counts, a card with its ledger, top-ups with
idempotency keys; scoped (404 elsewhere), permission-checked (403 without the power), bad input
answered 400 in Chinese naming the field, reading a card access-logged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from minzheng.core.models import AccessLog
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_debit
from minzheng.people.services import person_record_death
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import card_for, key
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

URL = "/api/eldercare/love-cards/"


@pytest.fixture
def api(personas: Personas) -> APIClient:
    client = APIClient()
    client.force_authenticate(personas.aishan_officer)
    return client


def test_activate_then_list_and_read_a_card(api: APIClient, personas: Personas) -> None:
    person, raw = elder()
    made = api.post(URL, {"person": person.pk}, format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["person"], body["status"], body["balance"], body["id_number"]) == (
        person.pk, "active", "0.00", person.id_number_masked)
    assert raw not in made.content.decode()  # only the masked number leaves
    again = api.post(URL, {"person": person.pk}, format="json")
    assert again.status_code == 400 and list(again.json()) == ["person"]
    assert again.json()["person"][0].startswith("该老年人已于")

    listed = api.get(URL, {"q": raw})
    assert listed.status_code == 200 and [c["id"] for c in listed.json()["results"]] == [body["id"]]
    assert api.get(URL, {"q": person.name[:2]}).json()["results"][0]["id"] == body["id"]
    assert api.get(URL, {"status": "frozen"}).json()["results"] == []
    bad = api.get(URL, {"status": "lost"})
    assert bad.status_code == 400 and list(bad.json()) == ["status"]

    detail = api.get(f"{URL}{body['id']}/")
    assert detail.status_code == 200
    assert detail.json()["entries"] == [] and detail.json()["ledger_balance"] == "0.00"
    assert AccessLog.objects.filter(actor=personas.aishan_officer, subject_id=str(person.pk), channel="api").count() == 1


def test_top_up_with_a_key_twice_makes_one_entry(api: APIClient, personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    data = {"kind": "family", "amount": "88.80", "payer": "王小明（儿子）", "idempotency_key": "b0a3-11"}
    first = api.post(f"{URL}{card.pk}/top-up/", data, format="json")
    assert first.status_code == 201, first.json()
    assert (first.json()["kind"], first.json()["amount"], first.json()["signed_amount"]) == (
        "family_top_up", "88.80", "88.80")
    second = api.post(f"{URL}{card.pk}/top-up/", data, format="json")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert LoveCardEntry.objects.count() == 1
    love_card_debit(card=card, amount="8.80", idempotency_key=key(), source=("eldercare.meal", 1))
    detail = api.get(f"{URL}{card.pk}/").json()
    assert (detail["balance"], detail["ledger_balance"]) == ("80.00", "80.00")
    assert [(e["kind"], e["signed_amount"]) for e in detail["entries"]] == [("meal", "-8.80"),
                                                                           ("family_top_up", "88.80")]
    entries = api.get(f"{URL}{card.pk}/entries/").json()
    assert [e["source_display"] for e in entries["results"]] == ["助餐记录1", "王小明（儿子）"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"amount": "0"}, "amount", messages.AMOUNT_NOT_POSITIVE),
    ({"amount": "-3"}, "amount", messages.AMOUNT_NOT_POSITIVE),
    ({"amount": "12.345"}, "amount", messages.AMOUNT_TOO_PRECISE),
    ({"amount": 12.345}, "amount", messages.AMOUNT_TOO_PRECISE),
    ({"amount": "十元"}, "amount", messages.AMOUNT_INVALID),
    ({"amount": None}, "amount", messages.AMOUNT_REQUIRED),
    ({"kind": "gift"}, "kind", messages.TOP_UP_KIND_INVALID),
    ({"payer": ""}, "payer", messages.PAYER_REQUIRED),
    ({"idempotency_key": ""}, "idempotency_key", messages.KEY_REQUIRED),
    ({"idempotency_key": "有空格 的键"}, "idempotency_key", messages.KEY_INVALID.format(max=64)),
])
def test_bad_top_up_input_is_a_400_naming_the_field(api: APIClient, personas: Personas, data: dict,
                                                    field: str, message: str) -> None:
    card = card_for(personas.aishan_officer)
    body = {"kind": "family", "amount": "10.00", "payer": "女儿", "idempotency_key": "k1", **data}
    answer = api.post(f"{URL}{card.pk}/top-up/", body, format="json")
    assert answer.status_code == 400 and answer.json() == {field: [message]}
    assert not LoveCardEntry.objects.exists()


def test_a_frozen_card_refuses_a_top_up_by_name(api: APIClient, personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    person_record_death(actor=personas.aishan_officer, person=card.person, death_date=dt.date(2024, 3, 9))
    answer = api.post(f"{URL}{card.pk}/top-up/", {"kind": "family", "amount": "10", "payer": "女儿",
                                                  "idempotency_key": "k2"}, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"card": [messages.CARD_FROZEN.format(
        reason=messages.FROZEN_ON_DEATH.format(date="2024-03-09"), action="充值")]}


def test_cards_elsewhere_are_404_and_staff_without_the_power_403(api: APIClient, personas: Personas) -> None:
    far = card_for(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    assert api.get(f"{URL}{far.pk}/").status_code == 404
    assert api.get(f"{URL}{far.pk}/entries/").status_code == 404
    assert api.post(f"{URL}{far.pk}/top-up/", {"kind": "family", "amount": "1", "payer": "x", "idempotency_key": "k"},
                    format="json").status_code == 404
    assert api.get(f"{URL}999999/").status_code == 404
    assert api.post(URL, {"person": far.person.pk}, format="json").status_code == 404
    assert api.get(URL).json()["results"] == []
    bad = api.post(URL, {"person": "abc"}, format="json")
    assert bad.status_code == 400 and bad.json() == {"person": [messages.CARD_PERSON_REQUIRED]}

    worker = APIClient()
    worker.force_authenticate(personas.village_worker)
    assert worker.get(URL).status_code == 403
    assert worker.get(f"{URL}counts/").status_code == 403
    assert APIClient().get(URL).status_code in (401, 403)
    assert LoveCard.objects.count() == 1


def test_counts_by_year_in_scope(api: APIClient, personas: Personas) -> None:
    mine = [card_for(personas.aishan_officer) for _ in range(3)]
    card_for(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    LoveCard.objects.filter(pk=mine[0].pk).update(activated_at=dt.datetime(2023, 12, 31, 23, 30, tzinfo=dt.UTC))
    LoveCard.objects.filter(pk=mine[1].pk).update(activated_at=dt.datetime(2024, 6, 1, 8, tzinfo=dt.UTC))
    LoveCard.objects.filter(pk=mine[2].pk).update(activated_at=dt.datetime(2024, 12, 31, 16, 30, tzinfo=dt.UTC))
    # 2023-12-31 23:30 UTC is 2024-01-01 in Huzhou; 2024-12-31 16:30 UTC is 2025-01-01 there.
    counts = api.get(f"{URL}counts/", {"year": 2024}).json()
    assert (counts["activated"], counts["activated_in_year"], counts["active"], counts["frozen"]) == (2, 2, 2, 0)
    assert counts["balance"] == "0.00" and counts["year"] == 2024
    bad = api.get(f"{URL}counts/", {"year": "二〇二四"})
    assert bad.status_code == 400 and list(bad.json()) == ["year"]
    city = APIClient()
    city.force_authenticate(personas.wuxing_officer)
    assert city.get(f"{URL}counts/", {"year": 2025}).json()["activated"] == 3
    assert Decimal(counts["balance"]) == 0
