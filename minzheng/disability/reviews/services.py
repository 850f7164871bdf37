"""``review_round_run``: a review round (复核批次) of the two disability subsidies over a region.

Held by ``disability.run_subsidy_reviews`` (counties and the city), for a region in the actor's
scope (the city 3305, a county 330502, a township 330502003), on a day (not in the future). Every
live enrollment of ``disability_living`` and ``disability_nursing`` whose beneficiary lives there
is reviewed by the engine's own ``benefits.enrollments.services.review_record``: the program's
policy assesses the person again on the facts of the day's month (their valid certificates and
low-income status, ``subject_facts_extra``, the same as at application); still eligible at the same
amount, the outcome is ``continue``; at another amount, ``change_amount``; no longer eligible (no
valid certificate, not low-income, died), ``terminate`` with the policy's reasons. Each engine
review is tied to the round (``ReviewRoundItem``), the round keeps the counts. One round per
region and half-year. The whole round is one transaction: the engine's review entries and one
audit entry ``disability.review_round.done``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from minzheng.benefits.applications.counting import age_on
from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.enrollments.services import review_record
from minzheng.benefits.money import month_start
from minzheng.benefits.programs.models import Program
from minzheng.benefits.programs.policy import Facts, SubjectFacts, policy_for, subject_facts_extra
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.disability import messages
from minzheng.disability.cleaning import clean_date, text
from minzheng.disability.reviews import selectors
from minzheng.disability.reviews.models import ReviewRound, ReviewRoundItem
from minzheng.people.models import Person

FIELDS = ["region_code", "year", "half", "done_on", "name", "reviewed", "continued", "changed", "terminated"]
NAME_MAX = 100
PREFIX_LENGTHS = (4, 6, 9)
HALVES = {1: "上半年", 2: "下半年"}


def clean_region(value: Any, *, actor: User) -> str:
    prefix = text(value)
    if not prefix.isdigit() or len(prefix) not in PREFIX_LENGTHS:
        raise ValidationError({"region": [messages.REGION_INVALID]})
    code = prefix.ljust(12, "0")
    if not Region.objects.filter(code=code).exists():
        raise ValidationError({"region": [messages.REGION_UNKNOWN.format(code=prefix)]})
    if not scope_for(actor).contains(code) or len(prefix) < len(scope_for(actor).prefix or ""):
        raise ValidationError({"region": [messages.REGION_OUT_OF_SCOPE.format(code=prefix)]})
    return prefix


def decide(enrollment: Enrollment, *, day: dt.date) -> tuple[Review.Outcome, Any, str]:
    """(outcome, new amount or None, reason) of one enrollment on ``day``, by its program's policy."""
    person = enrollment.person
    assert person is not None  # both subsidies are paid to a person
    month = month_start(day)
    deceased = person.status == Person.Status.DECEASED
    facts = Facts(
        subject=SubjectFacts(
            age=age_on(person.birth_date, day),
            deceased=deceased,
            extra=subject_facts_extra(enrollment.program.code, person=person, month=month),
        )
    )
    result = policy_for(enrollment.program.code).assess(
        facts, standard=None, params=enrollment.program.params
    )
    if not result.eligible:
        return (
            Review.Outcome.TERMINATE,
            None,
            messages.ROUND_TERMINATE_REASON.format(reasons="；".join(result.reasons))[:500],
        )
    if result.monthly_amount != enrollment.monthly_amount:
        return Review.Outcome.CHANGE_AMOUNT, result.monthly_amount, "；".join(result.reasons)[:500]
    return Review.Outcome.CONTINUE, None, ""


@transaction.atomic
def review_round_run(
    *, actor: User, region: str, done_on: dt.date | str | None, name: str = ""
) -> ReviewRound:
    if actor is None or not actor.has_perm(selectors.PERM_RUN):
        raise PermissionDenied(messages.PERMISSION_REVIEWS)
    errors: dict[str, list[str]] = {}
    try:
        prefix = clean_region(region, actor=actor)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        prefix = ""
    day = clean_date(done_on, key="done_on", label="复核日期", errors=errors)
    name = text(name)
    if len(name) > NAME_MAX:
        errors["name"] = [messages.ROUND_NAME_TOO_LONG.format(max=NAME_MAX)]
    if Program.objects.filter(code__in=selectors.PROGRAMS).count() != len(selectors.PROGRAMS):
        errors["region"] = [messages.PROGRAMS_MISSING]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    code = prefix.ljust(12, "0")
    half = 1 if day.month <= 6 else 2
    region_name = Region.objects.get(code=code).name
    name = name or f"{region_name}{day.year}年{HALVES[half]}残疾人两项补贴复核"
    existing = ReviewRound.objects.filter(region_code=code, year=day.year, half=half).first()
    if existing is not None:
        raise ValidationError(
            {
                "done_on": [
                    messages.ROUND_EXISTS.format(
                        region=region_name, year=day.year, half=HALVES[half], name=existing.name
                    )
                ]
            }
        )
    review_round = ReviewRound(
        region_code=code, year=day.year, half=half, done_on=day, name=name, created_by=actor
    )
    try:
        with transaction.atomic():
            review_round.save()
    except IntegrityError as exc:  # the same round started at the same moment
        raise ValidationError(
            {
                "done_on": [
                    messages.ROUND_EXISTS.format(
                        region=region_name, year=day.year, half=HALVES[half], name=name
                    )
                ]
            }
        ) from exc
    items: list[ReviewRoundItem] = []
    counts = {Review.Outcome.CONTINUE: 0, Review.Outcome.CHANGE_AMOUNT: 0, Review.Outcome.TERMINATE: 0}
    for enrollment in selectors.live_enrollments(prefix=prefix).select_related("program", "person"):
        outcome, amount, reason = decide(enrollment, day=day)
        review = review_record(
            actor=actor,
            enrollment=enrollment,
            outcome=outcome,
            reason=reason,
            monthly_amount=amount,
            done_on=day,
        )
        counts[outcome] += 1
        items.append(
            ReviewRoundItem(
                round=review_round, review=review, enrollment=enrollment, region_code=enrollment.region_code
            )
        )
    ReviewRoundItem.objects.bulk_create(items, batch_size=1000)
    review_round.reviewed = len(items)
    review_round.continued = counts[Review.Outcome.CONTINUE]
    review_round.changed = counts[Review.Outcome.CHANGE_AMOUNT]
    review_round.terminated = counts[Review.Outcome.TERMINATE]
    review_round.save(update_fields=["reviewed", "continued", "changed", "terminated"])
    audit_record(
        actor=actor,
        action="disability.review_round.done",
        obj=review_round,
        after=snapshot(review_round, FIELDS),
        object_repr=name,
    )
    return review_round
