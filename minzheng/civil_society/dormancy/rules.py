"""Dormancy detection (僵尸型社会组织, the 2021 national campaign): four rules over the records, each
one SQL query over the live organizations (active, abnormal or serious), as of a day:

1. ``missed``: no annual report for either of the two latest years whose deadline has passed (the
   organization registered by the end of the earlier one): missed annual inspection 2 years running;
2. ``no_start``: registered at least a year before the day, and no activity (an ``event`` signal)
   from the registration to the day before its first anniversary;
3. ``no_scope``: registered at least two years before the day, and no activity within the charter's
   scope (an event with ``within_scope``) in the two years up to the day;
4. ``uncontactable``: in the year up to the day, a registered letter to the address came back
   unsigned or returned and an attempt to reach the legal representative failed, and no letter was
   signed and no call reached in that year.

Any one makes a candidate; ``dormancy_candidates`` gives each with its reasons in Chinese."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import DateField, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from minzheng.civil_society.credit.services import latest_due_year, years_after
from minzheng.civil_society.dormancy.models import CaseState, CleanupCase
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.models import ActivitySignal, AnnualReport, Organization, OrgKind
from minzheng.civil_society.registry.selectors import LIVE, organizations_visible
from minzheng.core.scope import scoped

RULES = ("missed", "no_start", "no_scope", "uncontactable")
RULE_LABELS = {
    "missed": "连续2年未参加年检",
    "no_start": "登记后1年内未开展活动",
    "no_scope": "2年未开展章程业务范围内活动",
    "uncontactable": "无法取得联系",
}


def _live(base: QuerySet[Organization] | None) -> QuerySet[Organization]:
    return (base if base is not None else Organization.objects.all()).filter(status__in=LIVE)


def missed(*, day: dt.date, base: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    out = Organization.objects.none()
    for kind in OrgKind.values:
        second = latest_due_year(kind, day)
        first = second - 1
        reports = AnnualReport.objects.filter(organization=OuterRef("pk"), year__in=[first, second])
        out = out | _live(base).filter(kind=kind, registered_on__lte=dt.date(first, 12, 31)).filter(
            ~Exists(reports)
        )
    return out


def no_start(*, day: dt.date, base: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    first_year = ActivitySignal.objects.filter(
        organization=OuterRef("pk"),
        kind="event",
        occurred_on__gte=OuterRef("registered_on"),
        occurred_on__lt=Cast(OuterRef("registered_on") + dt.timedelta(days=365), DateField()),
    )
    # A year has passed: the first anniversary is on or before the day (366 days over a 29 February
    # are counted by the cut-off date, not by a fixed number of days).
    return _live(base).filter(registered_on__lte=years_after(day, -1)).filter(~Exists(first_year))


def no_scope(*, day: dt.date, base: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    since = years_after(day, -2)
    events = ActivitySignal.objects.filter(
        organization=OuterRef("pk"),
        kind="event",
        within_scope=True,
        occurred_on__gt=since,
        occurred_on__lte=day,
    )
    return _live(base).filter(registered_on__lte=since).filter(~Exists(events))


def uncontactable(*, day: dt.date, base: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    since = years_after(day, -1)
    window = ActivitySignal.objects.filter(
        organization=OuterRef("pk"), occurred_on__gt=since, occurred_on__lte=day
    )
    letter = window.filter(kind="letter", outcome__in=["unsigned", "returned"])
    call = window.filter(kind="call", outcome="unreached")
    reached = window.filter(Q(outcome="signed") | Q(outcome="reached"))
    return _live(base).filter(Exists(letter), Exists(call)).filter(~Exists(reached))


@dataclass
class Candidate:
    organization: Organization
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    open_case: CleanupCase | None = None


def candidate_ids(*, day: dt.date, base: QuerySet[Organization] | None = None) -> dict[int, list[str]]:
    """Organization id → the rules (keys of ``RULES``) it meets on ``day``."""
    found: dict[int, list[str]] = {}
    for name, rule in (
        ("missed", missed),
        ("no_start", no_start),
        ("no_scope", no_scope),
        ("uncontactable", uncontactable),
    ):
        for pk in rule(day=day, base=base).values_list("pk", flat=True):
            found.setdefault(pk, []).append(name)
    return found


def reason_text(*, rule: str, organization: Organization, day: dt.date) -> str:
    if rule == "missed":
        second = latest_due_year(organization.kind, day)
        return messages.DORMANT_MISSED.format(first=second - 1, second=second)
    if rule == "no_start":
        return messages.DORMANT_NO_START.format(date=organization.registered_on)
    if rule == "no_scope":
        return messages.DORMANT_NO_SCOPE.format(since=years_after(day, -2))
    return messages.DORMANT_UNCONTACTABLE


def dormancy_candidates(*, user: Any, day: dt.date, rule: str = "") -> list[Candidate]:
    """The candidates in ``user``'s scope on ``day`` (only those meeting ``rule`` when given), each
    with its reasons and any cleanup case under way, in region order."""
    found = candidate_ids(day=day, base=organizations_visible(user=user))
    if rule:
        found = {pk: rules for pk, rules in found.items() if rule in rules}
    orgs = Organization.objects.filter(pk__in=found).order_by("region_code", "id")
    open_cases = {
        c.organization_id: c
        for c in CleanupCase.objects.filter(
            organization__in=list(found), state__in=[CaseState.FILED, CaseState.NOTICED]
        )
    }
    return [
        Candidate(
            organization=o,
            rules=found[o.pk],
            reasons=[reason_text(rule=r, organization=o, day=day) for r in found[o.pk]],
            open_case=open_cases.get(o.pk),
        )
        for o in orgs
    ]


def default_day(*, user: Any) -> dt.date:
    """The day the candidates page opens on: today, or the day after the latest record of activity
    or contact in the user's scope when the records stop earlier (the demo's 2024)."""
    today = timezone.localdate()
    latest = scoped(ActivitySignal.objects.all(), user=user).aggregate(last=Max("occurred_on"))["last"]
    return min(today, latest + dt.timedelta(days=1)) if latest else today
