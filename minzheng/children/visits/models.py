"""Visits to children and the basic services for migrant children.

How often a child is visited is the profile's (``profiles.models.VisitRule``, copied onto the
profile as ``visit_interval_months``).

A **ChildVisit** is one visit by the village's child director (or the officer recording it): the
day, the way, what was seen and what was found. Recording one moves the profile's
``next_visit_on``.

A **ServiceItem** is one of the 20 items of the basic service list for migrant children (流动儿童
基本服务清单). The seeded list is THIS SYSTEM'S EXAMPLE LIST, not a published one. A
**ServiceDelivery** is one item delivered to one child on a day, by a provider (free text).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class ChildVisit(models.Model):
    class Way(models.TextChoices):
        HOME = "home", "入户走访"
        PHONE = "phone", "电话联系"
        SCHOOL = "school", "到校了解"
        OTHER = "other", "其他"

    profile = models.ForeignKey(
        "children.ChildProfile", on_delete=models.PROTECT, related_name="visits", verbose_name="儿童档案"
    )
    region_code = models.CharField("区划代码", max_length=12)
    visited_on = models.DateField("走访日期")
    way = models.CharField("走访方式", max_length=8, choices=Way.choices)
    notes = models.CharField("走访情况", max_length=500)
    findings = models.CharField("发现问题", max_length=500, blank=True)
    director = models.ForeignKey(
        "children.ChildDirector",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name="儿童主任",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "儿童走访"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["region_code", "visited_on"], name="child_visit_rc_day")]
        constraints = [
            models.UniqueConstraint(fields=["profile", "visited_on"], name="child_visit_once_a_day"),
            models.CheckConstraint(name="child_visit_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="child_visit_way_known", condition=Q(way__in=["home", "phone", "school", "other"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_way_display()}"


class ServiceItem(models.Model):
    number = models.PositiveSmallIntegerField("序号", unique=True)
    name = models.CharField("服务项目", max_length=40, unique=True)
    description = models.CharField("服务内容", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "流动儿童基本服务清单"
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(name="service_item_number_positive", condition=Q(number__gte=1))
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ServiceDelivery(models.Model):
    profile = models.ForeignKey(
        "children.ChildProfile", on_delete=models.PROTECT, related_name="services", verbose_name="儿童档案"
    )
    item = models.ForeignKey(
        ServiceItem, on_delete=models.PROTECT, related_name="deliveries", verbose_name="服务项目"
    )
    region_code = models.CharField("区划代码", max_length=12)
    delivered_on = models.DateField("服务日期")
    provider = models.CharField("服务提供方", max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "流动儿童基本服务记录"
        ordering = ["-delivered_on", "-id"]
        indexes = [models.Index(fields=["region_code", "delivered_on"], name="child_service_rc_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "item", "delivered_on"], name="child_service_once_a_day"
            ),
            models.CheckConstraint(name="child_service_region_code_12_digits", condition=REGION_12),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} {self.delivered_on}"
