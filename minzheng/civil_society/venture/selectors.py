"""Reads on venture philanthropy and awards. A round is seen by staff whose scope holds its
organizer's region or lies inside it (the city's round is seen by every county); an application
and an award by the organization's region."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from minzheng.civil_society.registry.selectors import as_id
from minzheng.civil_society.venture.models import OrgAward, VentureApplication, VentureRound
from minzheng.core import messages as core_messages
from minzheng.core.scope import scope_for, scoped


def rounds_visible(*, user: Any) -> QuerySet[VentureRound]:
    scope = scope_for(user)
    if scope.is_empty:
        return VentureRound.objects.none()
    prefix = scope.prefix or ""
    # Mine and below, or an organizer above me (the city's round, seen from a county).
    above = [prefix[:n].ljust(12, "0") for n in (4, 6, 9) if n < len(prefix)]
    return VentureRound.objects.filter(scope.as_q() | Q(region_code__in=above))


def round_list(*, user: Any) -> QuerySet[VentureRound]:
    return (
        rounds_visible(user=user)
        .annotate(
            n_apps=Count("applications", distinct=True),
            n_funded=Count("applications", filter=Q(applications__status="funded"), distinct=True),
        )
        .order_by("-year", "id")
    )


def round_get(*, user: Any, pk: Any) -> VentureRound:
    key = as_id(pk)
    found = rounds_visible(user=user).filter(pk=key).first() if key is not None else None
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def applications_visible(*, user: Any) -> QuerySet[VentureApplication]:
    return scoped(VentureApplication.objects.select_related("organization", "round"), user=user)


def application_list(
    *, user: Any, venture_round: VentureRound | None = None, status: str = ""
) -> QuerySet[VentureApplication]:
    qs = applications_visible(user=user).annotate(avg_score=Avg("reviews__score"), n_reviews=Count("reviews"))
    if venture_round is not None:
        qs = qs.filter(round=venture_round)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-avg_score", "id")


def application_get(*, user: Any, pk: Any) -> VentureApplication:
    key = as_id(pk)
    found = (
        applications_visible(user=user).annotate(avg_score=Avg("reviews__score")).filter(pk=key).first()
        if key is not None
        else None
    )
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def awards_visible(*, user: Any) -> QuerySet[OrgAward]:
    return scoped(OrgAward.objects.select_related("organization", "person"), user=user)


def award_list(*, user: Any, year: int | None = None, kind: str = "") -> QuerySet[OrgAward]:
    qs = awards_visible(user=user)
    if year is not None:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "kind", "id")
