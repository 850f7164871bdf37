"""Fundraising campaigns, the donation ledger with its receipts, and disbursements.

A **Campaign** (募捐活动) is a charity's fundraising plan: public (公开募捐, needs the public
fundraising qualification), a city campaign such as 慈善一日捐 (a public campaign the city runs every
year, same rule), or directed (定向募捐, among known donors, no qualification). A public plan is
filed at least 7 days before the start; in an emergency (``emergency``) up to 10 days after it.

A **Donation** is one line of the ledger: the donor (a registry ``Person``, an ``Organization``, a
unit named in free text, or anonymous), the receipt fields of 慈善法 art. 38 (donor, the property
and its quantity or amount, the organization, the handler, the date), and its receipt number. A
donor who declines a receipt is still recorded (``receipt_declined``, no number). Numbers run per
organization and year in one series with no gaps (``ReceiptCounter``, a row locked while a number
is taken); a voided receipt keeps its number and a void mark, and the number is never reused.

A **Disbursement** (支出/拨付) is charity money put into an assistance project: amount, date, the
livelihood category (民生) and ``project_ref``, a free-text reference to the project (to be migrated
to the proactive-discovery projects and 一户一策 plan items when those exist).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class CampaignKind(models.TextChoices):
    PUBLIC = "public", "公开募捐"
    CITY = "city", "全市性募捐活动（如慈善一日捐）"
    DIRECTED = "directed", "定向募捐"


class Channel(models.TextChoices):
    ONLINE = "online", "互联网公开募捐信息平台"
    VENUE = "venue", "公共场所设置募捐箱"
    EVENT = "event", "举办面向社会公众的义演、义赛、义卖、义展等"
    MEDIA = "media", "广播电视报刊"
    WORKPLACE = "workplace", "机关、企事业单位内部募集"
    OTHER = "other", "其他"


class Campaign(models.Model):
    Kind = CampaignKind
    Channel = Channel

    organization = models.ForeignKey(
        "civil_society.Organization",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name="慈善组织",
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    name = models.CharField("募捐活动名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=CampaignKind.choices)
    channel = models.CharField("募捐方式", max_length=10, choices=Channel.choices)
    emergency = models.BooleanField("应急募捐", default=False, help_text="重大突发事件，可于开始后10日内备案")
    filed_on = models.DateField("方案备案日期")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    target = models.DecimalField("募捐目标（元）", max_digits=14, decimal_places=2)
    purpose = models.CharField("募得款物用途", max_length=200)
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
        verbose_name = verbose_name_plural = "募捐活动"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(name="campaign_region_12", condition=REGION_12),
            models.CheckConstraint(name="campaign_kind_known", condition=Q(kind__in=CampaignKind.values)),
            models.CheckConstraint(name="campaign_channel_known", condition=Q(channel__in=Channel.values)),
            models.CheckConstraint(
                name="campaign_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))
            ),
            models.CheckConstraint(name="campaign_target_positive", condition=Q(target__gt=0)),
            models.UniqueConstraint(fields=["organization", "name", "starts_on"], name="campaign_once"),
        ]

    def __str__(self) -> str:
        return self.name


class DonorKind(models.TextChoices):
    PERSON = "person", "个人"
    ORGANIZATION = "organization", "社会组织"
    UNIT = "unit", "单位"
    ANONYMOUS = "anonymous", "匿名"


class PropertyKind(models.TextChoices):
    MONEY = "money", "货币"
    GOODS = "goods", "物资"
    SECURITIES = "securities", "有价证券、股权"
    OTHER = "other", "其他财产"


class Donation(models.Model):
    DonorKind = DonorKind
    PropertyKind = PropertyKind

    organization = models.ForeignKey(
        "civil_society.Organization",
        on_delete=models.PROTECT,
        related_name="donations_received",
        verbose_name="受赠慈善组织",
    )
    region_code = models.CharField("区划代码", max_length=12)
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
        verbose_name="募捐活动",
    )
    donor_kind = models.CharField("捐赠人类型", max_length=12, choices=DonorKind.choices)
    donor_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="捐赠人（个人）",
    )
    donor_organization = models.ForeignKey(
        "civil_society.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations_given",
        verbose_name="捐赠人（社会组织）",
    )
    donor_name = models.CharField("捐赠人", max_length=100, blank=True, help_text="匿名为空")
    property_kind = models.CharField("财产种类", max_length=12, choices=PropertyKind.choices)
    description = models.CharField("财产名称及数量", max_length=200, blank=True, help_text="物资等非货币财产")
    amount = models.DecimalField("金额或折价（元）", max_digits=14, decimal_places=2)
    received_on = models.DateField("捐赠日期")
    handler = models.CharField("经手人", max_length=50)
    receipt_declined = models.BooleanField("捐赠人不要求开具票据", default=False)
    receipt_year = models.PositiveSmallIntegerField("票据年度", null=True, blank=True)
    receipt_serial = models.PositiveIntegerField("票据序号", null=True, blank=True)
    receipt_number = models.CharField("票据号", max_length=40, blank=True)
    voided_on = models.DateField("作废日期", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
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
        verbose_name = verbose_name_plural = "捐赠"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["region_code", "received_on"], name="donation_region_day"),
            models.Index(fields=["organization", "received_on"], name="donation_org_day"),
        ]
        constraints = [
            models.CheckConstraint(name="donation_region_12", condition=REGION_12),
            models.CheckConstraint(name="donation_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="donation_donor_kind_known", condition=Q(donor_kind__in=DonorKind.values)
            ),
            models.CheckConstraint(
                name="donation_property_kind_known", condition=Q(property_kind__in=PropertyKind.values)
            ),
            # The donor is who the kind says: a person, an organization, a named unit, or nobody.
            models.CheckConstraint(
                name="donation_donor_matches_kind",
                condition=Q(donor_kind="person", donor_person__isnull=False, donor_organization__isnull=True)
                | Q(donor_kind="organization", donor_person__isnull=True, donor_organization__isnull=False)
                | (
                    Q(donor_kind="unit", donor_person__isnull=True, donor_organization__isnull=True)
                    & ~Q(donor_name="")
                )
                | Q(
                    donor_kind="anonymous",
                    donor_person__isnull=True,
                    donor_organization__isnull=True,
                    donor_name="",
                ),
            ),
            # A receipt has its year, serial and number together; a declined receipt has none.
            models.CheckConstraint(
                name="donation_receipt_complete",
                condition=Q(receipt_year__isnull=True, receipt_serial__isnull=True, receipt_number="")
                | (
                    Q(receipt_declined=False, receipt_year__isnull=False, receipt_serial__gt=0)
                    & ~Q(receipt_number="")
                ),
            ),
            models.CheckConstraint(
                name="donation_void_has_receipt",
                condition=Q(voided_on__isnull=True) | Q(receipt_serial__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["organization", "receipt_year", "receipt_serial"],
                condition=Q(receipt_serial__isnull=False),
                name="donation_receipt_serial_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number or '无票据'} {self.amount}"

    @property
    def donor_display(self) -> str:
        return self.donor_name or "匿名"


class ReceiptCounter(models.Model):
    """The last receipt serial of one organization and year, locked (``select_for_update``)
    while the next one is taken, so two donations recorded at once never share or skip one."""

    organization = models.ForeignKey(
        "civil_society.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="慈善组织"
    )
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "捐赠票据号段"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="receipt_counter_once")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.last}"


class Livelihood(models.TextChoices):
    """民生 categories the disbursements go to."""

    POVERTY = "poverty", "扶贫济困"
    ELDERLY = "elderly", "扶老"
    CHILDREN = "children", "救孤助学"
    DISABLED = "disabled", "助残"
    MEDICAL = "medical", "医疗救助"
    EDUCATION = "education", "教育"
    DISASTER = "disaster", "救灾"
    COMMUNITY = "community", "社区发展"
    OTHER = "other", "其他公益"


class Disbursement(models.Model):
    Purpose = Livelihood

    organization = models.ForeignKey(
        "civil_society.Organization",
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name="慈善组织",
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="慈善组织住所所在区划")
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name="募捐活动",
    )
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    paid_on = models.DateField("拨付日期")
    purpose = models.CharField("民生领域", max_length=12, choices=Livelihood.choices)
    project_ref = models.CharField(
        "项目编号", max_length=100, help_text="救助项目或一户一策计划事项的编号（文本，待迁移为关联）"
    )
    note = models.CharField("说明", max_length=200, blank=True)
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
        verbose_name = verbose_name_plural = "慈善资金拨付"
        ordering = ["-paid_on", "-id"]
        indexes = [
            models.Index(fields=["region_code", "paid_on"], name="disbursement_region_day"),
            models.Index(fields=["project_ref"], name="disbursement_project"),
        ]
        constraints = [
            models.CheckConstraint(name="disbursement_region_12", condition=REGION_12),
            models.CheckConstraint(name="disbursement_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="disbursement_purpose_known", condition=Q(purpose__in=Livelihood.values)
            ),
            models.CheckConstraint(name="disbursement_project_ref_given", condition=~Q(project_ref="")),
        ]

    def __str__(self) -> str:
        return f"{self.project_ref} {self.amount}"
