"""Reads on the review rounds of the two disability subsidies.

A round is seen by staff whose scope holds its region (a county sees its own rounds and the
township rounds in it, not the city's). The year's count (``rounds_in_year``, figure
``disability.subsidy_reviews``) is the number of halves of the year in which a round reviewed the
subsidies of the reader's area: a round of the reader's region, of a region inside it, or of a
region above it (a city-wide round covers a county too). At most 2 a year.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scope_for, scoped
from minzheng.disability.reviews.models import ReviewRound, ReviewRoundItem
from minzheng.facilities.operators.selectors import as_id

PERM_RUN = "disability.run_subsidy_reviews"
PROGRAMS = ("disability_living", "disability_nursing")


def rounds_visible(*, user: User | Any) -> QuerySet[ReviewRound]:
    return scoped(ReviewRound.objects.all(), user=user)


def round_list(*, user: User | Any, year: int | None = None) -> QuerySet[ReviewRound]:
    qs = rounds_visible(user=user)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-done_on", "-id")


def round_get(*, user: User | Any, pk: Any) -> ReviewRound:
    key = as_id(pk)
    found = rounds_visible(user=user).filter(pk=key).first() if key is not None else None
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def round_items(*, review_round: ReviewRound) -> QuerySet[ReviewRoundItem]:
    return review_round.items.select_related("review", "enrollment__program", "enrollment__person").order_by(
        "id"
    )


def live_enrollments(*, prefix: str) -> QuerySet[Enrollment]:
    """The live enrollments of both subsidies whose beneficiary lives under ``prefix``."""
    return Enrollment.objects.filter(
        program__code__in=PROGRAMS, status__in=Enrollment.LIVE, region_code__startswith=prefix
    ).order_by("region_code", "id")


def _ancestors(prefix: str) -> list[str]:
    """The 12-digit codes of the regions above and at ``prefix`` (city, county, township)."""
    return [prefix[:n].ljust(12, "0") for n in (4, 6, 9, 12) if n <= len(prefix)]


def rounds_in_year(*, user: User | Any, year: int) -> int:
    prefix = scope_for(user).prefix
    if prefix is None:
        return 0
    covering = Q(region_code__in=_ancestors(prefix)) | scope_for(user).as_q()
    return ReviewRound.objects.filter(covering, year=year).order_by().values("half").distinct().count()
