"""Writes on venture philanthropy (公益创投) and awards. One transaction, one audit entry each
(``civil_society.venture_round.<verb>``, ``civil_society.venture_application.<verb>``,
``civil_society.venture_review.added``, ``civil_society.award.added``), Chinese refusals by field.

Rules (docs/DOMAIN.md, Huzhou 2024): a project asks for at most 20万 (a registered organization) or
3万 (a filed community organization), and no more than its budget; an organization on the abnormal or
serious list, or revoked or deregistered, may not apply, nor be funded. Reviewers score 0–100, once
each; the average ranks the projects. After the round's public notice, a project is funded with an
amount within its request and the cap, and within what is left of the round's budget. All of it is
the county's and the city's (``civil_society.manage_organizations``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from minzheng.civil_society.credit.models import CreditList
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.models import Organization, OrgKind
from minzheng.civil_society.registry.selectors import PERM_MANAGE
from minzheng.civil_society.registry.services import authorize_org, clean_date, clean_money, text
from minzheng.civil_society.venture import selectors
from minzheng.civil_society.venture.models import (
    ApplicationStatus,
    AwardKind,
    AwardLevel,
    OrgAward,
    Outcome,
    VentureApplication,
    VentureReview,
    VentureRound,
)
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.people.models import Person

CAP_REGISTERED = Decimal("200000.00")
CAP_COMMUNITY = Decimal("30000.00")
ROUND_FIELDS = ["year", "name", "region_code", "budget", "fund_source", "noticed_on"]
APP_FIELDS = [
    "round",
    "organization",
    "project",
    "budget_total",
    "requested",
    "status",
    "funded_amount",
    "funded_on",
    "outcome",
    "outcome_note",
]
AWARD_FIELDS = ["organization", "kind", "year", "level", "person", "title"]
PROJECT_MAX, TITLE_MAX, NOTE_MAX = 100, 100, 200


def cap_for(organization: Organization) -> Decimal:
    return CAP_COMMUNITY if organization.kind == OrgKind.COMMUNITY else CAP_REGISTERED


def ineligibility(organization: Organization) -> str:
    """Why an organization may not take part ("" when it may): on a list, revoked or deregistered."""
    if organization.is_closed:
        return messages.APP_INELIGIBLE_CLOSED.format(status=organization.get_status_display())
    listed = organization.credit_entries.filter(removed_on__isnull=True).order_by("-list").first()
    if listed is not None:
        return messages.APP_INELIGIBLE_LIST.format(list=CreditList(listed.list).label)
    return ""


def _manage(actor: User | None) -> None:
    if actor is None or not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)


def _round_in_view(actor: User, venture_round: VentureRound) -> None:
    if not selectors.rounds_visible(user=actor).filter(pk=venture_round.pk).exists():
        raise Http404(core_messages.NOT_FOUND)


@transaction.atomic
def venture_round_create(
    *, actor: User, year: Any, name: str, budget: Any, fund_source: str = "市本级福利彩票公益金"
) -> VentureRound:
    _manage(actor)
    errors: dict[str, list[str]] = {}
    try:
        year = int(text(year))
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        errors["year"] = [messages.ROUND_YEAR_INVALID]
    name, fund_source = text(name), text(fund_source) or "市本级福利彩票公益金"
    if not name or len(name) > 100:
        errors["name"] = [messages.ROUND_NAME_REQUIRED]
    amount = clean_money(
        budget, key="budget", message=messages.ROUND_BUDGET_INVALID, errors=errors, positive=True
    )
    if errors:
        raise ValidationError(errors)
    assert amount is not None  # checked above
    try:
        with transaction.atomic():
            venture_round = VentureRound.objects.create(
                year=year,
                name=name,
                region_code=actor.region_id or "",
                budget=amount,
                fund_source=fund_source[:100],
            )
    except IntegrityError as exc:
        raise ValidationError({"name": [messages.ROUND_NAME_REQUIRED]}) from exc
    audit_record(
        actor=actor,
        action="civil_society.venture_round.created",
        obj=venture_round,
        after=snapshot(venture_round, ROUND_FIELDS),
    )
    return venture_round


@transaction.atomic
def venture_apply(
    *,
    actor: User,
    venture_round: VentureRound,
    organization: Organization,
    project: str,
    budget_total: Any,
    requested: Any,
) -> VentureApplication:
    """An organization's project in a round still open (not yet publicly noticed)."""
    _manage(actor)
    _round_in_view(actor, venture_round)
    authorize_org(actor, organization)
    venture_round = VentureRound.objects.get(pk=venture_round.pk)  # as stored: a notice may have closed it
    errors: dict[str, list[str]] = {}
    if venture_round.noticed_on is not None:
        errors["round"] = [messages.APP_NOT_OPEN]
    why = ineligibility(organization)
    if why:
        errors["organization"] = [why]
    project = text(project)
    if not project or len(project) > PROJECT_MAX:
        errors["project"] = [messages.APP_PROJECT_REQUIRED.format(max=PROJECT_MAX)]
    budget = clean_money(
        budget_total, key="budget_total", message=messages.APP_BUDGET_INVALID, errors=errors, positive=True
    )
    asked = clean_money(
        requested, key="requested", message=messages.APP_REQUEST_INVALID, errors=errors, positive=True
    )
    if asked is not None and budget is not None and asked > budget:
        errors["requested"] = [messages.APP_REQUEST_INVALID]
    elif asked is not None and asked > cap_for(organization):
        errors["requested"] = [
            messages.APP_REQUEST_CAP.format(
                kind=organization.get_kind_display(), cap=f"{cap_for(organization):,.0f}"
            )
        ]
    if (
        not errors
        and VentureApplication.objects.filter(
            round=venture_round, organization=organization, project=project
        ).exists()
    ):
        errors["project"] = [messages.APP_EXISTS]
    if errors:
        raise ValidationError(errors)
    assert budget is not None and asked is not None  # checked above
    application = VentureApplication.objects.create(
        round=venture_round,
        organization=organization,
        region_code=organization.region_code,
        project=project,
        budget_total=budget,
        requested=asked,
    )
    audit_record(
        actor=actor,
        action="civil_society.venture_application.submitted",
        obj=application,
        after=snapshot(application, APP_FIELDS),
    )
    return application


def _application(actor: User, application: VentureApplication) -> VentureApplication:
    _manage(actor)
    if not selectors.applications_visible(user=actor).filter(pk=application.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    return (
        VentureApplication.objects.select_for_update()
        .select_related("round", "organization")
        .get(pk=application.pk)
    )


@transaction.atomic
def venture_review_add(
    *, actor: User, application: VentureApplication, score: Any, comment: str = ""
) -> VentureReview:
    """One reviewer's score (0–100), once per reviewer and project."""
    application = _application(actor, application)
    errors: dict[str, list[str]] = {}
    if application.status != ApplicationStatus.SUBMITTED:
        errors["status"] = [messages.REVIEW_NOT_SUBMITTED]
    value = clean_money(score, key="score", message=messages.REVIEW_SCORE_INVALID, errors=errors)
    if value is not None and value > 100:
        errors["score"] = [messages.REVIEW_SCORE_INVALID]
    comment = text(comment)
    if len(comment) > NOTE_MAX:
        errors["comment"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if not errors and application.reviews.filter(reviewer=actor).exists():
        errors["score"] = [messages.REVIEW_TWICE]
    if errors:
        raise ValidationError(errors)
    assert value is not None  # checked above
    review = VentureReview.objects.create(
        application=application, reviewer=actor, score=value, comment=comment
    )
    audit_record(
        actor=actor,
        action="civil_society.venture_review.added",
        obj=review,
        region_code=application.region_code,
        after={"application": application.pk, "score": str(value), "comment": comment},
    )
    return review


@transaction.atomic
def venture_round_notice(*, actor: User, venture_round: VentureRound, noticed_on: Any) -> VentureRound:
    """The public notice (公示) of the round's shortlist: applications close, funding opens."""
    _manage(actor)
    _round_in_view(actor, venture_round)
    venture_round = VentureRound.objects.select_for_update().get(pk=venture_round.pk)
    errors: dict[str, list[str]] = {}
    if venture_round.noticed_on is not None:
        raise ValidationError({"noticed_on": [messages.NOTICE_DONE.format(date=venture_round.noticed_on)]})
    day = clean_date(
        noticed_on,
        key="noticed_on",
        label="公示日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="公示日期"),
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(venture_round, ROUND_FIELDS)
    venture_round.noticed_on = day
    venture_round.save(update_fields=["noticed_on"])
    audit_record(
        actor=actor,
        action="civil_society.venture_round.noticed",
        obj=venture_round,
        before=before,
        after=snapshot(venture_round, ROUND_FIELDS),
    )
    return venture_round


@transaction.atomic
def venture_fund(
    *, actor: User, application: VentureApplication, amount: Any, funded_on: Any
) -> VentureApplication:
    """Fund a reviewed project of a noticed round: within its request, the cap and the budget left."""
    application = _application(actor, application)
    venture_round = VentureRound.objects.select_for_update().get(pk=application.round_id)
    errors: dict[str, list[str]] = {}
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError({"status": [messages.FUND_STATE]})
    if venture_round.noticed_on is None:
        errors["round"] = [messages.FUND_NOT_NOTICED]
    if not application.reviews.exists():
        errors["score"] = [messages.FUND_NO_REVIEWS]
    why = ineligibility(application.organization)
    if why:
        errors["organization"] = [why]
    cap = cap_for(application.organization)
    value = clean_money(
        amount,
        key="amount",
        errors=errors,
        positive=True,
        message=messages.FUND_AMOUNT_INVALID.format(requested=application.requested, cap=cap),
    )
    if value is not None and (value > application.requested or value > cap):
        errors["amount"] = [messages.FUND_AMOUNT_INVALID.format(requested=application.requested, cap=cap)]
    elif value is not None:
        spent = venture_round.applications.filter(status=ApplicationStatus.FUNDED).aggregate(
            s=Sum("funded_amount")
        )["s"] or Decimal(0)
        if spent + value > venture_round.budget:
            errors["amount"] = [messages.FUND_BUDGET_EXCEEDED.format(left=venture_round.budget - spent)]
    day = clean_date(
        funded_on,
        key="funded_on",
        label="资助日期",
        errors=errors,
        required=messages.DATE_INVALID.format(field="资助日期"),
    )
    if (
        day is not None
        and "funded_on" not in errors
        and venture_round.noticed_on is not None
        and day < venture_round.noticed_on
    ):
        errors["funded_on"] = [messages.FUND_DATE_BEFORE_NOTICE.format(date=venture_round.noticed_on)]
    if errors:
        raise ValidationError(errors)
    before = snapshot(application, APP_FIELDS)
    application.status, application.funded_amount, application.funded_on = (
        ApplicationStatus.FUNDED,
        value,
        day,
    )
    application.save(update_fields=["status", "funded_amount", "funded_on"])
    audit_record(
        actor=actor,
        action="civil_society.venture_application.funded",
        obj=application,
        before=before,
        after=snapshot(application, APP_FIELDS),
    )
    return application


@transaction.atomic
def venture_reject(*, actor: User, application: VentureApplication) -> VentureApplication:
    application = _application(actor, application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError({"status": [messages.FUND_STATE]})
    before = snapshot(application, APP_FIELDS)
    application.status = ApplicationStatus.REJECTED
    application.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="civil_society.venture_application.rejected",
        obj=application,
        before=before,
        after=snapshot(application, APP_FIELDS),
    )
    return application


@transaction.atomic
def venture_outcome_record(
    *, actor: User, application: VentureApplication, outcome: str, outcome_note: str = ""
) -> VentureApplication:
    application = _application(actor, application)
    errors: dict[str, list[str]] = {}
    outcome, note = text(outcome), text(outcome_note)
    if application.status != ApplicationStatus.FUNDED:
        errors["outcome"] = [messages.OUTCOME_NOT_FUNDED]
    elif outcome not in Outcome.values:
        errors["outcome"] = [messages.OUTCOME_INVALID]
    if len(note) > NOTE_MAX:
        errors["outcome_note"] = [messages.NOTE_TOO_LONG.format(max=NOTE_MAX)]
    if errors:
        raise ValidationError(errors)
    before = snapshot(application, APP_FIELDS)
    application.outcome, application.outcome_note = outcome, note
    application.save(update_fields=["outcome", "outcome_note"])
    audit_record(
        actor=actor,
        action="civil_society.venture_application.outcome_recorded",
        obj=application,
        before=before,
        after=snapshot(application, APP_FIELDS),
    )
    return application


@transaction.atomic
def award_add(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    year: Any,
    level: str,
    person: Person | None = None,
    title: str = "",
) -> OrgAward:
    """One award of an organization in a year: a brand organization, a leading figure (a person of
    the registry), a 清廉 example, a typical case."""
    _manage(actor)
    authorize_org(actor, organization)
    errors: dict[str, list[str]] = {}
    kind, level, title = text(kind), text(level), text(title)
    if kind not in AwardKind.values:
        errors["kind"] = [messages.AWARD_KIND_INVALID]
    if level not in AwardLevel.values:
        errors["level"] = [messages.AWARD_LEVEL_INVALID]
    try:
        year = int(text(year))
    except ValueError:
        year = 0
    if not organization.registered_on.year <= year <= timezone.localdate().year:
        errors["year"] = [messages.AWARD_YEAR_INVALID]
    if kind == AwardKind.LEADER and person is None:
        errors["person"] = [messages.AWARD_PERSON_REQUIRED]
    elif kind != AwardKind.LEADER and person is not None:
        errors["person"] = [messages.AWARD_PERSON_ONLY]
    if len(title) > TITLE_MAX:
        errors["title"] = [messages.AWARD_TITLE_TOO_LONG.format(max=TITLE_MAX)]
    if errors:
        raise ValidationError(errors)
    award = OrgAward.objects.create(
        organization=organization,
        region_code=organization.region_code,
        kind=kind,
        year=year,
        level=level,
        person=person,
        title=title,
    )
    audit_record(
        actor=actor, action="civil_society.award.added", obj=award, after=snapshot(award, AWARD_FIELDS)
    )
    return award
