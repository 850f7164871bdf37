"""One bed, one code (一床一码): the beds of care homes, who occupies them and when, the staff scans
of their codes, and the monthly operating subsidy paid per occupied bed-day.

A **Bed** belongs to a care home (a ``facilities.Facility`` of kind ``care_home``). Its ``code`` is a
random URL-safe token (``secrets.token_urlsafe``), unique, never derived from the home or the
room: the QR code on the bed holds ``/b/<code>``, and nobody can walk the beds by guessing.
``region_code`` is the home's, written when the bed is added; reads are scoped by the home's
region as it is today (``selectors``), so a corrected home region moves its beds with it.

An **Occupancy** is one stay of one person in one bed, from ``checked_in_on`` to
``checked_out_on`` (null while the person is still there). The interval is half-open: the day of
check-in counts as a bed-day, the day of check-out does not, so a person may leave one bed and
take another, or a bed be left and taken again, on the same day. A bed holds one person at a
time and a person holds one bed at a time:

- at most one open stay per bed and one per person: partial unique indexes, the same on
  PostgreSQL and SQLite;
- closed stays that overlap (a back-dated check-in over an earlier stay) are refused by the
  check-in service, which locks the person and the bed first (``services.bed_check_in``); the
  integrity checks list any overlap that reached the table another way (``integrity``).

A **BedScan** is a member of staff scanning a bed's code while signed in (or recording it through
the API): the subsidy's integrity check asks whether a paid bed was seen at all in its month.

**BedSubsidyRate** is the subsidy per bed-day by ability level, for a region prefix from a month
on, like ``benefits.Standard``: rows are never overwritten, a new rate is a new row, and a past
month is computed with the rate it had (longest prefix, then latest ``effective_from``).

A **BedSubsidyRun** is the subsidy of one month for one region prefix: unique per (period,
region_prefix), so two starts find one run. A **BedSubsidyLine** is one stay's bed-days in that
month at its level's rate; unique per (home, period, stay), so a second run, or a county run after
the city's, adds nothing. Amounts are Decimal yuan, never negative; the run's totals are the sums
of its lines. One officer makes a run and another approves it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.eldercare.assessment.scoring import AbilityLevel

REGION_12 = Q(region_code__regex=r"^\d{12}$")
# secrets.token_urlsafe(16) gives 22 characters; longer ones are accepted (a code never shrinks).
CODE_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class BedKind(models.TextChoices):
    NURSING = "nursing", "护理型床位"
    ORDINARY = "ordinary", "普通型床位"


class CheckOutReason(models.TextChoices):
    DISCHARGED = "discharged", "出院（回家）"
    TRANSFERRED = "transferred", "转院或转床"
    DIED = "died", "去世"
    ERROR = "error", "登记有误"
    OTHER = "other", "其他"


class Bed(models.Model):
    Kind = BedKind

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="beds",
                                 verbose_name="养老机构")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="养老机构所在区划")
    room = models.CharField("房间号", max_length=20)
    number = models.CharField("床位号", max_length=10)
    kind = models.CharField("床位类型", max_length=16, choices=BedKind.choices)
    code = models.CharField("床位码", max_length=64, unique=True)
    active = models.BooleanField("在用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    retired_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "床位"
        ordering = ["facility_id", "room", "number", "id"]
        permissions = [
            ("manage_beds", "可维护养老机构床位，办理入住、退住"),
            ("view_bed_findings", "可查看床位核查发现的问题"),
        ]
        constraints = [
            models.CheckConstraint(name="bed_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="bed_kind_known", condition=Q(kind__in=BedKind.values)),
            models.CheckConstraint(name="bed_code_shape", condition=Q(code__regex=CODE_PATTERN)),
            models.CheckConstraint(name="bed_room_and_number_given", condition=~Q(room="") & ~Q(number="")),
            models.CheckConstraint(name="bed_retired_when_inactive",
                                   condition=Q(active=True, retired_at__isnull=True)
                                   | Q(active=False, retired_at__isnull=False)),
            # One bed in use per room and number of a home; a retired bed's number may be reused.
            models.UniqueConstraint(fields=["facility", "room", "number"], condition=Q(active=True),
                                    name="bed_one_active_per_room_number"),
        ]

    def __str__(self) -> str:
        return f"{self.room}房{self.number}床"


class Occupancy(models.Model):
    Reason = CheckOutReason

    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="occupancies", verbose_name="床位")
    # The bed's home, copied: a bed never changes home, and the integrity checks compare homes.
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="养老机构")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="bed_occupancies",
                               verbose_name="入住老人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="养老机构所在区划")
    checked_in_on = models.DateField("入住日期")
    checked_out_on = models.DateField("退住日期", null=True, blank=True)
    check_out_reason = models.CharField("退住原因", max_length=16, choices=CheckOutReason.choices, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name="办理入住")
    checked_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="办理退住")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "床位入住记录"
        ordering = ["-checked_in_on", "-id"]
        indexes = [
            models.Index(fields=["person", "checked_in_on"], name="occupancy_person_day"),
            models.Index(fields=["bed", "checked_in_on"], name="occupancy_bed_day"),
            models.Index(fields=["facility", "checked_in_on"], name="occupancy_facility_day"),
        ]
        constraints = [
            # A bed holds one person at a time, and a person one bed: one open stay each.
            models.UniqueConstraint(fields=["bed"], condition=Q(checked_out_on__isnull=True),
                                    name="occupancy_one_open_per_bed"),
            models.UniqueConstraint(fields=["person"], condition=Q(checked_out_on__isnull=True),
                                    name="occupancy_one_open_per_person"),
            models.CheckConstraint(name="occupancy_out_not_before_in",
                                   condition=Q(checked_out_on__isnull=True)
                                   | Q(checked_out_on__gte=F("checked_in_on"))),
            models.CheckConstraint(name="occupancy_reason_iff_checked_out",
                                   condition=Q(checked_out_on__isnull=True, check_out_reason="")
                                   | (Q(checked_out_on__isnull=False)
                                      & Q(check_out_reason__in=CheckOutReason.values))),
            models.CheckConstraint(name="occupancy_region_code_12_digits", condition=REGION_12),
        ]

    def __str__(self) -> str:
        return f"{self.bed_id} {self.person_id} {self.checked_in_on}"

    @property
    def is_open(self) -> bool:
        return self.checked_out_on is None


class BedScan(models.Model):
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="scans", verbose_name="床位")
    region_code = models.CharField("区划代码", max_length=12)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="扫码人")
    scanned_at = models.DateTimeField("扫码时间")
    channel = models.CharField("渠道", max_length=16, default="web", help_text="web 或 api")

    class Meta:
        verbose_name = verbose_name_plural = "床位扫码记录"
        ordering = ["-scanned_at", "-id"]
        indexes = [models.Index(fields=["bed", "scanned_at"], name="bed_scan_bed_time")]
        constraints = [models.CheckConstraint(name="bed_scan_region_code_12_digits", condition=REGION_12)]

    def __str__(self) -> str:
        return f"{self.bed_id} {self.scanned_at:%Y-%m-%d %H:%M}"


class BedSubsidyRate(models.Model):
    level = models.CharField("能力等级", max_length=16, choices=AbilityLevel.choices)
    region_prefix = models.CharField("适用区划（代码前缀）", max_length=12)
    effective_from = models.DateField("起始月份", help_text="每月1日")
    amount = models.DecimalField("补贴标准（元/床日）", max_digits=10, decimal_places=2)
    note = models.CharField("依据", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "床位运营补贴标准"
        ordering = ["region_prefix", "level", "-effective_from"]
        permissions = [("manage_bed_subsidy_rates", "可维护床位运营补贴标准")]
        constraints = [
            models.UniqueConstraint(fields=["level", "region_prefix", "effective_from"],
                                    name="bed_subsidy_rate_one_per_level_region_month"),
            models.CheckConstraint(name="bed_subsidy_rate_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(name="bed_subsidy_rate_level_known", condition=Q(level__in=AbilityLevel.values)),
            models.CheckConstraint(name="bed_subsidy_rate_region_prefix_digits",
                                   condition=Q(region_prefix__regex=r"^\d{2,12}$")),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.region_prefix} {self.effective_from:%Y-%m} {self.amount}"


class BedSubsidyRun(models.Model):
    class Status(models.TextChoices):
        COMPUTED = "computed", "待审核"
        APPROVED = "approved", "已审核"

    period = models.DateField("补贴月份", help_text="每月1日")
    region_prefix = models.CharField("补贴范围（区划代码前缀）", max_length=12)
    # The prefix padded to 12 digits, as for payment runs: a county officer finds the county's
    # runs by it and does not see the city-wide one.
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.COMPUTED)
    line_count = models.PositiveIntegerField("明细笔数", default=0)
    home_count = models.PositiveIntegerField("机构数", default=0)
    bed_days = models.PositiveIntegerField("床日数", default=0)
    total_amount = models.DecimalField("补贴总额", max_digits=16, decimal_places=2, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="制单人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    computed_at = models.DateTimeField("计算完成时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="审核人")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "床位运营补贴批次"
        ordering = ["-period", "region_code", "-id"]
        permissions = [("manage_bed_subsidy", "可生成床位运营补贴批次"),
                       ("approve_bed_subsidy", "可审核床位运营补贴批次")]
        constraints = [
            models.UniqueConstraint(fields=["period", "region_prefix"], name="bed_subsidy_run_one_per_scope"),
            models.CheckConstraint(name="bed_subsidy_run_total_not_negative", condition=Q(total_amount__gte=0)),
            models.CheckConstraint(name="bed_subsidy_run_region_prefix_digits",
                                   condition=Q(region_prefix__regex=r"^\d{2,12}$")),
            models.CheckConstraint(name="bed_subsidy_run_approved_by_other",
                                   condition=Q(approved_by__isnull=True) | Q(created_by__isnull=True)
                                   | ~Q(approved_by=F("created_by"))),
        ]

    def __str__(self) -> str:
        return f"床位补贴 {self.period:%Y-%m} {self.region_prefix}"


class BedSubsidyLine(models.Model):
    run = models.ForeignKey(BedSubsidyRun, on_delete=models.PROTECT, related_name="lines", verbose_name="补贴批次")
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="养老机构")
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="+", verbose_name="床位")
    occupancy = models.ForeignKey(Occupancy, on_delete=models.PROTECT, related_name="subsidy_lines",
                                  verbose_name="入住记录", db_index=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="入住老人")
    period = models.DateField("所属月份")
    region_code = models.CharField("区划代码", max_length=12)
    level = models.CharField("能力等级", max_length=16, choices=AbilityLevel.choices)
    days = models.PositiveSmallIntegerField("床日数")
    rate = models.DecimalField("补贴标准（元/床日）", max_digits=10, decimal_places=2)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = verbose_name_plural = "床位运营补贴明细"
        ordering = ["run", "facility_id", "id"]
        indexes = [
            models.Index(fields=["region_code", "period"], name="bed_subsidy_line_region_period"),
            models.Index(fields=["run", "facility"], name="bed_subsidy_line_run_home"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["facility", "period", "occupancy"],
                                    name="bed_subsidy_line_one_per_home_month_stay"),
            models.CheckConstraint(name="bed_subsidy_line_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(name="bed_subsidy_line_rate_not_negative", condition=Q(rate__gte=0)),
            models.CheckConstraint(name="bed_subsidy_line_days_in_month", condition=Q(days__gte=1, days__lte=31)),
            models.CheckConstraint(name="bed_subsidy_line_level_known", condition=Q(level__in=AbilityLevel.values)),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.period:%Y-%m} {self.occupancy_id} {self.amount}"
