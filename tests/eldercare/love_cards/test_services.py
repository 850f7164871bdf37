"""Love card writes: activation (60 or over, living, in scope, once), top-ups and debits with
their idempotency keys, the balance that never goes below zero, and bad input refused with a
Chinese message on the field at fault and nothing written."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards import selectors, services
from minzheng.eldercare.love_cards.models import LEDGER_APPEND_ONLY, LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import love_card_activate, love_card_debit, love_card_top_up
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import card_for, key
from tests.factories import PersonFactory
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

MEAL = ("eldercare.meal", 1)


def years_ago(years: int, *, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February
        born = dt.date(today.year - years, 3, 1)
    return born + dt.timedelta(days=days)


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# ---- activation --------------------------------------------------------------------------------


def test_an_officer_activates_a_card_for_an_elder_in_scope(personas: Personas) -> None:
    person, _ = elder()
    card = love_card_activate(actor=personas.aishan_officer, person=person)
    assert (card.person, card.region_code, card.status, card.balance) == (person, person.region_code, "active", 0)
    assert card.activated_by == personas.aishan_officer and card.activated_at is not None
    entry = AuditEntry.objects.get(action="eldercare.love_card.activated")
    assert (entry.actor, entry.object_id, entry.after["person"]) == (personas.aishan_officer, str(card.pk), person.pk)


def test_an_elder_is_sixty_on_the_birthday_itself_and_not_the_day_before(personas: Personas) -> None:
    sixty_today, _ = elder(years_ago(60))
    love_card_activate(actor=personas.aishan_officer, person=sixty_today)
    sixty_tomorrow, _ = elder(years_ago(60, days=1))
    with pytest.raises(ValidationError) as exc:
        love_card_activate(actor=personas.aishan_officer, person=sixty_tomorrow)
    assert errors_of(exc) == {"person": [messages.CARD_PERSON_UNDER_AGE.format(
        age=60, birth=sixty_tomorrow.birth_date.isoformat(), age_now=59)]}
    assert LoveCard.objects.count() == 1


def test_someone_born_on_29_february_is_sixty_on_that_day_and_not_the_day_before(
        personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    person, _ = elder(dt.date(1964, 2, 29))
    monkeypatch.setattr(services.timezone, "localdate", lambda *args, **kwargs: dt.date(2024, 2, 28))
    with pytest.raises(ValidationError) as exc:
        love_card_activate(actor=personas.aishan_officer, person=person)
    assert "今天59周岁" in errors_of(exc)["person"][0]
    monkeypatch.setattr(services.timezone, "localdate", lambda *args, **kwargs: dt.date(2024, 2, 29))
    assert love_card_activate(actor=personas.aishan_officer, person=person).status == "active"


def test_a_dead_person_and_a_second_card_are_refused(personas: Personas) -> None:
    dead, _ = elder()
    dead.status, dead.death_date = "deceased", dt.date(2024, 1, 2)
    dead.save()
    with pytest.raises(ValidationError) as exc:
        love_card_activate(actor=personas.aishan_officer, person=dead)
    assert errors_of(exc) == {"person": [messages.CARD_PERSON_DECEASED.format(date="2024-01-02")]}

    card = card_for(personas.aishan_officer)
    with pytest.raises(ValidationError) as exc:
        love_card_activate(actor=personas.wuxing_officer, person=card.person)
    day = timezone.localtime(card.activated_at).date().isoformat()
    assert errors_of(exc) == {"person": [messages.CARD_EXISTS.format(date=day)]}
    assert LoveCard.objects.count() == 1
    assert AuditEntry.objects.filter(action="eldercare.love_card.activated").count() == 1


def test_the_database_refuses_a_second_card_for_one_person(personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoveCard.objects.create(person=card.person, region_code=card.region_code)


def test_activation_outside_the_scope_is_404_and_without_the_power_403(personas: Personas) -> None:
    far, _ = elder(region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404):
        love_card_activate(actor=personas.aishan_officer, person=far)
    near, _ = elder()
    with pytest.raises(PermissionDenied):
        love_card_activate(actor=personas.village_worker, person=near)
    assert not LoveCard.objects.exists()


# ---- top-ups ---------------------------------------------------------------------------------------


def test_a_family_top_up_credits_the_card_once_per_key(personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    entry, created = love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount="200.50",
                                      payer="王小明（儿子）", idempotency_key="top_up:abc")
    assert created and (entry.kind, entry.direction, entry.amount) == ("family_top_up", "credit", Decimal("200.50"))
    assert entry.period == timezone.localdate().replace(day=1) and entry.created_by == personas.aishan_officer
    again, created = love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount="200.50",
                                      payer="王小明（儿子）", idempotency_key="top_up:abc")
    assert not created and again.pk == entry.pk
    card.refresh_from_db()
    assert card.balance == Decimal("200.50") and LoveCardEntry.objects.count() == 1
    audit = AuditEntry.objects.get(action="eldercare.love_card.topped_up")
    assert audit.after["amount"] == "200.50" and audit.after["balance"] == "200.50"


def test_an_enterprise_top_up_is_its_own_kind(personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    entry, _ = love_card_top_up(actor=personas.aishan_officer, card=card, kind="enterprise", amount=50,
                                payer="湖州某某食品有限公司", idempotency_key=key())
    assert entry.kind == "enterprise_top_up" and entry.get_kind_display() == "企业充值"


@pytest.mark.parametrize(("amount", "message"), [
    ("0", messages.AMOUNT_NOT_POSITIVE),
    ("-5", messages.AMOUNT_NOT_POSITIVE),
    ("1.234", messages.AMOUNT_TOO_PRECISE),
    ("0.001", messages.AMOUNT_TOO_PRECISE),
    ("abc", messages.AMOUNT_INVALID),
    ("NaN", messages.AMOUNT_INVALID),
    ("Infinity", messages.AMOUNT_INVALID),
    (True, messages.AMOUNT_INVALID),
    ("", messages.AMOUNT_REQUIRED),
    (None, messages.AMOUNT_REQUIRED),
    ("100000.01", messages.AMOUNT_TOO_LARGE.format(max="100,000.00")),
])
def test_a_bad_amount_is_named_and_nothing_is_written(personas: Personas, amount: object, message: str) -> None:
    card = card_for(personas.aishan_officer)
    with pytest.raises(ValidationError) as exc:
        love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount=amount, payer="女儿",
                         idempotency_key=key())
    assert errors_of(exc) == {"amount": [message]}
    with pytest.raises(ValidationError) as exc:
        love_card_debit(card=card, amount=amount, idempotency_key=key(), source=MEAL)
    assert errors_of(exc) == {"amount": [message]}
    assert not LoveCardEntry.objects.exists()


def test_every_bad_field_of_a_top_up_is_named_at_once(personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    with pytest.raises(ValidationError) as exc:
        love_card_top_up(actor=personas.aishan_officer, card=card, kind="gift", amount="1.5", payer=" ",
                         idempotency_key="有 空格", note="长" * 201)
    assert errors_of(exc) == {
        "kind": [messages.TOP_UP_KIND_INVALID], "payer": [messages.PAYER_REQUIRED],
        "idempotency_key": [messages.KEY_INVALID.format(max=services.KEY_MAX)],
        "note": [messages.CARD_NOTE_TOO_LONG.format(max=services.NOTE_MAX)]}
    assert not LoveCardEntry.objects.exists() and not AuditEntry.objects.filter(
        action="eldercare.love_card.topped_up").exists()


def test_a_key_used_for_another_amount_is_refused(personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount="10", payer="女儿",
                     idempotency_key="top_up:same")
    with pytest.raises(ValidationError) as exc:
        love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount="20", payer="女儿",
                         idempotency_key="top_up:same")
    assert errors_of(exc) == {"idempotency_key": [messages.KEY_REUSED.format(card=card.pk, kind="家庭充值",
                                                                           amount="10.00")]}
    card.refresh_from_db()
    assert card.balance == Decimal("10.00")


def test_a_card_outside_the_scope_cannot_be_topped_up(personas: Personas) -> None:
    card = card_for(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404):
        love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount="10", payer="女儿",
                         idempotency_key=key())


# ---- debits -------------------------------------------------------------------------------------------


def test_a_meal_debit_takes_the_money_off_and_a_repeated_key_changes_nothing(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="30.00")
    entry = love_card_debit(card=card, amount="12.50", idempotency_key="meal:77", source=("eldercare.meal", 77),
                            on=dt.date(2024, 6, 18))
    assert (entry.kind, entry.direction, entry.source_type, entry.source_id, entry.period) == (
        "meal", "debit", "eldercare.meal", 77, dt.date(2024, 6, 1))
    again = love_card_debit(card=card.pk, amount="12.50", idempotency_key="meal:77", source=("eldercare.meal", 77))
    assert again.pk == entry.pk
    card.refresh_from_db()
    assert card.balance == Decimal("17.50")
    assert LoveCardEntry.objects.filter(kind="meal").count() == 1
    assert AuditEntry.objects.filter(action="eldercare.love_card.debited").count() == 1


def test_the_whole_balance_can_be_spent_and_not_a_fen_more(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="0.30")
    love_card_debit(card=card, amount="0.10", idempotency_key=key(), source=MEAL)
    love_card_debit(card=card, amount="0.20", idempotency_key=key(), source=MEAL)
    card.refresh_from_db()
    assert card.balance == Decimal("0.00")
    with pytest.raises(ValidationError) as exc:
        love_card_debit(card=card, amount="0.01", idempotency_key=key(), source=MEAL)
    assert errors_of(exc) == {"amount": [messages.CARD_INSUFFICIENT.format(balance="0.00", amount="0.01")]}
    assert LoveCardEntry.objects.filter(kind="meal").count() == 2
    assert selectors.love_card_mismatches() == []


def test_more_than_the_balance_is_refused_with_nothing_written(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="10.00")
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        love_card_debit(card=card, amount="10.01", idempotency_key="meal:1", source=MEAL)
    assert errors_of(exc) == {"amount": [messages.CARD_INSUFFICIENT.format(balance="10.00", amount="10.01")]}
    card.refresh_from_db()
    assert card.balance == Decimal("10.00") and not LoveCardEntry.objects.filter(kind="meal").exists()
    assert AuditEntry.objects.count() == audits
    # The refused key was never used: the same meal paid later, once there is money, goes through.
    love_card_top_up(actor=personas.aishan_officer, card=card, kind="family", amount="5", payer="女儿",
                     idempotency_key=key())
    assert love_card_debit(card=card, amount="10.01", idempotency_key="meal:1", source=MEAL).amount == Decimal("10.01")


def test_a_refused_debit_inside_the_callers_transaction_leaves_nothing_behind(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="5.00")
    with transaction.atomic():  # as the meals service will call it
        with contextlib.suppress(ValidationError):
            love_card_debit(card=card, amount="8.00", idempotency_key="meal:9", source=MEAL)
        love_card_debit(card=card, amount="3.00", idempotency_key="meal:10", source=MEAL)
    assert list(LoveCardEntry.objects.filter(kind="meal").values_list("idempotency_key", flat=True)) == ["meal:10"]
    card.refresh_from_db()
    assert card.balance == Decimal("2.00")


def test_bad_debit_input_names_each_field(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="5.00")
    with pytest.raises(ValidationError) as exc:
        love_card_debit(card=card, amount="1", idempotency_key="", source="meal 1", kind="subsidy")  # type: ignore[arg-type]
    assert set(errors_of(exc)) == {"kind", "idempotency_key", "source"}
    assert errors_of(exc)["source"] == [messages.SOURCE_INVALID]
    assert errors_of(exc)["idempotency_key"] == [messages.KEY_REQUIRED]
    with pytest.raises(ValidationError) as exc:
        love_card_debit(card=999_999, amount="1", idempotency_key=key(), source=MEAL)
    assert errors_of(exc) == {"card": [messages.CARD_UNKNOWN]}
    assert not LoveCardEntry.objects.filter(kind="meal").exists()


def test_a_debit_source_can_be_a_saved_record(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="5.00")
    record = PersonFactory()  # any saved row: the meal record, once meals exist
    entry = love_card_debit(card=card, amount="1", idempotency_key=key(), source=record)
    assert (entry.source_type, entry.source_id) == ("people.person", record.pk)


# ---- the ledger ------------------------------------------------------------------------------------------


def test_the_ledger_is_append_only_in_python_and_in_the_database(personas: Personas) -> None:
    card = card_for(personas.aishan_officer, funds="5.00")
    entry = LoveCardEntry.objects.get()
    with pytest.raises(PermissionDenied, match=LEDGER_APPEND_ONLY):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    table = LoveCardEntry._meta.db_table
    for sql in (f"UPDATE {table} SET amount = 1", f"DELETE FROM {table}"):
        with pytest.raises(Exception, match=LEDGER_APPEND_ONLY), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert LoveCardEntry.objects.get().amount == Decimal("5.00") and card.balance == Decimal("5.00")


def test_the_database_refuses_a_negative_balance_and_a_debit_that_credits(personas: Personas) -> None:
    card = card_for(personas.aishan_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoveCard.objects.filter(pk=card.pk).update(balance=Decimal("-0.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        LoveCardEntry.objects.create(card=card, region_code=card.region_code, period=dt.date(2024, 1, 1), kind="meal",
                                     direction="credit", amount=Decimal("1"), idempotency_key="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        LoveCardEntry.objects.create(card=card, region_code=card.region_code, period=dt.date(2024, 1, 1),
                                     kind="family_top_up", direction="credit", amount=Decimal("0"),
                                     idempotency_key="y")


def test_the_kept_balance_reconciles_with_the_sum_of_entries(personas: Personas) -> None:
    cards = [card_for(personas.aishan_officer, funds=f"{10 * n + 0.1:.2f}") for n in range(1, 6)]
    for n, card in enumerate(cards):
        for m in range(n + 1):
            love_card_debit(card=card, amount="0.70", idempotency_key=key(), source=("eldercare.meal", n * 10 + m))
        love_card_top_up(actor=personas.aishan_officer, card=card, kind="enterprise", amount="0.30", payer="某企业",
                         idempotency_key=key())
    for card in cards:
        card.refresh_from_db()
        assert selectors.love_card_ledger_balance(card=card) == card.balance
    assert selectors.love_card_mismatches() == []
    assert cards[4].balance == Decimal("50.10") - Decimal("3.50") + Decimal("0.30")
    # A balance changed behind the ledger's back is found.
    LoveCard.objects.filter(pk=cards[2].pk).update(balance=Decimal("1.00"))
    found = selectors.love_card_mismatches()
    assert [(m.card, m.balance, m.ledger) for m in found] == [(cards[2].pk, Decimal("1.00"), Decimal("28.30"))]
    assert selectors.love_card_mismatches(card_ids=[cards[0].pk]) == []
