"""Reads of the smart cemetery. Every read is cut to the user's scope by the facility's region
(``core.scope``); a plot, cemetery or project outside it answers 404. The one read without a
user is ``plot_public_get``: the public plot page, which shows the plot and its status only.

A reservation past its ``reserved_until`` has lapsed: the lists and the map show such a plot as
available (``status_q``), without a job having to clear it first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.cemetery.models import (
    FACILITY_KINDS,
    ConversionProject,
    EcoBurial,
    Interment,
    Plot,
    PlotSale,
    PlotStatus,
    ProjectStatus,
    UsePeriod,
)

PERM_VIEW = "funeral.view_plot"
PERM_MANAGE = "funeral.manage_cemetery"


def renewal_notice_days() -> int:
    """How many days before its end a use period is due for renewal (a reminder, the due list)."""
    return int(settings.MINZHENG_CEMETERY_RENEWAL_NOTICE_DAYS)


def today() -> dt.date:
    return timezone.localdate()


def status_q(status: str, *, day: dt.date) -> Q:
    """Plots whose status, as read on ``day``, is ``status``: a lapsed reservation is available."""
    lapsed = Q(status=PlotStatus.RESERVED, reserved_until__lt=day)
    if status == PlotStatus.AVAILABLE:
        return Q(status=PlotStatus.AVAILABLE) | lapsed
    if status == PlotStatus.RESERVED:
        return Q(status=PlotStatus.RESERVED, reserved_until__gte=day)
    return Q(status=status)


# ---- cemeteries ---------------------------------------------------------------------------------

def cemeteries_visible(*, user: User | Any) -> QuerySet[Facility]:
    return scoped(Facility.objects.filter(kind__in=list(FACILITY_KINDS)), user=user)


def cemetery_list(*, user: User, q: str = "", kind: str = "") -> QuerySet[Facility]:
    """The cemeteries and columbaria in scope, with their plots counted by status as read today."""
    day = today()
    rows = cemeteries_visible(user=user)
    if q:
        rows = rows.filter(name__icontains=q)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.annotate(
        plot_count=Count("plots", distinct=True),
        sold_count=Count("plots", filter=Q(plots__status=PlotStatus.SOLD), distinct=True),
        reserved_count=Count("plots", filter=Q(plots__status=PlotStatus.RESERVED,
                                               plots__reserved_until__gte=day), distinct=True),
    ).order_by("region_code", "name", "pk")


def cemetery_get(*, user: User | Any, pk: Any) -> Facility:
    return get_in_scope(Facility.objects.filter(kind__in=list(FACILITY_KINDS)), user=user, pk=pk)


# ---- plots --------------------------------------------------------------------------------------

def plots_visible(*, user: User | Any) -> QuerySet[Plot]:
    return scoped(Plot.objects.all(), user=user)


def plot_list(*, user: User, facility: Facility | None = None, section: str = "", kind: str = "",
              status: str = "", day: dt.date | None = None) -> QuerySet[Plot]:
    rows = plots_visible(user=user).select_related("facility")
    if facility is not None:
        rows = rows.filter(facility=facility)
    if section:
        rows = rows.filter(section=section)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status_q(status, day=day or today()))
    return rows.order_by("facility_id", "section", "row", "number")


def sections_of(*, facility: Facility) -> list[str]:
    return list(Plot.objects.filter(facility=facility).values_list("section", flat=True).distinct().order_by("section"))


@dataclass
class GridRow:
    row: int
    plots: list[Plot] = field(default_factory=list)


@dataclass
class GridSection:
    section: str
    rows: list[GridRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def plot_grid(*, facility: Facility, section: str = "", day: dt.date | None = None) -> list[GridSection]:
    """The plot map: sections, their rows in order, each row's plots by number, each plot with
    ``shown_status`` (the status as read today) for its colour."""
    day = day or today()
    plots = Plot.objects.filter(facility=facility).only(
        "pk", "section", "row", "number", "kind", "status", "reserved_until", "facility_id")
    if section:
        plots = plots.filter(section=section)
    grid: dict[str, dict[int, list[Plot]]] = defaultdict(lambda: defaultdict(list))
    for plot in plots.order_by("section", "row", "number"):
        plot.shown_status = plot.status_on(day)  # type: ignore[attr-defined]
        grid[plot.section][plot.row].append(plot)
    out = []
    for name, rows in grid.items():
        counts: dict[str, int] = defaultdict(int)
        for plots_of_row in rows.values():
            for p in plots_of_row:
                counts[p.shown_status] += 1  # type: ignore[attr-defined]
        out.append(GridSection(name, [GridRow(r, ps) for r, ps in rows.items()], dict(counts)))
    return out


def plot_get(*, user: User | Any, pk: Any) -> Plot:
    return get_in_scope(Plot.objects.select_related("facility", "reserved_for"), user=user, pk=pk)


def plot_public_get(*, code: str) -> Plot | None:
    """The plot a QR code names, for the public page (no scope: the random code is the key)."""
    if not code or len(code) > 64:
        return None
    return Plot.objects.select_related("facility").filter(code=code).first()


def sale_of(*, plot: Plot) -> PlotSale | None:
    return PlotSale.objects.select_related("holder").filter(plot=plot).first()


def interments_of(*, plot: Plot) -> list[Interment]:
    return list(Interment.objects.select_related("person").filter(plot=plot))


def periods_of(*, plot: Plot) -> list[UsePeriod]:
    return list(UsePeriod.objects.filter(plot=plot).order_by("cycle"))


def current_period(*, plot: Plot) -> UsePeriod | None:
    return UsePeriod.objects.filter(plot=plot, renewed=False).first()


# ---- renewals -----------------------------------------------------------------------------------

def due_renewals(*, user: User, within_days: int | None = None, day: dt.date | None = None,
                 facility: Facility | None = None) -> QuerySet[UsePeriod]:
    """Current use periods in scope that end within the notice days (or have ended unrenewed),
    soonest first, with the plot, its facility and the holder."""
    day = day or today()
    days = renewal_notice_days() if within_days is None else within_days
    rows = scoped(UsePeriod.objects.filter(renewed=False, ends_on__lte=day + dt.timedelta(days=days)), user=user)
    if facility is not None:
        rows = rows.filter(plot__facility=facility)
    return rows.select_related("plot", "plot__facility", "plot__sale", "plot__sale__holder", "reminder").order_by(
        "ends_on", "pk")


# ---- eco burials and conversion projects --------------------------------------------------------

def eco_burial_list(*, user: User, year: int | None = None, kind: str = "") -> QuerySet[EcoBurial]:
    rows = scoped(EcoBurial.objects.select_related("person", "facility"), user=user)
    if year:
        rows = rows.filter(buried_on__year=year)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-buried_on", "-pk")


def eco_burial_counts(*, user: User, year: int | None = None) -> dict[str, int]:
    rows = scoped(EcoBurial.objects.all(), user=user)
    if year:
        rows = rows.filter(buried_on__year=year)
    return dict(rows.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))


def project_list(*, user: User, status: str = "") -> QuerySet[ConversionProject]:
    rows = scoped(ConversionProject.objects.select_related("facility"), user=user)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-pk")


def project_get(*, user: User | Any, pk: Any) -> ConversionProject:
    return get_in_scope(ConversionProject.objects.select_related("facility"), user=user, pk=pk)


def cemeteries_renovated(*, user: User | Any, year: int) -> int:
    """Conversion projects (生态化改造) completed in ``year`` in the user's scope: the summary's
    "2 old cemeteries converted to eco cemeteries" (``funeral.cemeteries_renovated``)."""
    return scoped(ConversionProject.objects.filter(status=ProjectStatus.COMPLETED, completed_on__year=year),
                  user=user).count()
