"""The eldercare service subsidy (``elder_service``) of an approved payment run lands on the
payees' love cards: one entry per line, the balances up by as much, holders without a card
counted and left, a frozen card credited for the month of death and before but not after, and
crediting the run again changes nothing. It happens by itself once the approval commits (the
``payment_run_approved`` event), through a background task for a big run, and a failure there
leaves the approval standing and is logged."""

from __future__ import annotations

import datetime as dt
import io
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from minzheng.benefits.models import Enrollment, PaymentLine, PaymentRun, Program
from minzheng.benefits.payments.services import payment_run_approve, payment_run_start
from minzheng.core import events
from minzheng.core.models import AuditEntry
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards import selectors, services
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.love_cards.services import (
    love_card_activate,
    love_card_credit_approved_run,
    love_card_credit_subsidies,
    love_card_debit,
)
from minzheng.people.models import Person
from minzheng.people.services import person_record_death
from tests.benefits.factories import programs_reseed
from tests.eldercare.factories import elder
from tests.eldercare.love_cards.conftest import key
from tests.personas import Personas

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2024, 12, 1)


@pytest.fixture
def elder_service(db) -> Program:  # type: ignore[no-untyped-def]
    programs_reseed()
    return Program.objects.get(code="elder_service")


def enrolled(program: Program, amount: str = "200.00") -> Person:
    person, _ = elder()
    Enrollment.objects.create(program=program, person=person, region_code=person.region_code,
                              approved_on=dt.date(2024, 11, 20), start_month=DECEMBER,
                              monthly_amount=Decimal(amount), persons=1)
    return person


def approved_run(personas: Personas) -> PaymentRun:
    run = payment_run_start(actor=None, program_code="elder_service", period="2024-12", region_prefix="3305")
    return payment_run_approve(actor=personas.city_admin, run=run)


def test_a_run_lands_on_the_cards_once(personas: Personas, elder_service: Program) -> None:
    officer = personas.aishan_officer
    alive = enrolled(elder_service, "200.00")
    no_card = enrolled(elder_service, "200.00")
    died_in_december = enrolled(elder_service, "150.00")
    died_before = enrolled(elder_service, "120.00")
    failed = enrolled(elder_service, "90.00")
    cards = {p.pk: love_card_activate(actor=officer, person=p)
             for p in (alive, died_in_december, died_before, failed)}
    run = approved_run(personas)
    PaymentLine.objects.filter(run=run, payee=failed).update(status="failed")  # the bank sent it back
    person_record_death(actor=officer, person=died_in_december, death_date=dt.date(2024, 12, 10))
    person_record_death(actor=officer, person=died_before, death_date=dt.date(2024, 11, 28))

    result = love_card_credit_subsidies(run=run, actor=personas.city_admin)
    assert (result.lines, result.credited, result.amount, result.already, result.no_card, result.after_death) == (
        4, 2, Decimal("350.00"), 0, 1, 1)
    balances = {pk: LoveCard.objects.get(pk=card.pk).balance for pk, card in cards.items()}
    assert balances == {alive.pk: Decimal("200.00"), died_in_december.pk: Decimal("150.00"),
                        died_before.pk: Decimal("0.00"), failed.pk: Decimal("0.00")}
    entry = LoveCardEntry.objects.get(card=cards[alive.pk])
    line = PaymentLine.objects.get(run=run, payee=alive)
    assert (entry.kind, entry.direction, entry.amount, entry.period, entry.source_type, entry.source_id,
            entry.idempotency_key, entry.region_code) == (
        "subsidy", "credit", Decimal("200.00"), DECEMBER, "benefits.paymentline", line.pk,
        f"subsidy:payment_line:{line.pk}", alive.region_code)
    assert entry.created_by == personas.city_admin and entry.get_kind_display() == "政府补贴"
    audit = AuditEntry.objects.get(action="eldercare.love_card.subsidies_credited")
    assert audit.after == {"run": run.pk, "credited": 2, "amount": "350.00", "already_credited": 0, "no_card": 1,
                           "after_death": 1}
    assert selectors.love_card_mismatches() == []

    again = love_card_credit_subsidies(run=run)
    assert (again.credited, again.already, again.amount) == (0, 2, Decimal("0.00"))
    assert LoveCardEntry.objects.count() == 2
    assert LoveCard.objects.get(pk=cards[alive.pk].pk).balance == Decimal("200.00")
    assert AuditEntry.objects.filter(action="eldercare.love_card.subsidies_credited").count() == 1

    # A card opened later gets the month it was paid when the run is credited again.
    late = love_card_activate(actor=officer, person=no_card)
    third = love_card_credit_subsidies(run=run)
    assert (third.credited, third.already, third.no_card) == (1, 2, 0)
    late.refresh_from_db()
    assert late.balance == Decimal("200.00") and selectors.love_card_mismatches() == []


def test_the_subsidy_can_be_spent_on_meals(personas: Personas, elder_service: Program) -> None:
    person = enrolled(elder_service, "200.00")
    card = love_card_activate(actor=personas.aishan_officer, person=person)
    love_card_credit_subsidies(run=approved_run(personas))
    love_card_debit(card=card, amount="12.00", idempotency_key=key("meal"), source=("eldercare.meal", 1))
    card.refresh_from_db()
    assert card.balance == Decimal("188.00")
    assert selectors.love_card_ledger_balance(card=card) == Decimal("188.00")


def test_only_approved_elder_service_runs_are_credited(personas: Personas, elder_service: Program) -> None:
    enrolled(elder_service)
    computed = payment_run_start(actor=None, program_code="elder_service", period="2024-12", region_prefix="3305")
    with pytest.raises(ValidationError) as exc:
        love_card_credit_subsidies(run=computed)
    assert exc.value.message_dict == {"run": [messages.RUN_NOT_APPROVED.format(status="待审核")]}
    dibao = PaymentRun.objects.create(program=Program.objects.get(code="dibao"), period=DECEMBER, region_prefix="3305",
                                      region_code="330500000000", status="approved")
    with pytest.raises(ValidationError) as exc:
        love_card_credit_subsidies(run=dibao)
    assert exc.value.message_dict == {"run": [messages.RUN_NOT_ELDER_SERVICE.format(
        program=Program.objects.get(code="dibao").name)]}
    assert not LoveCardEntry.objects.exists()


def test_the_command_credits_a_months_runs_and_checks_the_balances(personas: Personas,
                                                                   elder_service: Program) -> None:
    person = enrolled(elder_service, "180.00")
    card = love_card_activate(actor=personas.aishan_officer, person=person)
    run = approved_run(personas)
    out = io.StringIO()
    call_command("love_cards", "credit", "--period", "2024-12", "--user", "city_admin", stdout=out)
    assert f"发放批次 {run.pk}" in out.getvalue() and "本次入卡 1 笔 180.00 元" in out.getvalue()
    out = io.StringIO()
    call_command("love_cards", "credit", "--run", str(run.pk), stdout=out)
    assert "本次入卡 0 笔" in out.getvalue() and "此前已入卡 1 笔" in out.getvalue()
    card.refresh_from_db()
    assert card.balance == Decimal("180.00")
    out = io.StringIO()
    call_command("love_cards", "check", stdout=out)
    assert "一致" in out.getvalue()
    LoveCard.objects.filter(pk=card.pk).update(balance=Decimal("1.00"))
    with pytest.raises(CommandError, match="1 张爱心卡余额与账目不一致"):
        call_command("love_cards", "check", stdout=io.StringIO())
    with pytest.raises(CommandError, match="发放月份格式应为"):
        call_command("love_cards", "credit", "--period", "2024/12")
    with pytest.raises(CommandError, match="发放批次不存在"):
        call_command("love_cards", "credit", "--run", "999999")


# ---- credited by itself when the run is approved ------------------------------------------------


def computed_run() -> PaymentRun:
    return payment_run_start(actor=None, program_code="elder_service", period="2024-12", region_prefix="3305")


def test_approving_the_run_credits_the_cards_once_the_approval_commits(
        personas: Personas, elder_service: Program, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    person = enrolled(elder_service, "200.00")
    card = love_card_activate(actor=personas.aishan_officer, person=person)
    run = computed_run()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        payment_run_approve(actor=personas.city_admin, run=run)
        assert not LoveCardEntry.objects.exists()  # not before the approval has committed
    assert len(callbacks) == 1
    card.refresh_from_db()
    assert card.balance == Decimal("200.00")
    entry = LoveCardEntry.objects.get(card=card)
    assert (entry.kind, entry.amount, entry.created_by) == ("subsidy", Decimal("200.00"), personas.city_admin)
    audit = AuditEntry.objects.get(action="eldercare.love_card.subsidies_credited")
    assert audit.actor == personas.city_admin and audit.after["credited"] == 1

    # The same event again (a replayed hook) credits nothing twice.
    run.refresh_from_db()
    answers = events.payment_run_approved.send_robust(sender=PaymentRun, run=run, actor=personas.city_admin)
    assert [result for _receiver, result in answers if isinstance(result, Exception)] == []
    card.refresh_from_db()
    assert card.balance == Decimal("200.00") and LoveCardEntry.objects.count() == 1
    assert AuditEntry.objects.filter(action="eldercare.love_card.subsidies_credited").count() == 1
    assert selectors.love_card_mismatches() == []


def test_a_big_run_is_credited_by_a_background_task(personas: Personas, elder_service: Program,
                                                    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cards = [love_card_activate(actor=personas.aishan_officer, person=enrolled(elder_service, "100.00"))
             for _ in range(2)]
    run = computed_run()
    queued: list[tuple[object, ...]] = []
    real_enqueue = services.task_enqueue

    def enqueue(path: str, *args: object) -> object:
        queued.append((path, *args))
        return real_enqueue(path, *args)  # the immediate backend runs it here

    monkeypatch.setattr(services, "CREDIT_INLINE_MAX", 1)
    monkeypatch.setattr(services, "task_enqueue", enqueue)
    with django_capture_on_commit_callbacks(execute=True):
        payment_run_approve(actor=personas.city_admin, run=run)
    assert queued == [(services.CREDIT_TASK, run.pk, personas.city_admin.pk)]
    for card in cards:
        card.refresh_from_db()
        assert card.balance == Decimal("100.00")
    assert LoveCardEntry.objects.filter(created_by=personas.city_admin).count() == 2


def test_a_failing_credit_leaves_the_approval_and_is_logged(personas: Personas, elder_service: Program,
                                                            django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    love_card_activate(actor=personas.aishan_officer, person=enrolled(elder_service))
    run = computed_run()

    def broken(**kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "love_card_credit_subsidies", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        approved = payment_run_approve(actor=personas.city_admin, run=run)
    run.refresh_from_db()
    assert approved.status == run.status == PaymentRun.Status.APPROVED
    assert AuditEntry.objects.filter(action="benefits.payment_run.approved", object_id=str(run.pk)).exists()
    assert not LoveCardEntry.objects.exists()
    [record] = [r for r in caplog.records if r.name == "minzheng.benefits.payments.services"]
    assert record.levelname == "ERROR" and f"payment run {run.pk} approved" in record.getMessage()
    assert "love_card_credit_on_approval" in record.getMessage() and "database went away" in record.getMessage()


def test_other_programs_runs_credit_nothing(personas: Personas, elder_service: Program) -> None:
    person = enrolled(elder_service)
    love_card_activate(actor=personas.aishan_officer, person=person)
    dibao = PaymentRun.objects.create(program=Program.objects.get(code="dibao"), period=DECEMBER, region_prefix="3305",
                                      region_code="330500000000", status="approved", line_count=1)
    assert love_card_credit_approved_run(run=dibao, actor=personas.city_admin) is None
    assert not LoveCardEntry.objects.exists()
