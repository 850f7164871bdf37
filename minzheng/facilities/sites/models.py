"""The one registry of service sites: every care home, community centre, meal site, rehab
centre, children's home, marriage office, funeral place and lottery station is a ``Facility``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from minzheng.facilities.operators.models import REGION_12, Operator


class Kind(models.TextChoices):
    """The kinds of site (codes as in docs/GLOSSARY.md)."""

    CARE_HOME = "care_home", "养老机构"
    COMMUNITY_CARE_CENTRE = "community_care_centre", "社区居家养老服务中心"
    MEAL_SITE = "meal_site", "老年助餐点"
    MENTAL_REHAB_CENTRE = "mental_rehab_centre", "精神康复机构"
    CHILD_WELFARE_HOME = "child_welfare_home", "儿童福利机构"
    MARRIAGE_OFFICE = "marriage_office", "婚姻登记处"
    MARRIAGE_COUNSELLING_STATION = "marriage_counselling_station", "婚姻家庭辅导驿站"
    FUNERAL_HOME = "funeral_home", "殡仪馆"
    MOURNING_POINT = "mourning_point", "集中治丧点"
    COLUMBARIUM = "columbarium", "骨灰堂"
    CEMETERY = "cemetery", "公墓"
    LOTTERY_STATION = "lottery_station", "福利彩票销售站点"
    # Not the bureau's own: kept so that lottery stations can be checked against them (200 m).
    SCHOOL = "school", "学校"


class Status(models.TextChoices):
    OPEN = "open", "开放"
    SUSPENDED = "suspended", "暂停服务"
    CLOSED = "closed", "已关闭"


class Tag(models.TextChoices):
    """What a site offers beyond its kind; ``sojourn`` marks 旅居养老 destinations."""

    SOJOURN = "sojourn", "旅居养老"
    DAY_CARE = "day_care", "日间照料"
    RESPITE = "respite", "喘息服务"
    DEMENTIA_CARE = "dementia_care", "认知症照护"
    MEAL_DELIVERY = "meal_delivery", "送餐上门"
    RURAL = "rural", "农村"


class Facility(models.Model):
    """One service site. Public, open sites with coordinates are what residents find (the nearest
    search, the doorplate page, the map POI export); the rest is the bureau's own registry."""

    Kind = Kind
    Status = Status
    Tag = Tag

    name = models.CharField("设施名称", max_length=100)
    kind = models.CharField("类别", max_length=32, choices=Kind.choices)
    operator = models.ForeignKey(Operator, null=True, blank=True, on_delete=models.PROTECT, related_name="facilities",
                                 verbose_name="运营机构")
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    address = models.ForeignKey("places.Address", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="facilities", verbose_name="标准地址")
    # The address as shown: the standard address's text when there is one (kept in step by the
    # services), otherwise what the officer typed.
    address_text = models.CharField("地址", max_length=200)
    # WGS-84 degrees, like standard addresses (seven decimals is about 1 cm); converted to GCJ-02
    # or BD-09 on output.
    lng = models.DecimalField("经度", max_digits=10, decimal_places=7, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=7, null=True, blank=True)
    capacity = models.PositiveIntegerField("容量", null=True, blank=True, help_text="床位、座位或格位数")
    floor_area = models.DecimalField("建筑面积（平方米）", max_digits=10, decimal_places=2, null=True, blank=True)
    opened_on = models.DateField("开业日期", null=True, blank=True)
    rebuilt_on = models.DateField("改扩建日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    opening_hours = models.CharField("开放时间", max_length=200, blank=True)
    service_phone = models.CharField("服务电话", max_length=20, blank=True)
    public = models.BooleanField("对公众公开", default=True, help_text="公开的设施出现在就近查询、门牌页和地图标注中")
    tags = models.JSONField("标签", default=list, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务设施"
        ordering = ["region_code", "id"]
        permissions = [
            ("manage_facilities", "可维护服务设施"),
            ("operate_facilities", "可修改本机构设施的开放时间和状态"),
            ("export_poi", "可导出服务设施地图标注（POI）"),
        ]
        indexes = [
            # The nearest search: the open, public sites of one kind in a latitude band, then a
            # longitude band. Partial, so the index holds only what the public may find.
            models.Index(fields=["kind", "lat", "lng"], name="facility_nearest",
                         condition=Q(status="open", public=True, lat__isnull=False, lng__isnull=False)),
            models.Index(fields=["operator", "region_code"], name="facility_operator_region"),
        ]
        constraints = [
            models.CheckConstraint(name="facility_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="facility_kind_known", condition=Q(kind__in=Kind.values)),
            models.CheckConstraint(name="facility_status_known", condition=Q(status__in=Status.values)),
            models.CheckConstraint(name="facility_coordinates_pair",
                                   condition=Q(lng__isnull=True, lat__isnull=True)
                                   | Q(lng__isnull=False, lat__isnull=False)),
            models.CheckConstraint(name="facility_floor_area_positive",
                                   condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0)),
            models.CheckConstraint(name="facility_rebuilt_after_opened",
                                   condition=Q(opened_on__isnull=True) | Q(rebuilt_on__isnull=True)
                                   | Q(rebuilt_on__gte=models.F("opened_on"))),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_address(self) -> str:
        """The standard address's text as it reads today (a renamed region renames it), or
        the typed address when there is no standard one."""
        return self.address.full_text if self.address_id and self.address is not None else self.address_text

    def tag_labels(self) -> list[str]:
        labels = dict(self.Tag.choices)
        return [str(labels.get(tag, tag)) for tag in self.tags or []]
