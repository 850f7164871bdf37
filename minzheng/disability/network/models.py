"""The "1+5+N" community mental-health rehab network (精康融合行动) and its staged targets.

Rehab organizations are facilities (``facilities.Facility`` of kind ``mental_rehab_centre``); this
sub-domain does not keep a second registry of them. A **NetworkPlacement** says where a facility
stands in its county's network: the county-level centre (the "1"), a township-level station (the
"5": ``RehabStandard.townships_required`` of them per county, a setting), or a village rehab point
(the "N"). A county centre is a rehab organization; a township station or a village point may also
be hosted at a community care centre (社区居家养老服务中心), as Zhejiang's townships do. A placement
is ended, never deleted; a facility has at most one placement in force, and a county at most one
county centre in force (database constraints). ``region_code`` is the facility's, ``county_code``
its first six digits.

A **RehabStandard** is the year's targets of DOMAIN.md (staged: 2023 50%/30%, 2024 65%/45%, 2025
80%/60%: the share of counties running community rehab services, the share of registered
home-based patients receiving standard services), the number of service records in a year that
makes a patient's services "standard" (this system's rule, 4 by default) and the township
stations a county needs. Seeded by the migration; a later year reads the latest year before it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class NetworkLevel(models.TextChoices):
    COUNTY = "county", "区县级精神康复中心"
    TOWNSHIP = "township", "乡镇（街道）级康复站"
    VILLAGE = "village", "村（社区）康复点"


class NetworkPlacement(models.Model):
    Level = NetworkLevel

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="rehab_placements", verbose_name="机构"
    )
    level = models.CharField("网络层级", max_length=12, choices=NetworkLevel.choices)
    region_code = models.CharField("区划代码", max_length=12, help_text="机构所在区划")
    county_code = models.CharField("所属区县", max_length=6)
    placed_on = models.DateField("纳入日期")
    ended_on = models.DateField("退出日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "精神康复服务网络节点"
        ordering = ["region_code", "level", "id"]
        permissions = [
            ("view_rehab_network", "可查看精神康复服务网络、指标和统计"),
            ("manage_rehab_network", "可维护精神康复“1+5+N”服务网络"),
        ]
        indexes = [models.Index(fields=["county_code", "level"], name="rehab_placement_county_level")]
        constraints = [
            models.UniqueConstraint(
                fields=["facility"], condition=Q(ended_on__isnull=True), name="rehab_placement_one_active"
            ),
            models.UniqueConstraint(
                fields=["county_code"],
                condition=Q(ended_on__isnull=True, level="county"),
                name="rehab_placement_one_county_centre",
            ),
            models.CheckConstraint(name="rehab_placement_region_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="rehab_placement_county_6_digits", condition=Q(county_code__regex=r"^\d{6}$")
            ),
            models.CheckConstraint(
                name="rehab_placement_level_known", condition=Q(level__in=NetworkLevel.values)
            ),
            models.CheckConstraint(
                name="rehab_placement_ended_after_placed",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("placed_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.facility_id}"


class RehabStandard(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    counties_target = models.DecimalField(
        "开展社区康复服务的区县比例目标（%）", max_digits=5, decimal_places=2
    )
    patients_target = models.DecimalField("居家患者接受规范服务比例目标（%）", max_digits=5, decimal_places=2)
    min_services = models.PositiveSmallIntegerField(
        "规范服务的年服务次数（次，起）",
        default=4,
        help_text="一年内不少于该次数的康复服务记录为接受规范服务",
    )
    townships_required = models.PositiveSmallIntegerField("每区县乡镇级康复站（个，起）", default=5)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "精神康复服务目标"
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                name="rehab_standard_targets_percent",
                condition=Q(
                    counties_target__gte=0,
                    counties_target__lte=100,
                    patients_target__gte=0,
                    patients_target__lte=100,
                ),
            ),
            models.CheckConstraint(
                name="rehab_standard_min_services_positive", condition=Q(min_services__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.counties_target}%/{self.patients_target}%"
