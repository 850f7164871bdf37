"""Place names: naming proposals, the heritage list and the yearly place-name work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.places.addresses.models import Road


class NamingProposal(models.Model):
    """A proposed name for a rural road or bridge: township review, county approval, publication."""

    class Kind(models.TextChoices):
        ROAD = "road", "道路"
        BRIDGE = "bridge", "桥梁"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待乡镇审核"
        TOWNSHIP_APPROVED = "township_approved", "待区县审批"
        APPROVED = "approved", "已批准"
        PUBLISHED = "published", "已公布"
        REJECTED = "rejected", "已退回"

    name = models.CharField("名称", max_length=20)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    region_code = models.CharField("所在乡镇", max_length=12, db_index=True)
    village_code = models.CharField("所在村社区", max_length=12, blank=True)
    reason = models.CharField("命名理由", max_length=500)
    pinyin = models.CharField("拼音", max_length=120)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField("乡镇审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField("区县审批时间", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    rejection_reason = models.CharField("退回理由", max_length=500, blank=True)
    road = models.OneToOneField(Road, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "乡村道路桥梁命名"
        ordering = ["-created_at"]
        permissions = [("manage_place_names", "可办理地名命名")]
        constraints = [
            # Two live proposals may not claim the same name of the same kind in one township.
            models.UniqueConstraint(
                fields=["region_code", "kind", "name"],
                condition=~Q(status="rejected"),
                name="naming_unique_live_name_per_township",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HeritageBatch(models.Model):
    """A published batch of the place-name heritage protection list (第一批, 第二批 …)."""

    name = models.CharField("批次", max_length=20, unique=True)
    region_code = models.CharField("公布机关区划", max_length=12, default="330500000000")
    published_on = models.DateField("公布日期")

    class Meta:
        verbose_name = verbose_name_plural = "地名文化遗产批次"
        ordering = ["published_on"]

    def __str__(self) -> str:
        return self.name


class HeritageEntry(models.Model):
    class Protection(models.TextChoices):
        PROTECTED = "protected", "保护中"
        AT_RISK = "at_risk", "濒危"
        RESTORED = "restored", "已恢复使用"

    batch = models.ForeignKey(HeritageBatch, on_delete=models.PROTECT, related_name="entries", verbose_name="批次")
    name = models.CharField("地名", max_length=40)
    category = models.CharField("类别", max_length=20, help_text="古镇、古村落、街巷、桥梁、山水……")
    region_code = models.CharField("所在区划", max_length=12, db_index=True)
    location = models.CharField("位置", max_length=200)
    history = models.TextField("历史沿革")
    protection = models.CharField("保护状态", max_length=16, choices=Protection.choices, default=Protection.PROTECTED)
    lng = models.DecimalField("经度", max_digits=10, decimal_places=7, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=7, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地名文化遗产"
        ordering = ["batch", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "name", "region_code"], name="heritage_unique")]

    def __str__(self) -> str:
        return self.name


class PlaceNameWork(models.Model):
    """Countable place-name work, so reports count records rather than typed-in totals."""

    class Kind(models.TextChoices):
        SIGNAGE_PRODUCT = "signage_product", "地名标识产品"
        CULTURE_ROUTE = "culture_route", "地名文化旅游线路"
        CULTURE_HALL = "culture_hall", "地名文化展示馆"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    year = models.PositiveIntegerField("年度", db_index=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地名文化工作"
        constraints = [models.UniqueConstraint(fields=["kind", "name", "region_code"], name="place_name_work_unique")]

    def __str__(self) -> str:
        return self.name
