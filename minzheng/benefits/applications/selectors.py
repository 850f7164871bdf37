"""Reads on applications, each through the jurisdiction scope: a township officer sees their
township's applications, a county officer their county's; anything else answers 404.

The work queues are SQL filters on stored deadlines (``due_on``, ``notice_ends_on``,
``refusal_notice_due_on``), so they stay cheap at city scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, Q, QuerySet, When, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils import timezone

from minzheng.benefits.applications.models import Application, EconomicCheck, TimelineEntry
from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.enrollments.selectors import (
    household_enrollments,
    household_or_members,
    household_reviews,
)
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.people.models import Household

# A notice "ending" is one whose last day is within this many days: the officer prepares the
# decision file.
NOTICE_ENDING_DAYS = 2
QUEUE_SIZE = 50

S = Application.Status


# What a row of the application lists (benefits/applications/_rows.html) shows: loading only these
# spares decoding two people's and a program's whole rows per application.
ROW_FIELDS = ("household_id", "person_id", "program_id", "region_code", "status", "submitted_at", "due_on",
              "limit_on", "notice_ends_on", "refusal_notice_due_on", "refusal_notified_at", "program__name",
              "household__head__name", "person__name")


def _base(user: User) -> QuerySet[Application]:
    return scoped(Application.objects.select_related("program", "household__head", "person"), user=user)


def overdue_q(today: dt.date) -> Q:
    """Open past the 25-working-day deadline, or refused with the written notice not served in
    its 3 working days."""
    return (Q(status__in=Application.OPEN, due_on__lt=today)
            | Q(status=S.REFUSED, refusal_notified_at__isnull=True, refusal_notice_due_on__lt=today))


def application_list(*, user: User, status: str = "", program: str = "", overdue: bool = False) -> QuerySet[Application]:
    qs = _base(user)
    if status:
        qs = qs.filter(status=status)
    if program:
        qs = qs.filter(program__code=program)
    if overdue:
        qs = qs.filter(overdue_q(timezone.localdate()))
    return qs.order_by("-submitted_at", "-id")


def application_get(*, user: User, pk: int | str) -> Application:
    """One application with what its page shows, its economic check included (or none)."""
    return get_in_scope(Application.objects.select_related("program", "household__head", "person", "enrollment",
                                                           "submitted_by", "decided_by",
                                                           "economic_check__checked_by"),
                        user=user, pk=pk)


@dataclass
class TownshipQueue:
    new: list[Application]
    checks_due: list[Application]
    in_review: list[Application]
    notices_ending: list[Application]
    overdue: list[Application]


def township_queue(*, user: User, today: dt.date | None = None, fields: tuple[str, ...] = ()) -> TownshipQueue:
    """The township officer's work: new applications to take into the check, checks to record,
    cases in review, notices ending within two days, and every overdue case; at most
    ``QUEUE_SIZE`` of each, the earliest deadline first.

    Building a query costs the ORM about a millisecond of CPU, and the load test opens this page
    more than any other, so the five lists take two small queries of ids and, only when a list is
    not empty, one more for the rows (only ``fields`` of them, when given). The four lists by
    status are disjoint: one window numbers each row within its status. Overdue cuts across them
    and has its own query."""
    today = today or timezone.localdate()
    deadline = Case(When(status=S.PUBLIC_NOTICE, then=F("notice_ends_on")), default=F("due_on"))
    by_status = (scoped(Application.objects.filter(
        Q(status__in=[S.SUBMITTED, S.ECONOMIC_CHECK, S.TOWNSHIP_REVIEW])
        | Q(status=S.PUBLIC_NOTICE, notice_ends_on__lte=today + dt.timedelta(days=NOTICE_ENDING_DAYS))), user=user)
        .annotate(rank=Window(RowNumber(), partition_by=[F("status")], order_by=[deadline.asc(), F("id").asc()]))
        .filter(rank__lte=QUEUE_SIZE)
        .values_list("status", "rank", "id"))
    overdue = list(scoped(Application.objects.filter(overdue_q(today)), user=user)
                   .order_by("due_on", "id").values_list("id", flat=True)[:QUEUE_SIZE])
    lists: dict[str, list[int]] = {S.SUBMITTED: [], S.ECONOMIC_CHECK: [], S.TOWNSHIP_REVIEW: [], S.PUBLIC_NOTICE: []}
    for status, _, pk in sorted(by_status):
        lists[status].append(pk)
    wanted = {pk for pks in lists.values() for pk in pks} | set(overdue)
    found = _base(user).filter(pk__in=wanted)
    loaded = {a.pk: a for a in (found.only(*fields) if fields else found)} if wanted else {}

    def rows(pks: list[int]) -> list[Application]:
        return [loaded[pk] for pk in pks if pk in loaded]  # gone from the scope in between: left out

    return TownshipQueue(new=rows(lists[S.SUBMITTED]), checks_due=rows(lists[S.ECONOMIC_CHECK]),
                         in_review=rows(lists[S.TOWNSHIP_REVIEW]), notices_ending=rows(lists[S.PUBLIC_NOTICE]),
                         overdue=rows(overdue))


def approval_queue(*, user: User, today: dt.date | None = None) -> dict[str, list[Application]]:
    """The county's decisions: cases whose notice has ended (ready), and cases still in notice."""
    today = today or timezone.localdate()
    qs = _base(user).filter(status=S.PUBLIC_NOTICE)
    return {
        "ready": list(qs.filter(notice_ends_on__lt=today).order_by("decision_due_on", "id")[:QUEUE_SIZE]),
        "in_notice": list(qs.filter(notice_ends_on__gte=today).order_by("notice_ends_on", "id")[:QUEUE_SIZE]),
    }


def timeline_of(*, application: Application) -> QuerySet[TimelineEntry]:
    return application.timeline.order_by("at", "id")


def economic_check_of(*, application: Application) -> EconomicCheck | None:
    """The application's check with its members and their income items; no query for the check
    itself when ``application_get`` loaded it."""
    try:
        check = application.economic_check
    except EconomicCheck.DoesNotExist:
        return None
    prefetch_related_objects([check], "members__income_items")
    return check


def household_history(*, user: User, pk: int | str) -> dict[str, Any]:
    """A household's benefits: its applications and its members' (newest first), its and its
    members' enrollments, and their reviews. 404 outside the scope."""
    household: Household = get_in_scope(Household.objects.select_related("head"), user=user, pk=pk)
    applications = (Application.objects.select_related("program", "household__head", "person")
                    .filter(household_or_members(household))
                    .order_by("-submitted_at", "-id"))
    enrollments: QuerySet[Enrollment] = household_enrollments(household=household)
    reviews: QuerySet[Review] = household_reviews(household=household)
    return {"household": household, "applications": list(applications), "enrollments": list(enrollments),
            "reviews": list(reviews)}
