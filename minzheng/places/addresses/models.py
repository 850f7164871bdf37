"""Roads and compounds, standard addresses (GB/T 39609-2020), the registry's links to them, and the data-quality runs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class Road(models.Model):
    """A street, lane or compound (街路巷 41 / 小区 42): the level between village and doorplate."""

    class Kind(models.TextChoices):
        ROAD = "road", "街路巷"
        COMPOUND = "compound", "小区"

    class Status(models.TextChoices):
        ACTIVE = "active", "使用中"
        RETIRED = "retired", "已停用"

    code = models.CharField("道路编码", max_length=16, unique=True, help_text="所属区划12位代码＋4位序号")
    region_code = models.CharField("所属区划", max_length=12, db_index=True, help_text="乡镇街道或村社区")
    name = models.CharField("名称", max_length=60, db_index=True)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.ROAD)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="曾用名、简称")
    pinyin = models.CharField("拼音", max_length=120, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "街路巷和小区"
        ordering = ["code"]
        constraints = [models.CheckConstraint(name="road_region_code_12_digits", condition=REGION_12)]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    """A standard address: village or community, road or compound, doorplate number, then
    optionally building (幢), unit and room.

    Its code is region code (12) + road serial (4) + doorplate number (5: 4 digits and a
    sub-number) + building (3) + unit (2) + room (4), so it is stable, unique and sorts by place.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "使用中"
        RETIRED = "retired", "已注销"

    code = models.CharField("地址编码", max_length=32, unique=True)
    region_code = models.CharField("所属村社区", max_length=12, db_index=True)
    # No index of its own: the (road, number) index below answers every query by road, in order.
    road = models.ForeignKey(Road, on_delete=models.PROTECT, related_name="addresses", verbose_name="街路巷/小区",
                             db_index=False)
    number = models.CharField("门牌号", max_length=10)
    building = models.CharField("幢", max_length=10, blank=True)
    unit = models.CharField("单元", max_length=10, blank=True)
    room = models.CharField("室", max_length=10, blank=True)
    full_text = models.CharField("标准地址", max_length=200, db_index=True)
    # Coordinates are WGS-84 degrees; seven decimals is about 1 cm.
    lng = models.DecimalField("经度", max_digits=10, decimal_places=7, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=7, null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors", verbose_name="继承地址"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "标准地址"
        ordering = ["code"]
        permissions = [("manage_addresses", "可维护标准地址")]
        indexes = [models.Index(fields=["road", "number"])]
        constraints = [
            models.CheckConstraint(name="address_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="address_retired_has_no_self_successor", condition=~Q(successor=models.F("pk"))
            ),
        ]

    def __str__(self) -> str:
        return self.full_text


class PersonAddress(models.Model):
    """The standard address a resident's free-text address was matched to."""

    class Method(models.TextChoices):
        AUTO = "auto", "自动匹配"
        MANUAL = "manual", "人工确认"

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="standard_address")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    score = models.DecimalField("匹配分", max_digits=4, decimal_places=3)
    method = models.CharField("方式", max_length=16, choices=Method.choices, default=Method.AUTO)
    matched_at = models.DateTimeField("匹配时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "人员标准地址"

    def __str__(self) -> str:
        return f"{self.person_id} → {self.address_id}"


class HouseholdAddress(models.Model):
    household = models.OneToOneField("people.Household", on_delete=models.CASCADE, related_name="standard_address")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="households")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    score = models.DecimalField("匹配分", max_digits=4, decimal_places=3)
    method = models.CharField("方式", max_length=16, choices=PersonAddress.Method.choices, default="auto")
    matched_at = models.DateTimeField("匹配时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "家庭户标准地址"

    def __str__(self) -> str:
        return f"{self.household_id} → {self.address_id}"


class QualityRun(models.Model):
    """One run of the address data-quality check over one county."""

    region_code = models.CharField("区县", max_length=12, db_index=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    total = models.PositiveIntegerField("地址总数", default=0)
    bad = models.PositiveIntegerField("问题地址数", default=0)
    counts = models.JSONField("各类问题数", default=dict)
    score = models.DecimalField("质量得分", max_digits=5, decimal_places=2, default=0)

    class Meta:
        verbose_name = verbose_name_plural = "地址质量检查"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.region_code} {self.started_at:%Y-%m-%d %H:%M}"


class QualityIssue(models.Model):
    class Kind(models.TextChoices):
        MISSING_COORDINATES = "missing_coordinates", "缺少坐标"
        OUTSIDE_COUNTY = "outside_county", "坐标超出区县范围"
        DUPLICATE_TEXT = "duplicate_text", "标准地址重复"
        NONSTANDARD_TEXT = "nonstandard_text", "地址文本不规范"
        ORPHAN_BUILDING = "orphan_building", "楼幢无对应门牌"

    run = models.ForeignKey(QualityRun, on_delete=models.CASCADE, related_name="issues")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    kind = models.CharField("问题", max_length=24, choices=Kind.choices, db_index=True)
    detail = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地址质量问题"
        indexes = [models.Index(fields=["run", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.address_id}"
