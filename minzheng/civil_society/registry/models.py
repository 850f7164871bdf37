"""The registry of social organizations (社会组织): the three types of the Civil Code, and the
community organizations a township files (备案) without registering them.

An organization belongs to the place of its registered address (``region_code``, the address's
region), which is what scopes it; ``authority_code`` is the civil-affairs bureau that registered
it (the city or a county), which is who decides on it. Its ``status`` is the registry's own state;
the lists (abnormal, serious) and the cleanup cases change it through their services, never by
hand."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class OrgKind(models.TextChoices):
    ASSOCIATION = "association", "社会团体"
    SERVICE_ORG = "service_org", "社会服务机构"
    FOUNDATION = "foundation", "基金会"
    # Filed, not registered: no USCC, and the smaller venture-philanthropy cap (docs/DOMAIN.md).
    COMMUNITY = "community", "社区社会组织（备案）"


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    ABNORMAL = "abnormal", "活动异常名录"
    SERIOUS = "serious", "严重违法失信名单"
    REVOKED = "revoked", "撤销登记"
    DEREGISTERED = "deregistered", "注销"


class FoundationKind(models.TextChoices):
    """A foundation's fundraising kind, which sets its minimum original funds (docs/DOMAIN.md)."""

    NATIONAL_PUBLIC = "national_public", "全国性公募基金会"
    LOCAL_PUBLIC = "local_public", "地方性公募基金会"
    NON_PUBLIC = "non_public", "非公募基金会"


class Organization(models.Model):
    Kind = OrgKind
    Status = OrgStatus
    FoundationKind = FoundationKind

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=OrgKind.choices)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    authority_code = models.CharField(
        "登记管理机关", max_length=12, help_text="登记（备案）的民政部门所在区划代码"
    )
    registered_on = models.DateField("登记日期")
    supervising_unit = models.CharField("业务主管单位", max_length=100, blank=True)
    legal_representative = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="法定代表人"
    )
    address = models.ForeignKey(
        "places.Address", on_delete=models.PROTECT, related_name="+", verbose_name="住所（标准地址）"
    )
    funds = models.DecimalField("注册资金（元）", max_digits=14, decimal_places=2)
    scope = models.TextField("业务范围")
    status = models.CharField("状态", max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    status_since = models.DateField("状态起始日期")
    foundation_kind = models.CharField(
        "基金会类型", max_length=16, choices=FoundationKind.choices, blank=True, default=""
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会组织"
        ordering = ["region_code", "id"]
        indexes = [models.Index(fields=["status", "region_code"], name="org_status_region")]
        permissions = [
            ("manage_organizations", "登记管理社会组织（年报、信用名录、清理整治、公益创投、表彰）"),
            ("file_community_organizations", "备案社区社会组织"),
        ]
        constraints = [
            models.CheckConstraint(name="org_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="org_authority_code_12_digits", condition=Q(authority_code__regex=r"^\d{12}$")
            ),
            models.CheckConstraint(name="org_kind_known", condition=Q(kind__in=OrgKind.values)),
            models.CheckConstraint(name="org_status_known", condition=Q(status__in=OrgStatus.values)),
            # Registered types carry a USCC; filed community organizations have none.
            models.CheckConstraint(
                name="org_uscc_iff_registered",
                condition=Q(kind="community", uscc="") | (~Q(kind="community") & ~Q(uscc="")),
            ),
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="org_uscc_unique"),
            models.CheckConstraint(name="org_funds_not_negative", condition=Q(funds__gte=0)),
            models.CheckConstraint(
                name="org_foundation_kind_only_foundation",
                condition=Q(foundation_kind="") | Q(kind="foundation"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        """Revoked or deregistered: gone from the registry's live set, for good."""
        return self.status in (OrgStatus.REVOKED, OrgStatus.DEREGISTERED)


class ReportResult(models.TextChoices):
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class AnnualReport(models.Model):
    """One year's annual report (年度报告 / 年检) of one organization. ``due_on`` is the registrar's
    deadline for that year (社团、民非 5月31日, 基金会 3月31日 of the next year), set when the
    report is recorded; ``late`` is whether it reached the registrar after it. A report not
    recorded at all after the deadline is a finding (``registry.selectors.reports_missing``)."""

    Result = ReportResult

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="annual_reports", verbose_name="社会组织"
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("报告年度")
    due_on = models.DateField("报送截止日期")
    supervisor_submitted_on = models.DateField("报业务主管单位日期", null=True, blank=True)
    submitted_on = models.DateField("报登记管理机关日期")
    late = models.BooleanField("逾期报送", default=False)
    result = models.CharField("年检结论", max_length=16, choices=ReportResult.choices, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会组织年度报告"
        ordering = ["-year", "region_code", "id"]
        constraints = [
            models.CheckConstraint(name="org_report_region_12_digits", condition=REGION_12),
            models.UniqueConstraint(fields=["organization", "year"], name="org_report_one_per_year"),
            models.CheckConstraint(name="org_report_year_sane", condition=Q(year__gte=1990, year__lte=2100)),
            models.CheckConstraint(
                name="org_report_late_matches",
                condition=Q(late=True, submitted_on__gt=models.F("due_on"))
                | Q(late=False, submitted_on__lte=models.F("due_on")),
            ),
            models.CheckConstraint(
                name="org_report_result_known", condition=Q(result__in=["", *ReportResult.values])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"


class SignalKind(models.TextChoices):
    EVENT = "event", "开展活动"
    FILING = "filing", "报备事项"
    LETTER = "letter", "挂号信（住所）"
    CALL = "call", "联系法定代表人"


class SignalOutcome(models.TextChoices):
    SIGNED = "signed", "已签收"
    UNSIGNED = "unsigned", "未签收"
    RETURNED = "returned", "退回"
    REACHED = "reached", "联系上"
    UNREACHED = "unreached", "联系不上"


class ActivitySignal(models.Model):
    """A dated sign of life, or its absence: an activity held (``within_scope``: inside the charter's
    business scope), a filing made, a registered letter to the registered address (signed, unsigned
    or returned), or an attempt to reach the legal representative. The dormancy rules and the
    uncontactable rule of the abnormal list read these."""

    Kind = SignalKind
    Outcome = SignalOutcome

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="signals", verbose_name="社会组织"
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    kind = models.CharField("类别", max_length=8, choices=SignalKind.choices)
    occurred_on = models.DateField("日期")
    within_scope = models.BooleanField("属章程业务范围内", default=True)
    outcome = models.CharField("结果", max_length=10, choices=SignalOutcome.choices, blank=True, default="")
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会组织活动记录"
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["organization", "kind", "occurred_on"], name="org_signal_kind_day")]
        constraints = [
            models.CheckConstraint(name="org_signal_region_12_digits", condition=REGION_12),
            models.CheckConstraint(name="org_signal_kind_known", condition=Q(kind__in=SignalKind.values)),
            # Letters are signed, unsigned or returned; calls reached or not; events and filings have none.
            models.CheckConstraint(
                name="org_signal_outcome_fits",
                condition=Q(kind="letter", outcome__in=["signed", "unsigned", "returned"])
                | Q(kind="call", outcome__in=["reached", "unreached"])
                | Q(kind__in=["event", "filing"], outcome=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"
