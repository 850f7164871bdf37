"""The demo city's smart cemetery, on the facilities demo's cemeteries (36 × scale) and columbaria
(11 × scale), obeying the rules the services enforce:

- **Plots.** Each cemetery has an old section of double plots (ash ≤ 1 m², and body double plots
  ≤ 6 m² in cemeteries opened before 2000) and a section of single ash plots (0.7 m²); each
  columbarium a wall of niches. ``DIMS`` rows × numbers per section at scale ≥ 0.1, fewer below.
- **Sales.** About ``SOLD_SHARE`` of the old double plots were bought ahead (a pre-purchase: no
  deceased yet) by adult registry persons, from the cemetery's opening to a year ago; a few of
  them in the 20 years before today's notice window, so their first period is **due for renewal**
  (or just past it), and those whose first period ended earlier were renewed. Single plots and
  niches are bought for a deceased of the registry (status deceased), a few days after the death,
  and the deceased is laid in them that day. Use periods are counted by ``funeral.cemetery.periods``.
- **Reservations**: a few available plots, held for a few weeks.
- **Eco burials**: ``ECO_SHARE`` of the registry's deceased not laid in a plot, by type, a few
  days after the death (in a cemetery or columbarium of the county, or none for the sea and
  scattering).
- **Conversion projects** (生态化改造): exactly 2 completed in 2024 at scale 1.0 (at least 1 at
  small scales; ``funeral.cemeteries_renovated``), 2 × scale completed earlier, others underway
  or planned.

Bulk writes only; idempotent through the marker audit entry.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from minzheng.core.db import tables_analyze
from minzheng.demo.marker import part_built, part_mark
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.cemetery import periods
from minzheng.funeral.cemetery.models import (
    ConversionProject,
    EcoBurial,
    EcoBurialKind,
    Interment,
    Plot,
    PlotKind,
    PlotSale,
    PlotStatus,
    ProjectStatus,
    UsePeriod,
)
from minzheng.people.models import Person

BUILT_ACTION = "demo.cemetery.built"
YEAR = 2024
DIMS = (10, 20)  # rows × numbers of a section at scale ≥ 0.1
SMALL_DIMS = (3, 6)
SOLD_SHARE = 0.6
DUE_SHARE = 0.1  # of the old section's sales: in the renewal window
SINGLE_SOLD_SHARE = 0.55
RESERVED_SHARE = 0.03
ECO_SHARE = 0.12
COMPLETED_2024 = 2
COMPLETED_EARLIER = 2
UNDERWAY = 3
PLANNED = 3
EARLIEST_SALE = dt.date(1995, 1, 1)
ECO_KINDS = {EcoBurialKind.TREE: 25, EcoBurialKind.FLOWER: 12, EcoBurialKind.LAWN: 20, EcoBurialKind.SEA: 5,
             EcoBurialKind.LAND_SCATTERING: 5, EcoBurialKind.NICHE: 28, EcoBurialKind.DEEP: 5}
ECO_PLACES = {EcoBurialKind.TREE: "树葬园", EcoBurialKind.FLOWER: "花坛葬区", EcoBurialKind.LAWN: "草坪葬区",
              EcoBurialKind.SEA: "舟山海域", EcoBurialKind.LAND_SCATTERING: "骨灰撒散纪念林",
              EcoBurialKind.NICHE: "壁葬区", EcoBurialKind.DEEP: "深埋区"}
PLANS = ["老墓区整治为草坪葬、树葬区，拆除硬化墓基", "散埋乱葬坟迁入，建设节地生态安葬区",
         "墓区绿化提升，建设花坛葬和壁葬墙", "老旧墓穴改造为骨灰格位和树葬区"]


def scaled(value: int, scale: float) -> int:
    """``round(value × scale)``, at least 1."""
    return max(1, round(value * scale))


def _code(rng: random.Random) -> str:
    """A plot's code like ``services.new_code`` (22 URL-safe characters), drawn from the seed."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


class CemeterySeeder:
    def __init__(self, *, seed: int, scale: float) -> None:
        self.rng = random.Random(f"cemetery-{seed}")
        self.scale = scale
        self.today = timezone.localdate()
        self.cemeteries = list(Facility.objects.filter(kind="cemetery").order_by(F("opened_on").asc(nulls_last=True),
                                                                                 "pk"))
        self.columbaria = list(Facility.objects.filter(kind="columbarium").order_by("pk"))
        self.dims = DIMS if scale >= 0.1 else SMALL_DIMS
        self.plots: list[Plot] = []
        self.sales: list[PlotSale] = []
        self.periods: list[UsePeriod] = []
        self.interments: list[Interment] = []
        self.eco: list[EcoBurial] = []
        self.projects: list[ConversionProject] = []

    # -- people --------------------------------------------------------------------------------
    def people(self, holders_needed: int) -> None:
        """The registry's deceased not yet laid anywhere (by death date), and adult holders."""
        taken = set(Interment.objects.values_list("person_id", flat=True)) | set(
            EcoBurial.objects.values_list("person_id", flat=True))
        dead = (Person.objects.filter(status=Person.Status.DECEASED, death_date__lte=self.today - dt.timedelta(days=8))
                .order_by("id").values_list("id", "region_code", "death_date"))
        self.deceased = [d for d in dead.iterator() if d[0] not in taken]
        self.rng.shuffle(self.deceased)
        # Born before 1960: an adult at any sale since 1995.
        alive = (Person.objects.filter(status=Person.Status.ALIVE, birth_date__lt=dt.date(1960, 1, 1))
                 .order_by("id").values_list("id", flat=True))
        pool = list(alive[: holders_needed * 3])
        self.rng.shuffle(pool)
        self.holders = pool

    def holder(self) -> int:
        return self.holders[len(self.sales) % len(self.holders)]

    # -- plots ---------------------------------------------------------------------------------
    def section(self, facility: Facility, name: str, kind: str, area: Decimal | None) -> list[Plot]:
        rows, numbers = self.dims
        made = [Plot(facility=facility, region_code=facility.region_code, section=name, row=r, number=n, kind=kind,
                     area=area, code=_code(self.rng))
                for r in range(1, rows + 1) for n in range(1, numbers + 1)]
        self.plots.extend(made)
        return made

    def layout(self) -> tuple[list[Plot], list[Plot]]:
        """(old double plots, single plots and niches)."""
        doubles, singles = [], []
        for cemetery in self.cemeteries:
            old = cemetery.opened_on is not None and cemetery.opened_on.year < 2000
            doubles += self.section(cemetery, "A", PlotKind.ASH_DOUBLE, Decimal("1.00"))
            if old:
                doubles += self.section(cemetery, "C", PlotKind.BODY_DOUBLE, Decimal("6.00"))
            singles += self.section(cemetery, "B", PlotKind.ASH_SINGLE, Decimal("0.70"))
        for columbarium in self.columbaria:
            singles += self.section(columbarium, "壁", PlotKind.NICHE, None)
        return doubles, singles

    # -- sales ---------------------------------------------------------------------------------
    def sell(self, plot: Plot, *, sold_on: dt.date, deceased: tuple[int, str, dt.date] | None) -> None:
        price = Decimal(self.rng.choice([6800, 9800, 12800, 16800, 26800] if plot.kind != PlotKind.NICHE
                                        else [3800, 4800, 5800]))
        self.sales.append(PlotSale(plot=plot, region_code=plot.region_code, holder_id=self.holder(), sold_on=sold_on,
                                   price=price))
        start, end = periods.first_period(sold_on)
        renewed = end < self.today - dt.timedelta(days=60)
        self.periods.append(UsePeriod(plot=plot, region_code=plot.region_code, cycle=1, starts_on=start, ends_on=end,
                                      renewed=renewed))
        if renewed:
            start2, end2 = periods.next_period(end)
            self.periods.append(UsePeriod(plot=plot, region_code=plot.region_code, cycle=2, starts_on=start2,
                                          ends_on=end2))
        if deceased is not None:
            self.interments.append(Interment(plot=plot, region_code=plot.region_code, person_id=deceased[0],
                                             interred_on=sold_on))
        plot.status = PlotStatus.SOLD

    def sales_of_doubles(self, doubles: list[Plot]) -> None:
        # The renewal window: a first period ending from 60 days ago to the notice days ahead.
        window = (periods.years_after(self.today - dt.timedelta(days=60), -periods.CYCLE_YEARS),
                  periods.years_after(self.today + dt.timedelta(days=170), -periods.CYCLE_YEARS))
        last = self.today - dt.timedelta(days=365)
        due = 0
        for plot in doubles:
            if self.rng.random() >= SOLD_SHARE:
                continue
            opened = max(plot.facility.opened_on or EARLIEST_SALE, EARLIEST_SALE)
            # At least one in every build, so that the due list and the reminders have work.
            if opened <= window[0] and (not due or self.rng.random() < DUE_SHARE):
                due += 1
                sold_on = _day_between(self.rng, *window)
            else:
                sold_on = _day_between(self.rng, opened, last)
            self.sell(plot, sold_on=sold_on, deceased=None)

    def sales_of_singles(self, singles: list[Plot]) -> None:
        for plot in singles:
            if not self.deceased or self.rng.random() >= SINGLE_SOLD_SHARE:
                continue
            dead = self.deceased.pop()
            sold_on = min(dead[2] + dt.timedelta(days=self.rng.randint(2, 7)), self.today)
            if plot.facility.opened_on and sold_on < plot.facility.opened_on:
                self.deceased.append(dead)
                continue
            self.sell(plot, sold_on=sold_on, deceased=dead)

    def reservations(self) -> None:
        for i, plot in enumerate(self.plots):
            # The first available plot of the last section is always held, so every build has one.
            last_available = i == len(self.plots) - 1
            if plot.status == PlotStatus.AVAILABLE and (last_available or self.rng.random() < RESERVED_SHARE):
                plot.status = PlotStatus.RESERVED
                plot.reserved_until = self.today + dt.timedelta(days=self.rng.randint(3, 45))
                plot.reserved_for_id = self.holders[-1 - self.rng.randrange(min(len(self.holders), 500))]

    # -- eco burials and projects --------------------------------------------------------------
    def eco_burials(self) -> None:
        count = round(len(self.deceased) * ECO_SHARE)
        kinds, weights = list(ECO_KINDS), list(ECO_KINDS.values())
        sites: dict[tuple[str, str], list[Facility]] = defaultdict(list)
        for f in self.cemeteries + self.columbaria:
            sites[(f.kind, f.region_code[:6])].append(f)
        for dead in self.deceased[:count]:
            kind = self.rng.choices(kinds, weights)[0]
            facility = None
            if kind not in (EcoBurialKind.SEA, EcoBurialKind.LAND_SCATTERING):
                near = sites.get(("columbarium" if kind == EcoBurialKind.NICHE else "cemetery", dead[1][:6]))
                facility = self.rng.choice(near) if near else None
            buried = min(dead[2] + dt.timedelta(days=self.rng.randint(3, 10)), self.today)
            place = f"{facility.name}{ECO_PLACES[kind]}" if facility else ECO_PLACES[kind]
            self.eco.append(EcoBurial(kind=kind, person_id=dead[0], buried_on=buried, place=place[:100],
                                      facility=facility,
                                      region_code=facility.region_code if facility else dead[1]))
        del self.deceased[:count]

    def conversion_projects(self) -> None:
        """The oldest cemeteries first: exactly ``COMPLETED_2024`` × scale completed in 2024 (at
        least one), then earlier completions, works underway and plans, while cemeteries last."""
        todo = list(self.cemeteries)
        plan = ([("2024", scaled(COMPLETED_2024, self.scale))]
                + [(step, round(n * self.scale)) for step, n in
                   (("earlier", COMPLETED_EARLIER), ("underway", UNDERWAY), ("planned", PLANNED))])
        for step, n in plan:
            for _ in range(n):
                if not todo:
                    return
                cemetery = todo.pop(0)
                project = ConversionProject(facility=cemetery, region_code=cemetery.region_code,
                                            plan=self.rng.choice(PLANS))
                if step == "2024":
                    project.status, project.started_on = ProjectStatus.COMPLETED, dt.date(2023, self.rng.randint(3, 10), 1)
                    project.completed_on = dt.date(YEAR, self.rng.randint(4, 12), self.rng.randint(1, 28))
                elif step == "earlier":
                    year = self.rng.choice([2021, 2022, 2023])
                    project.status, project.started_on = ProjectStatus.COMPLETED, dt.date(year - 1, 9, 1)
                    project.completed_on = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
                elif step == "underway":
                    project.status = ProjectStatus.UNDERWAY
                    project.started_on = min(dt.date(2025, self.rng.randint(1, 12), 1), self.today)
                self.projects.append(project)


def demo_cemetery_build(*, seed: int, scale: float, say: Callable[[str], None] = lambda text: None) -> dict[str, Any]:
    """Write the cemetery's demo records on the facilities demo's cemeteries and columbaria. Does
    nothing when done already or when there are none."""
    if part_built(BUILT_ACTION):
        return {}
    seeder = CemeterySeeder(seed=seed, scale=scale)
    if not seeder.cemeteries and not seeder.columbaria:
        return {}
    doubles, singles = seeder.layout()
    seeder.people(holders_needed=len(seeder.plots))
    if not seeder.holders:
        return {}
    seeder.sales_of_doubles(doubles)
    seeder.sales_of_singles(singles)
    seeder.reservations()
    seeder.eco_burials()
    seeder.conversion_projects()
    with transaction.atomic():
        Plot.objects.bulk_create(seeder.plots, batch_size=2000)
        # The plots have their keys now; the rows that point at them take them.
        for rows in (seeder.sales, seeder.periods, seeder.interments):
            for row in rows:
                row.plot_id = row.plot.pk
        PlotSale.objects.bulk_create(seeder.sales, batch_size=2000)
        UsePeriod.objects.bulk_create(seeder.periods, batch_size=2000)
        Interment.objects.bulk_create(seeder.interments, batch_size=2000)
        EcoBurial.objects.bulk_create(seeder.eco, batch_size=2000)
        ConversionProject.objects.bulk_create(seeder.projects)
        counts = {
            "plots": len(seeder.plots),
            "sold": len(seeder.sales),
            "reserved": sum(p.status == PlotStatus.RESERVED for p in seeder.plots),
            "interments": len(seeder.interments),
            "use_periods": len(seeder.periods),
            "eco_burials": len(seeder.eco),
            "conversion_projects": len(seeder.projects),
            "completed_2024": sum(p.completed_on is not None and p.completed_on.year == YEAR for p in seeder.projects),
        }
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示智慧公墓")
    tables_analyze(Plot, PlotSale, UsePeriod, Interment, EcoBurial)
    say(f"  智慧公墓：墓穴（格位）{counts['plots']:,} 个，已售 {counts['sold']:,}，生态安葬 {counts['eco_burials']:,}，"
        f"改造项目 {counts['conversion_projects']}（2024年完工 {counts['completed_2024']}）")
    return counts
