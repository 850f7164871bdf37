"""Home eldercare beds (家庭养老床位): a provider's contracted beds and services in the elder's own
home, for elders who are poor, partly disabled or fully disabled (docs/DOMAIN.md).

A **HomeBed** is one contract: the elder (``people.Person``), the provider (a ``facilities.Facility``,
a care home or a community care centre), the start, the end (empty while it runs), who signed it
and on what ground the elder qualified (``eligibility``: low income, or the ability level of their
latest assessment, kept as it was on the start day). ``region_code`` is the **elder's** residence
region on signing, not the provider's: the bed is in the elder's home, so the beds established per
region (the summary's 建成家庭养老床位) count where the elders live, and the officer of that place
supervises it. A provider operator sees the contracts of their own operator's sites wherever the
elders live (``selectors``). An elder has at most one open contract (a partial unique index).

A **HomeBedPlanItem** is one line of the service plan: visits per month of one kind of 六助
(``home_services.models.ServiceKind``). The monthly visit compliance compares it with the done
``ServiceOrder`` visits of the elder with the contract's provider (``selectors.compliance``).

A **HomeBedDevice** is a device installed in the home (fall alarm, smoke and gas alarms, emergency
call button, ...), with its serial number and the day it was installed. A device in use is in
one home only (kind and serial are unique among devices not removed); ending the contract
removes its devices on the end day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.eldercare.home_services.models import ServiceKind

REGION_12 = Q(region_code__regex=r"^\d{12}$")
VISITS_MAX = 62  # twice a day every day of a long month; more is a typing slip


class HomeBedStatus(models.TextChoices):
    ACTIVE = "active", "服务中"
    ENDED = "ended", "已终止"


class Eligibility(models.TextChoices):
    """Why the elder qualifies. Disability by the latest ability assessment (GB/T 42195); low
    income by a live dibao, dibian or tekun enrollment of the elder or their household."""

    FULLY_DISABLED = "fully_disabled", "失能（重度失能、完全失能）"
    PARTLY_DISABLED = "partly_disabled", "半失能（轻度失能、中度失能）"
    LOW_INCOME = "low_income", "经济困难（低保、低边、特困）"


class EndReason(models.TextChoices):
    DIED = "died", "老人去世"
    CARE_HOME = "care_home", "入住养老机构"
    WITHDRAWN = "withdrawn", "老人或家属申请解约"
    MOVED = "moved", "迁出服务区域"
    INELIGIBLE = "ineligible", "不再符合条件"
    PROVIDER = "provider", "更换服务机构"
    OTHER = "other", "其他"


class DeviceKind(models.TextChoices):
    FALL_ALARM = "fall_alarm", "跌倒报警器"
    SMOKE = "smoke", "烟雾报警器"
    GAS = "gas", "燃气泄漏报警器"
    EMERGENCY_BUTTON = "emergency_button", "紧急呼叫按钮"
    BED_SENSOR = "bed_sensor", "离床感应垫"
    DOOR_SENSOR = "door_sensor", "门磁感应器"
    WATER = "water", "水浸报警器"
    WATCH = "watch", "智能手环（定位、心率）"
    OTHER = "other", "其他"


class HomeBed(models.Model):
    Status = HomeBedStatus
    Eligibility = Eligibility
    EndReason = EndReason

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="home_beds", verbose_name="老年人"
    )
    provider = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="home_beds", verbose_name="服务机构"
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="老人居住地区划（签约时）")
    started_on = models.DateField("服务起始日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=HomeBedStatus.choices, default=HomeBedStatus.ACTIVE
    )
    eligibility = models.CharField("签约依据", max_length=16, choices=Eligibility.choices)
    ability_level = models.CharField(
        "能力等级", max_length=16, blank=True, help_text="起始日期时最近一次有效评估的等级；无评估为空"
    )
    end_reason = models.CharField("终止原因", max_length=12, choices=EndReason.choices, blank=True)
    end_note = models.CharField("终止说明", max_length=200, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签约经办人",
    )
    signed_at = models.DateTimeField("签约时间")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="终止经办人",
    )

    class Meta:
        verbose_name = verbose_name_plural = "家庭养老床位"
        ordering = ["-started_on", "-id"]
        permissions = [("manage_home_beds", "可签约、终止家庭养老床位，登记设备，查看服务达标情况")]
        indexes = [
            models.Index(fields=["region_code", "started_on"], name="home_bed_region_started"),
            models.Index(fields=["provider", "started_on"], name="home_bed_provider_started"),
        ]
        constraints = [
            # One open contract per elder: a second signing is refused, and the index decides a race.
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="home_bed_one_open_per_person"
            ),
            models.CheckConstraint(name="home_bed_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="home_bed_status_known", condition=Q(status__in=HomeBedStatus.values)
            ),
            models.CheckConstraint(
                name="home_bed_eligibility_known", condition=Q(eligibility__in=Eligibility.values)
            ),
            models.CheckConstraint(
                name="home_bed_end_reason_known", condition=Q(end_reason__in=["", *EndReason.values])
            ),
            # Ended means an end day and a reason; running means neither.
            models.CheckConstraint(
                name="home_bed_ended_consistent",
                condition=Q(status="active", ended_on__isnull=True, end_reason="")
                | (Q(status="ended", ended_on__isnull=False) & ~Q(end_reason="")),
            ),
            models.CheckConstraint(
                name="home_bed_end_not_before_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"家庭养老床位 {self.person_id}@{self.provider_id} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class HomeBedPlanItem(models.Model):
    home_bed = models.ForeignKey(
        HomeBed, on_delete=models.CASCADE, related_name="plan_items", verbose_name="家庭养老床位"
    )
    kind = models.CharField("服务类别", max_length=12, choices=ServiceKind.choices)
    visits_per_month = models.PositiveSmallIntegerField("每月服务次数")

    class Meta:
        verbose_name = verbose_name_plural = "家庭养老床位服务计划"
        ordering = ["home_bed_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["home_bed", "kind"], name="home_bed_plan_one_per_kind"),
            models.CheckConstraint(name="home_bed_plan_kind_known", condition=Q(kind__in=ServiceKind.values)),
            models.CheckConstraint(
                name="home_bed_plan_visits_1_to_max",
                condition=Q(visits_per_month__gte=1, visits_per_month__lte=VISITS_MAX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 每月{self.visits_per_month}次"


class HomeBedDevice(models.Model):
    Kind = DeviceKind

    home_bed = models.ForeignKey(
        HomeBed, on_delete=models.PROTECT, related_name="devices", verbose_name="家庭养老床位"
    )
    kind = models.CharField("设备类型", max_length=20, choices=DeviceKind.choices)
    serial = models.CharField("设备序列号", max_length=40)
    installed_on = models.DateField("安装日期")
    removed_on = models.DateField("拆除日期", null=True, blank=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "家庭养老床位设备"
        ordering = ["home_bed_id", "kind", "id"]
        constraints = [
            # A device in use is in one home: its serial is free again once it is removed.
            models.UniqueConstraint(
                fields=["kind", "serial"],
                condition=Q(removed_on__isnull=True),
                name="home_bed_device_serial_in_use",
            ),
            models.CheckConstraint(
                name="home_bed_device_kind_known", condition=Q(kind__in=DeviceKind.values)
            ),
            models.CheckConstraint(name="home_bed_device_serial_given", condition=~Q(serial="")),
            models.CheckConstraint(
                name="home_bed_device_removed_after_install",
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("installed_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"
