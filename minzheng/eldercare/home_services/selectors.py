"""Reads on home services (六助).

Who sees an order, its findings and its provider: a member of staff whose scope holds the
provider site's region (orders and findings carry the site's ``region_code``), or a provider
operator of the operator that runs the site (they have no region, and see their own sites
wherever they are) — the facility registry's own rule, as for meals and beds. Anything else
answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scope_for, scoped
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.home_services.models import (
    OrderStatus,
    ServiceOrder,
    SupervisionFinding,
    SupervisionRun,
    SupervisionThreshold,
)
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible

PERM_SERVE = "eldercare.serve_home_service_orders"
PERM_SUPERVISE = "eldercare.run_home_service_supervision"
PERM_THRESHOLDS = "eldercare.manage_supervision_thresholds"
PROVIDER_KINDS = (Facility.Kind.COMMUNITY_CARE_CENTRE, Facility.Kind.CARE_HOME)


def may_read(user: User | Any) -> bool:
    """Whether ``user`` may read orders at all (within their view)."""
    return bool(user is not None and (user.has_perm(PERM_SERVE) or user.has_perm(PERM_SUPERVISE)))


def _by_provider(qs: QuerySet[Any], *, user: User | Any, field: str = "provider") -> QuerySet[Any]:
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(**{f"{field}__operator_id__in": operators})
    return scoped(qs, user=user)


# ---- providers --------------------------------------------------------------------------------------


def providers_visible(*, user: User | Any) -> QuerySet[Facility]:
    """The home-service providers' sites (community care centres and care homes) the user sees."""
    return facilities_visible(user=user).filter(kind__in=PROVIDER_KINDS)


def provider_get(*, user: User | Any, pk: Any) -> Facility:
    key = as_id(pk)
    site = providers_visible(user=user).filter(pk=key).first() if key is not None else None
    if site is None:
        raise Http404(core_messages.NOT_FOUND)
    return site


def provider_choices(*, user: User) -> list[tuple[int, str]]:
    qs = providers_visible(user=user).order_by("region_code", "name", "id")
    return list(qs.values_list("pk", "name"))


def caregivers_of(*, provider: Facility) -> QuerySet[Caregiver]:
    """The caregivers working at a provider now."""
    return Caregiver.objects.filter(employer=provider, left_on__isnull=True).select_related("person")


def caregiver_choices(*, user: User) -> list[tuple[int, str]]:
    """The caregivers working now at the providers the user sees, for the booking form."""
    qs = Caregiver.objects.filter(employer__in=providers_visible(user=user), left_on__isnull=True)
    rows = qs.order_by("employer__name", "person__name", "id").values_list(
        "pk", "person__name", "employer__name"
    )
    return [(pk, f"{name}（{site}）") for pk, name, site in rows]


# ---- orders -----------------------------------------------------------------------------------------


def orders_visible(*, user: User | Any) -> QuerySet[ServiceOrder]:
    return _by_provider(ServiceOrder.objects.all(), user=user)


def order_get(*, user: User | Any, pk: Any, for_update: bool = False) -> ServiceOrder:
    """One order the user may see, or 404 (missing, or elsewhere)."""
    key = as_id(pk)
    qs = orders_visible(user=user).select_related("person", "provider", "caregiver__person")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=key).first() if key is not None else None
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def order_list(
    *,
    user: User | Any,
    provider: Facility | None = None,
    status: str = "",
    month: dt.date | None = None,
    day: dt.date | None = None,
) -> QuerySet[ServiceOrder]:
    """Orders the user may see, latest first, filtered by provider, status, month or day."""
    qs = orders_visible(user=user).select_related("person", "provider", "caregiver__person")
    if provider is not None:
        qs = qs.filter(provider=provider)
    if status:
        qs = qs.filter(status=status)
    if month is not None:
        qs = qs.filter(period=month.replace(day=1))
    if day is not None:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
        qs = qs.filter(scheduled_at__gte=start, scheduled_at__lt=start + dt.timedelta(days=1))
    return qs


def orders_to_serve(
    *, user: User | Any, status: str = "", day: dt.date | None = None
) -> QuerySet[ServiceOrder]:
    """The orders a provider operator's caregivers may check in or out: their operator's, in
    order of the time booked. Officers (who do not serve) get none."""
    if not user.has_perm(PERM_SERVE):
        return ServiceOrder.objects.none()
    qs = order_list(user=user, status=status, day=day).exclude(status=OrderStatus.CANCELLED)
    return qs.order_by("scheduled_at", "id")


# ---- findings and runs ------------------------------------------------------------------------------


def findings_visible(*, user: User | Any) -> QuerySet[SupervisionFinding]:
    return _by_provider(SupervisionFinding.objects.all(), user=user)


def finding_list(
    *,
    user: User | Any,
    order: ServiceOrder | None = None,
    provider: Facility | None = None,
    period: dt.date | None = None,
    rule: str = "",
) -> QuerySet[SupervisionFinding]:
    qs = findings_visible(user=user).select_related("order__person", "provider")
    if order is not None:
        qs = qs.filter(order=order)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if period is not None:
        qs = qs.filter(period=period.replace(day=1))
    if rule:
        qs = qs.filter(rule=rule)
    return qs.order_by("-period", "provider_id", "order_id", "rule", "id")


def threshold_history() -> QuerySet[SupervisionThreshold]:
    """Every threshold row, newest month first (they are few, and the same for everyone)."""
    return SupervisionThreshold.objects.select_related("created_by").order_by(
        "key", "kind", "region_prefix", "-effective_from", "-id"
    )


def runs_visible(*, user: User | Any) -> QuerySet[SupervisionRun]:
    """Runs whose scope lies inside the user's (a county officer does not see the city's)."""
    return scoped(SupervisionRun.objects.select_related("created_by"), user=user)


def scope_prefix_of(user: User | Any) -> str | None:
    """The region prefix of an officer's view (None for a provider operator or nobody)."""
    return scope_for(user).prefix


def prefix_allowed(*, user: User | Any, prefix: str) -> bool:
    """Whether ``prefix`` lies inside the user's scope."""
    own = scope_for(user).prefix
    return own is not None and prefix.isdigit() and prefix.startswith(own)


# ---- figures ----------------------------------------------------------------------------------------


def home_service_visits(*, user: User | Any, year: int) -> int:
    """Visits done in ``year`` (人次, the summary's ``eldercare.home_service_visits``): the done
    orders booked that year, in the user's view."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return (
        orders_visible(user=user).filter(status=OrderStatus.DONE, period__gte=start, period__lt=end).count()
    )
