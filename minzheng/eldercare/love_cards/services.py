"""Writes on love cards (爱心卡). Each runs in one transaction, checks its input (Chinese
``ValidationError`` keyed by the field at fault), writes, records one audit entry
``eldercare.love_card.<verb>`` and returns what it wrote; a refusal writes nothing.

- ``love_card_activate``: one card per elder (60 or over on the day, living, in the actor's scope).
- ``love_card_top_up``: an enterprise's or a family's money onto an active card.
- ``love_card_debit``: what the meals sub-domain (and home services, later) calls to take money
  off a card. It takes no power of its own: its caller has authorized the meal.
- ``love_card_credit_subsidies``: the eldercare service subsidy (``elder_service``) of an approved
  payment run lands on the payees' cards, set-based (one UPDATE and one INSERT … SELECT).
  ``love_card_credit_approved_run`` does it when a run is approved (``core.events.
  payment_run_approved``): at once for a small run, on the task queue for a big one.
- ``love_card_freeze_for_death`` / ``love_card_follow_move``: what the registry's events do.

Many entries at once (a month of meals, a demo's ledger) go through ``bulk.love_card_entries_post``,
which keeps the same promises in a fixed number of statements.

**The ledger and the balance.** Every entry carries an idempotency key, unique in the database. A
key seen before changes nothing and returns the original entry (the same card, kind and amount;
a key reused for something else is refused). The card's ``balance`` moves in the same transaction
as its entry, by a conditional UPDATE (``balance = balance - x WHERE balance >= x AND status =
'active'``) whose row count says whether it happened: concurrent debits queue on the card's row
and each re-checks the balance it finds, so the balance never goes below zero, without reading it
first under a lock. The entry is inserted *before* the balance moves: two requests with one key
meet at the unique index, and the second waits there for the first, then finds its entry.

**Frozen cards** (the holder died) take no debit and no top-up. The subsidy for a month up to and
including the month of death still lands (it was owed while the holder lived, and belongs to the
estate); a later month's does not, and is counted as refused in the run's report.

Amounts on SQLite are stored as floating point (NUMERIC affinity); each balance UPDATE rounds to
the fen, so a balance is always exactly the double a two-decimal amount reads as, and a debit of
the whole balance leaves exactly zero.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.db.models.functions import Round
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.benefits.models import PaymentLine, PaymentRun
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.dispatch import task_enqueue
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.people.models import Person

PERMISSION = "eldercare.manage_love_cards"
ELDER_AGE = 60
FEN = Decimal("0.01")
# One top-up or one debit: a slip of the finger (a few zeros too many) is refused, not posted.
AMOUNT_MAX = Decimal("100000.00")
KEY_MAX = 100
KEY_RE = re.compile(r"^[A-Za-z0-9_\-:.]+$")
PAYER_MAX = 100
NOTE_MAX = 200
SUBSIDY_PROGRAM = "elder_service"
SUBSIDY_SOURCE = "benefits.paymentline"
SUBSIDY_KEY_PREFIX = "subsidy:payment_line:"
# An approved run with more lines than this is credited by a background task: the approver's
# request (its on-commit hook) should not wait for a city's cards. Measured on a loaded 2-core
# machine: 5,000 lines in 0.10 s on SQLite and 0.43 s on PostgreSQL; 50,000 in 1.6 s and 4.4 s.
CREDIT_INLINE_MAX = 5_000
CREDIT_TASK = "minzheng.eldercare.love_cards.tasks.credit_love_card_subsidies"
TOP_UP_KINDS = {
    "enterprise": LoveCardEntry.Kind.ENTERPRISE_TOP_UP,
    "family": LoveCardEntry.Kind.FAMILY_TOP_UP,
    LoveCardEntry.Kind.ENTERPRISE_TOP_UP.value: LoveCardEntry.Kind.ENTERPRISE_TOP_UP,
    LoveCardEntry.Kind.FAMILY_TOP_UP.value: LoveCardEntry.Kind.FAMILY_TOP_UP,
}
CARD_FIELDS = ["person", "region_code", "status", "balance", "activated_at", "activated_by", "frozen_at",
               "frozen_reason"]
ENTRY_FIELDS = ["kind", "direction", "amount", "period", "idempotency_key", "source_type", "source_id", "payer",
                "note"]


# ---- checking the input ------------------------------------------------------------------------


def _authorize(actor: User, region_code: str) -> None:
    # Scope first: a card elsewhere answers 404 whatever the actor's powers.
    if not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def amount_error(value: Any) -> str:
    """The reason ``value`` is not an amount a ledger entry may carry, or "" when it is one:
    yuan, more than zero, at most two decimals, at most ``AMOUNT_MAX``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return messages.AMOUNT_REQUIRED
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        return messages.AMOUNT_INVALID
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        return messages.AMOUNT_INVALID
    if not amount.is_finite():
        return messages.AMOUNT_INVALID
    if amount <= 0:
        return messages.AMOUNT_NOT_POSITIVE
    if amount > AMOUNT_MAX:
        return messages.AMOUNT_TOO_LARGE.format(max=f"{AMOUNT_MAX:,.2f}")
    if amount != amount.quantize(FEN):
        return messages.AMOUNT_TOO_PRECISE
    return ""


def clean_amount(value: Any, *, field: str = "amount") -> Decimal:
    """``value`` as Decimal yuan with 2 places, or a ``ValidationError`` on ``field``."""
    error = amount_error(value)
    if error:
        raise ValidationError({field: [error]})
    amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    return amount.quantize(FEN)


def key_error(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        return messages.KEY_REQUIRED
    if len(value.strip()) > KEY_MAX or not KEY_RE.match(value.strip()):
        return messages.KEY_INVALID.format(max=KEY_MAX)
    return ""


def _clean_key(value: Any) -> str:
    error = key_error(value)
    if error:
        raise ValidationError({"idempotency_key": [error]})
    return str(value).strip()


def _card_row(card: LoveCard | int) -> LoveCard:
    """The card as the database has it now (status, balance, region), or "unknown card"."""
    pk = card.pk if isinstance(card, LoveCard) else card
    found = LoveCard.objects.filter(pk=pk).first() if isinstance(pk, int) and not isinstance(pk, bool) else None
    if found is None:
        raise ValidationError({"card": [messages.CARD_UNKNOWN]})
    return found


def _frozen_reason(card: LoveCard) -> str:
    if card.frozen_reason == LoveCard.FrozenReason.DIED:
        death = Person.objects.filter(pk=card.person_id).values_list("death_date", flat=True).first()
        if death is not None:
            return messages.FROZEN_ON_DEATH.format(date=death.isoformat())
    return card.get_frozen_reason_display() or card.get_status_display()


def _frozen(card: LoveCard, action: str) -> ValidationError:
    return ValidationError({"card": [messages.CARD_FROZEN.format(reason=_frozen_reason(card), action=action)]})


def _repeat(original: LoveCardEntry, *, card_id: int, kind: str, amount: Decimal) -> LoveCardEntry:
    """The original entry of a key seen before, when the request is the same one again."""
    if original.card_id != card_id or original.kind != kind or original.amount != amount:
        raise ValidationError({"idempotency_key": [messages.KEY_REUSED.format(
            card=original.card_id, kind=original.get_kind_display(), amount=f"{original.amount:.2f}")]})
    return original


def _month(day: dt.date | None) -> dt.date:
    return (day or timezone.localdate()).replace(day=1)


# ---- posting one entry ---------------------------------------------------------------------------


def _post(*, card: LoveCard | int, kind: str, amount: Decimal, key: str, period: dt.date, actor: User | None,
          source_type: str = "", source_id: int | None = None, payer: str = "", note: str = "",
          action: str) -> tuple[LoveCardEntry, bool]:
    """Write one entry and move the balance with it; (entry, True), or (the original entry,
    False) for a key seen before. Must run inside the caller's transaction: a refusal raised
    here after the insert rolls the insert back with it."""
    row = _card_row(card)
    original = LoveCardEntry.objects.filter(idempotency_key=key).first()
    if original is not None:
        return _repeat(original, card_id=row.pk, kind=kind, amount=amount), False
    if not row.is_active:
        raise _frozen(row, action)
    debit = kind in LoveCardEntry.DEBIT_KINDS
    entry = LoveCardEntry(card_id=row.pk, region_code=row.region_code, period=period, kind=kind,
                          direction=LoveCardEntry.Direction.DEBIT if debit else LoveCardEntry.Direction.CREDIT,
                          amount=amount, idempotency_key=key, source_type=source_type, source_id=source_id,
                          payer=payer, note=note, created_by=actor if actor is not None and actor.pk else None)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # The same key, sent at the same moment, committed first: we waited for it at the index.
        original = LoveCardEntry.objects.filter(idempotency_key=key).first()
        if original is None:
            raise
        return _repeat(original, card_id=row.pk, kind=kind, amount=amount), False
    cards = LoveCard.objects.filter(pk=row.pk, status=LoveCard.Status.ACTIVE)
    if debit:
        changed = cards.filter(balance__gte=amount).update(balance=Round(F("balance") - amount, 2))
    else:
        changed = cards.update(balance=Round(F("balance") + amount, 2))
    if not changed:
        # Someone got there first: the card froze, or other debits took the money meanwhile.
        now = LoveCard.objects.get(pk=row.pk)
        if not now.is_active:
            raise _frozen(now, action)
        raise ValidationError({"amount": [messages.CARD_INSUFFICIENT.format(balance=f"{now.balance:.2f}",
                                                                            amount=f"{amount:.2f}")]})
    return entry, True


def _audit_entry(*, actor: User | None, action: str, entry: LoveCardEntry, object_repr: str) -> None:
    card = LoveCard.objects.get(pk=entry.card_id)  # the balance after this entry, and the audit's object
    audit_record(actor=actor, action=action, obj=card, region_code=entry.region_code,
                 object_repr=object_repr, after={**snapshot(entry, ENTRY_FIELDS), "balance": f"{card.balance:.2f}"})


# ---- the services ----------------------------------------------------------------------------------


@transaction.atomic
def love_card_activate(*, actor: User, person: Person) -> LoveCard:
    """Open ``person``'s card account, with a zero balance. Only for a living person aged 60 or
    over today (an age is reached on the birthday; 29 February's on 1 March), in the actor's
    scope, who has no card yet: a second activation is refused, by the database too."""
    _authorize(actor, person.region_code)
    today = timezone.localdate()
    if person.status == Person.Status.DECEASED:
        raise ValidationError({"person": [messages.CARD_PERSON_DECEASED.format(
            date=person.death_date.isoformat() if person.death_date else "")]})
    age = age_on(person.birth_date, today)
    if age < ELDER_AGE:
        raise ValidationError({"person": [messages.CARD_PERSON_UNDER_AGE.format(
            age=ELDER_AGE, birth=person.birth_date.isoformat(), age_now=age)]})
    existing = LoveCard.objects.filter(person=person).first()
    if existing is None:
        card = LoveCard(person=person, region_code=person.region_code, activated_by=actor)
        try:
            with transaction.atomic():
                card.save()
        except IntegrityError:  # activated at the same moment by another request
            existing = LoveCard.objects.filter(person=person).first()
            if existing is None:
                raise
    if existing is not None:
        raise ValidationError({"person": [messages.CARD_EXISTS.format(
            date=timezone.localtime(existing.activated_at).date().isoformat())]})
    audit_record(actor=actor, action="eldercare.love_card.activated", obj=card,
                 object_repr=f"{person.name} 爱心卡{card.pk}", after=snapshot(card, CARD_FIELDS))
    return card


@transaction.atomic
def love_card_top_up(*, actor: User, card: LoveCard, kind: str, amount: Any, payer: str, idempotency_key: str,
                     note: str = "") -> tuple[LoveCardEntry, bool]:
    """Credit an enterprise's (``kind="enterprise"``) or a family's (``"family"``) money to an
    active card in the actor's scope. Returns (entry, created): a key seen before returns its
    original entry and ``False``, and changes nothing."""
    _authorize(actor, card.region_code)
    errors: dict[str, list[str]] = {}
    entry_kind = TOP_UP_KINDS.get(kind) if isinstance(kind, str) else None
    if entry_kind is None:
        errors["kind"] = [messages.TOP_UP_KIND_INVALID]
    if error := amount_error(amount):
        errors["amount"] = [error]
    payer = (payer or "").strip() if isinstance(payer, str) else ""
    if not payer:
        errors["payer"] = [messages.PAYER_REQUIRED]
    elif len(payer) > PAYER_MAX:
        errors["payer"] = [messages.PAYER_TOO_LONG.format(max=PAYER_MAX)]
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.CARD_NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if error := key_error(idempotency_key):
        errors["idempotency_key"] = [error]
    if errors:
        raise ValidationError(errors)
    assert entry_kind is not None
    entry, created = _post(card=card, kind=entry_kind, amount=clean_amount(amount), key=idempotency_key.strip(),
                           period=_month(None), actor=actor, payer=payer, note=note, action="充值")
    if created:
        _audit_entry(actor=actor, action="eldercare.love_card.topped_up", entry=entry,
                     object_repr=f"爱心卡{entry.card_id} {entry.get_kind_display()} {entry.amount:.2f}元")
    return entry, created


def _source(source: Any) -> tuple[str, int]:
    if isinstance(source, models.Model) and isinstance(source.pk, int):
        return source._meta.label_lower, source.pk
    if (isinstance(source, tuple) and len(source) == 2 and isinstance(source[0], str) and source[0].strip()
            and isinstance(source[1], int) and not isinstance(source[1], bool)):
        return source[0].strip(), source[1]
    raise ValidationError({"source": [messages.SOURCE_INVALID]})


@transaction.atomic
def love_card_debit(*, card: LoveCard | int, amount: Any, idempotency_key: str, source: models.Model | tuple[str, int],
                    kind: str = LoveCardEntry.Kind.MEAL, on: dt.date | None = None, actor: User | None = None,
                    note: str = "") -> LoveCardEntry:
    """Take ``amount`` off an active card for ``source`` (a saved meal record, or a
    ``("eldercare.meal", id)`` pair), in the month of ``on`` (default today). The caller has
    authorized the service it pays for; this checks only the money.

    Refused, with nothing written: an amount that is not a positive yuan amount with at most
    two decimals (``amount``), an unknown card or a frozen one (``card``), more than the balance
    (``amount``), a missing or malformed key (``idempotency_key``). A key seen before returns the
    original entry and changes nothing, however many times and however concurrently it comes."""
    errors: dict[str, list[str]] = {}
    if kind not in LoveCardEntry.DEBIT_KINDS:
        errors["kind"] = [messages.KIND_INVALID.format(kinds="、".join(
            f"{k.value}（{k.label}）" for k in LoveCardEntry.DEBIT_KINDS))]
    if error := amount_error(amount):
        errors["amount"] = [error]
    if error := key_error(idempotency_key):
        errors["idempotency_key"] = [error]
    try:
        source_type, source_id = _source(source)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > NOTE_MAX:
        errors["note"] = [messages.CARD_NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if errors:
        raise ValidationError(errors)
    entry, created = _post(card=card, kind=kind, amount=clean_amount(amount), key=_clean_key(idempotency_key),
                           period=_month(on), actor=actor, source_type=source_type, source_id=source_id, note=note,
                           action="扣款")
    if created:
        _audit_entry(actor=actor, action="eldercare.love_card.debited", entry=entry,
                     object_repr=f"爱心卡{entry.card_id} {entry.get_kind_display()} {entry.amount:.2f}元")
    return entry


# ---- the subsidy, set-based ---------------------------------------------------------------------


@dataclass(frozen=True)
class SubsidyCredit:
    """What crediting one payment run did. ``lines`` counts the run's lines with money (not
    failed, amount above zero); each is ``credited`` now, ``already`` credited before, or refused
    because its payee has ``no_card`` or their card is frozen for a month after their death
    (``after_death``)."""

    run: int
    lines: int
    credited: int
    amount: Decimal
    already: int
    no_card: int
    after_death: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# A line lands on its payee's card when the card is active, or frozen on a death no earlier than
# the line's month (periods are first-of-month dates, so "period <= death_date" is "the month of
# death or before"), and when no entry holds its key yet.
_LANDS = "(c.status = 'active' OR (p.death_date IS NOT NULL AND l.period <= p.death_date))"
_FRESH = ("NOT EXISTS (SELECT 1 FROM {entry} e WHERE e.idempotency_key = %s || CAST(l.id AS VARCHAR(20)))")
_LINES = ("FROM {line} l JOIN {card} c ON c.person_id = l.payee_id JOIN {person} p ON p.id = l.payee_id "
          "WHERE l.run_id = %s AND l.status <> 'failed' AND l.amount > 0")


def _tables() -> dict[str, str]:
    return {"line": PaymentLine._meta.db_table, "card": LoveCard._meta.db_table,
            "person": Person._meta.db_table, "entry": LoveCardEntry._meta.db_table}


@transaction.atomic
def love_card_credit_subsidies(*, run: PaymentRun, actor: User | None = None) -> SubsidyCredit:
    """Credit every line of an approved (or exported) ``elder_service`` payment run to its
    payee's card: one entry per line, keyed ``subsidy:payment_line:<line id>``, and each card's
    balance up by the sum of its new entries, in two set-based statements. Lines whose payee
    has no card, or whose card froze on a death before the line's month, are counted and left
    (a card activated later gets them when the run is credited again). Running it again credits
    nothing twice; two runs of it on one payment run take turns on the run's row."""
    locked = PaymentRun.objects.select_for_update().select_related("program").filter(pk=run.pk).first()
    if locked is None:
        raise ValidationError({"run": [core_messages.NOT_FOUND]})
    if locked.program.code != SUBSIDY_PROGRAM:
        raise ValidationError({"run": [messages.RUN_NOT_ELDER_SERVICE.format(program=locked.program.name)]})
    if locked.status not in (PaymentRun.Status.APPROVED, PaymentRun.Status.EXPORTED):
        raise ValidationError({"run": [messages.RUN_NOT_APPROVED.format(status=locked.get_status_display())]})
    t = _tables()
    fresh = _FRESH.format(**t)
    lines = _LINES.format(**t)
    ops = connection.ops
    fresh_key = "e.id IS NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), "
            f"COALESCE(SUM(CASE WHEN c.id IS NULL THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN c.id IS NOT NULL AND NOT {_LANDS} THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN e.id IS NOT NULL THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN c.id IS NOT NULL AND {_LANDS} AND {fresh_key} THEN l.amount ELSE 0 END), 0) "
            f"FROM {t['line']} l LEFT JOIN {t['card']} c ON c.person_id = l.payee_id "
            f"LEFT JOIN {t['person']} p ON p.id = l.payee_id "
            f"LEFT JOIN {t['entry']} e ON e.idempotency_key = %s || CAST(l.id AS VARCHAR(20)) "
            f"WHERE l.run_id = %s AND l.status <> 'failed' AND l.amount > 0",
            [SUBSIDY_KEY_PREFIX, locked.pk])
        row = cursor.fetchone()
        total, no_card, after_death, already = (int(v) for v in row[:4])
        amount = Decimal(str(row[4])).quantize(FEN)
        # The balances first, then the entries: both statements see the same lines as not yet
        # credited (the UPDATE writes no entry), and the run's row lock keeps another crediting
        # of this run out until this one commits.
        cursor.execute(
            f"UPDATE {t['card']} SET balance = ROUND(balance + s.total, 2) "
            f"FROM (SELECT c.id AS card_id, SUM(l.amount) AS total {lines} AND {_LANDS} AND {fresh} "
            f"GROUP BY c.id) s WHERE {t['card']}.id = s.card_id",
            [locked.pk, SUBSIDY_KEY_PREFIX])
        cursor.execute(
            f"INSERT INTO {t['entry']} (card_id, region_code, period, kind, direction, amount, idempotency_key, "
            f"source_type, source_id, payer, note, created_at, created_by_id) "
            f"SELECT c.id, c.region_code, l.period, %s, %s, l.amount, %s || CAST(l.id AS VARCHAR(20)), %s, l.id, "
            f"'', '', %s, %s {lines} AND {_LANDS} AND {fresh}",
            [LoveCardEntry.Kind.SUBSIDY.value, LoveCardEntry.Direction.CREDIT.value, SUBSIDY_KEY_PREFIX,
             SUBSIDY_SOURCE, ops.adapt_datetimefield_value(timezone.now()),
             actor.pk if actor is not None and actor.pk else None, locked.pk, SUBSIDY_KEY_PREFIX])
        credited = cursor.rowcount
    result = SubsidyCredit(run=locked.pk, lines=total, credited=credited, amount=amount if credited else Decimal("0.00"),
                           already=already, no_card=no_card, after_death=after_death)
    if credited:
        audit_record(actor=actor, action="eldercare.love_card.subsidies_credited", obj=locked,
                     object_repr=f"{locked.program.name} {locked.period:%Y-%m} 记入爱心卡",
                     after={"run": locked.pk, "credited": credited, "amount": f"{result.amount:.2f}",
                            "already_credited": already, "no_card": no_card, "after_death": after_death})
    return result


def love_card_credit_approved_run(*, run: PaymentRun, actor: User | None) -> SubsidyCredit | None:
    """What an approved payment run does to the cards (``core.events.payment_run_approved``):
    nothing for another program's run; an ``elder_service`` run of at most ``CREDIT_INLINE_MAX``
    lines is credited now (the result returned), a bigger one is queued as a task (``None``).
    The same run approved event sent twice credits nothing twice: the entries' keys decide."""
    program_code = PaymentRun.objects.filter(pk=run.pk).values_list("program__code", flat=True).first()
    if program_code != SUBSIDY_PROGRAM:
        return None
    if run.line_count > CREDIT_INLINE_MAX:
        task_enqueue(CREDIT_TASK, run.pk, actor.pk if actor is not None and actor.pk else None)
        return None
    return love_card_credit_subsidies(run=run, actor=actor)


def love_card_credit_run_by_id(*, run_id: int, actor_id: int | None) -> SubsidyCredit:
    """``love_card_credit_subsidies`` for a task, which carries ids (JSON), not objects."""
    run = PaymentRun.objects.filter(pk=run_id).first()
    if run is None:
        raise ValidationError({"run": [core_messages.NOT_FOUND]})
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    return love_card_credit_subsidies(run=run, actor=actor)


# ---- what the registry's events do ------------------------------------------------------------


@transaction.atomic
def love_card_freeze_for_death(*, actor: User | None, person: Person, death_date: dt.date) -> LoveCard | None:
    """Freeze the card of a person whose death the registry recorded (``core.events.person_died``):
    from now on it takes no debit and no top-up. Its balance stays, for the estate. The actor is
    whoever recorded the death; no card, or one frozen already, changes nothing."""
    card = LoveCard.objects.select_for_update().filter(person=person).first()
    if card is None or card.status == LoveCard.Status.FROZEN:
        return card
    before = snapshot(card, CARD_FIELDS)
    card.status, card.frozen_at, card.frozen_reason = (LoveCard.Status.FROZEN, timezone.now(),
                                                       LoveCard.FrozenReason.DIED)
    card.save(update_fields=["status", "frozen_at", "frozen_reason"])
    audit_record(actor=actor, action="eldercare.love_card.frozen", obj=card,
                 object_repr=f"{person.name} 爱心卡{card.pk}", before=before,
                 after={**snapshot(card, CARD_FIELDS), "death_date": death_date.isoformat()})
    return card


@transaction.atomic
def love_card_follow_move(*, actor: User | None, person: Person, to_region_code: str) -> LoveCard | None:
    """A card's region is its holder's: when they move (``core.events.person_moved``), the card
    moves with them, and so does who may see it. Its past entries keep the region they were
    written in (where the money was spent)."""
    card = LoveCard.objects.select_for_update().filter(person=person).first()
    if card is None or card.region_code == to_region_code:
        return card
    before = snapshot(card, ["region_code"])
    card.region_code = to_region_code
    card.save(update_fields=["region_code"])
    audit_record(actor=actor, action="eldercare.love_card.moved", obj=card,
                 object_repr=f"{person.name} 爱心卡{card.pk}", before=before, after=snapshot(card, ["region_code"]))
    return card
