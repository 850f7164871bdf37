"""The smart cemetery (智慧公墓): plots and niches, their sale and 20-year use periods, renewal
reminders, eco burials and the eco conversion of old cemeteries.

A **Plot** is a grave plot in a cemetery or a niche in a columbarium (a ``facilities.Facility`` of
kind ``cemetery`` or ``columbarium``); ``region_code`` is the facility's. It sits at section / row /
number, has a kind and an area. The area limits of 浙江省公墓管理办法 (docs/DOMAIN.md "Funeral":
ash ≤ 0.7 m² single, ≤ 1 m² double; body ≤ 4 / 6 m²) are check constraints here as well as checks
in the services. Its ``code`` is random (``secrets.token_urlsafe``): the QR on the plot opens
``/funeral/cemeteries/q/<code>/``, which shows the plot and its status only.

``status`` is available, reserved (with ``reserved_until``: a reservation past that day counts as
lapsed, and the plot as available again) or sold. A **PlotSale** is the purchase: the holder (a
registry person) and the price; one per plot. An **Interment** is a deceased registry person laid
in the plot (a double plot takes two, and may be bought before either: a pre-purchase).

A **UsePeriod** is one 20-year cycle of a sold plot: the first starts the day after the purchase;
a renewal adds the next cycle from the old end. **RenewalReminder** records, once per period, that
its end is near (``tasks.renewal_reminders_record``).

**EcoBurial** is a 节地生态安葬 of a deceased registry person, by type. **ConversionProject** is the
生态化改造 of an old cemetery; ``selectors.cemeteries_renovated`` counts those completed in a year.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")
CODE_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class PlotKind(models.TextChoices):
    ASH_SINGLE = "ash_single", "骨灰单穴"
    ASH_DOUBLE = "ash_double", "骨灰双穴"
    BODY_SINGLE = "body_single", "遗体单穴"
    BODY_DOUBLE = "body_double", "遗体双穴"
    NICHE = "niche", "骨灰格位"


# 浙江省公墓管理办法: the most a plot of each kind may occupy, in m². A niche is a place in a
# columbarium's wall or tower: the rule sets no floor area for it.
AREA_LIMITS: dict[str, Decimal] = {
    PlotKind.ASH_SINGLE: Decimal("0.70"),
    PlotKind.ASH_DOUBLE: Decimal("1.00"),
    PlotKind.BODY_SINGLE: Decimal("4.00"),
    PlotKind.BODY_DOUBLE: Decimal("6.00"),
}
DOUBLE_KINDS = (PlotKind.ASH_DOUBLE, PlotKind.BODY_DOUBLE)
# Plots belong in cemeteries, niches in columbaria.
FACILITY_KINDS = {"cemetery": [k for k in PlotKind.values if k != PlotKind.NICHE],
                  "columbarium": [PlotKind.NICHE]}


def capacity(kind: str) -> int:
    return 2 if kind in DOUBLE_KINDS else 1


def _area_within_limits() -> Q:
    allowed = Q(kind=PlotKind.NICHE)
    for kind, limit in AREA_LIMITS.items():
        allowed |= Q(kind=kind, area__lte=limit)
    return allowed


class PlotStatus(models.TextChoices):
    AVAILABLE = "available", "可售"
    RESERVED = "reserved", "已预订"
    SOLD = "sold", "已售"


class Plot(models.Model):
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="plots",
                                 verbose_name="公墓或骨灰堂")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="公墓所在区划")
    section = models.CharField("墓区", max_length=20)
    row = models.PositiveSmallIntegerField("排")
    number = models.PositiveSmallIntegerField("号")
    kind = models.CharField("类型", max_length=16, choices=PlotKind.choices)
    area = models.DecimalField("占地面积（平方米）", max_digits=5, decimal_places=2, null=True, blank=True)
    code = models.CharField("墓穴码", max_length=64, unique=True)
    status = models.CharField("状态", max_length=16, choices=PlotStatus.choices, default=PlotStatus.AVAILABLE)
    reserved_until = models.DateField("预订保留至", null=True, blank=True)
    reserved_for = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="预订人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "墓穴（格位）"
        ordering = ["facility_id", "section", "row", "number"]
        permissions = [("manage_cemetery", "可管理公墓墓穴、销售、续期、生态安葬与生态化改造")]
        indexes = [models.Index(fields=["region_code", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["facility", "section", "row", "number"], name="plot_one_per_place"),
            models.CheckConstraint(name="plot_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="plot_kind_known", condition=Q(kind__in=PlotKind.values)),
            models.CheckConstraint(name="plot_status_known", condition=Q(status__in=PlotStatus.values)),
            models.CheckConstraint(name="plot_code_shape", condition=Q(code__regex=CODE_PATTERN)),
            models.CheckConstraint(name="plot_section_given", condition=~Q(section="")),
            models.CheckConstraint(name="plot_row_and_number_positive", condition=Q(row__gte=1, number__gte=1)),
            models.CheckConstraint(name="plot_area_positive", condition=Q(area__isnull=True) | Q(area__gt=0)),
            # A grave's area is required and within the provincial limit; a niche's is free.
            models.CheckConstraint(name="plot_grave_area_given",
                                   condition=Q(kind=PlotKind.NICHE) | Q(area__isnull=False)),
            models.CheckConstraint(name="plot_area_within_limit", condition=_area_within_limits()),
            models.CheckConstraint(
                name="plot_reservation_iff_reserved",
                condition=(Q(status=PlotStatus.RESERVED, reserved_until__isnull=False, reserved_for__isnull=False)
                           | Q(~Q(status=PlotStatus.RESERVED), reserved_until__isnull=True,
                               reserved_for__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}区{self.row}排{self.number}号"

    @property
    def capacity(self) -> int:
        return capacity(self.kind)

    def status_on(self, day: object) -> str:
        """The status as a reader sees it: a reservation past its day has lapsed."""
        if self.status == PlotStatus.RESERVED and self.reserved_until is not None and self.reserved_until < day:  # type: ignore[operator]
            return PlotStatus.AVAILABLE
        return self.status


class PlotSale(models.Model):
    plot = models.OneToOneField(Plot, on_delete=models.PROTECT, related_name="sale", verbose_name="墓穴")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    holder = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="使用权人")
    sold_on = models.DateField("购买日期")
    price = models.DecimalField("价格（元）", max_digits=14, decimal_places=2)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "墓穴销售"
        ordering = ["-sold_on", "-id"]
        constraints = [
            models.CheckConstraint(name="plot_sale_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="plot_sale_price_not_negative", condition=Q(price__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.plot} {self.sold_on:%Y-%m-%d}"


class Interment(models.Model):
    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, related_name="interments", verbose_name="墓穴")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="逝者")
    interred_on = models.DateField("安葬日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "安葬"
        ordering = ["interred_on", "id"]
        constraints = [models.CheckConstraint(name="interment_region_code_12_digits", condition=REGION_12)]

    def __str__(self) -> str:
        return f"{self.plot} {self.interred_on:%Y-%m-%d}"


class UsePeriod(models.Model):
    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, related_name="use_periods", verbose_name="墓穴")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    cycle = models.PositiveSmallIntegerField("周期")
    starts_on = models.DateField("起始日")
    ends_on = models.DateField("到期日", db_index=True)
    # The newest cycle of a plot is the one reminders and renewals act on.
    renewed = models.BooleanField("已续期", default=False)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "墓穴使用期"
        ordering = ["plot_id", "cycle"]
        constraints = [
            models.UniqueConstraint(fields=["plot", "cycle"], name="use_period_one_per_cycle"),
            models.UniqueConstraint(fields=["plot"], condition=Q(renewed=False), name="use_period_one_current"),
            models.CheckConstraint(name="use_period_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="use_period_cycle_positive", condition=Q(cycle__gte=1)),
            models.CheckConstraint(name="use_period_ends_after_start", condition=Q(ends_on__gt=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.plot} 第{self.cycle}期 {self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}"


class RenewalReminder(models.Model):
    use_period = models.OneToOneField(UsePeriod, on_delete=models.PROTECT, related_name="reminder",
                                      verbose_name="使用期")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    due_on = models.DateField("到期日")
    recorded_on = models.DateField("提醒日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "续期提醒"
        ordering = ["due_on", "id"]
        constraints = [models.CheckConstraint(name="renewal_reminder_region_code_12_digits", condition=REGION_12)]

    def __str__(self) -> str:
        return f"续期提醒 {self.due_on:%Y-%m-%d}"


class EcoBurialKind(models.TextChoices):
    TREE = "tree", "树葬"
    FLOWER = "flower", "花葬"
    LAWN = "lawn", "草坪葬"
    SEA = "sea", "海葬"
    LAND_SCATTERING = "land_scattering", "撒散"
    NICHE = "niche", "壁葬或塔葬"
    DEEP = "deep", "深埋不留坟头"


class EcoBurial(models.Model):
    kind = models.CharField("安葬方式", max_length=20, choices=EcoBurialKind.choices)
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="逝者")
    buried_on = models.DateField("安葬日期", db_index=True)
    place = models.CharField("安葬地点", max_length=100)
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="eco_burials", verbose_name="公墓或骨灰堂")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "节地生态安葬"
        ordering = ["-buried_on", "-id"]
        constraints = [
            models.CheckConstraint(name="eco_burial_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="eco_burial_kind_known", condition=Q(kind__in=EcoBurialKind.values)),
            models.CheckConstraint(name="eco_burial_place_given", condition=~Q(place="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.buried_on:%Y-%m-%d}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    UNDERWAY = "underway", "实施中"
    COMPLETED = "completed", "已完成"


class ConversionProject(models.Model):
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="conversions",
                                 verbose_name="公墓")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    plan = models.CharField("改造方案", max_length=300)
    status = models.CharField("状态", max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("完工日期", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公墓生态化改造项目"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(name="conversion_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="conversion_status_known", condition=Q(status__in=ProjectStatus.values)),
            models.CheckConstraint(name="conversion_plan_given", condition=~Q(plan="")),
            models.CheckConstraint(
                name="conversion_dates_follow_status",
                condition=(Q(status=ProjectStatus.PLANNED, started_on__isnull=True, completed_on__isnull=True)
                           | Q(status=ProjectStatus.UNDERWAY, started_on__isnull=False, completed_on__isnull=True)
                           | Q(status=ProjectStatus.COMPLETED, started_on__isnull=False,
                               completed_on__gte=F("started_on"))),
            ),
        ]

    def __str__(self) -> str:
        return self.plan[:40]


__all__ = ["ConversionProject", "EcoBurial", "EcoBurialKind", "Interment", "Plot", "PlotKind", "PlotSale",
           "PlotStatus", "ProjectStatus", "RenewalReminder", "UsePeriod"]
