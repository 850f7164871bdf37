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


class Organization(models.Model):
    Kind = OrgKind
    Status = OrgStatus

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=OrgKind.choices)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    authority_code = models.CharField("登记管理机关", max_length=12, help_text="登记（备案）的民政部门所在区划代码")
    registered_on = models.DateField("登记日期")
    supervising_unit = models.CharField("业务主管单位", max_length=100, blank=True)
    legal_representative = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                                             verbose_name="法定代表人")
    address = models.ForeignKey("places.Address", on_delete=models.PROTECT, related_name="+",
                                verbose_name="住所（标准地址）")
    funds = models.DecimalField("注册资金（元）", max_digits=14, decimal_places=2)
    scope = models.TextField("业务范围")
    status = models.CharField("状态", max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    status_since = models.DateField("状态起始日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会组织"
        ordering = ["region_code", "id"]
        indexes = [models.Index(fields=["status", "region_code"], name="org_status_region")]
        constraints = [
            models.CheckConstraint(name="org_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="org_authority_code_12_digits", condition=Q(authority_code__regex=r"^\d{12}$")),
            models.CheckConstraint(name="org_kind_known", condition=Q(kind__in=OrgKind.values)),
            models.CheckConstraint(name="org_status_known", condition=Q(status__in=OrgStatus.values)),
            # Registered types carry a USCC; filed community organizations have none.
            models.CheckConstraint(name="org_uscc_iff_registered",
                                   condition=Q(kind="community", uscc="") | (~Q(kind="community") & ~Q(uscc=""))),
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="org_uscc_unique"),
            models.CheckConstraint(name="org_funds_not_negative", condition=Q(funds__gte=0)),
        ]

    def __str__(self) -> str:
        return self.name
