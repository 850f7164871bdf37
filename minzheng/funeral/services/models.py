"""Funeral homes' cases, their services and the basic-service waiver (基本殡葬服务减免, "6+N").

A **ServiceType** is one kind of service a funeral home renders (遗体接运, 遗体存放, 遗体火化, ...),
reference data seeded by migration. Six of them make the default free list (DOMAIN.md "Funeral").

A **WaiverItem** is one line of the waiver catalogue: a service type waived up to ``cap`` yuan in a
region from ``valid_from`` (to ``valid_to``). The city's items (``region_code`` = the city) are the
default catalogue; a county's items ("+N") add types outside it for its own region. An item applies
to a case whose funeral home lies inside the item's region (its code's prefix) on the service's day.
A new cap from a date is a new item; the old one ends the day before, so history keeps its caps.

A **FuneralCase** is one deceased person at one funeral home (``region_code`` = the home's). It
records the deceased's household-registration province; the case is eligible for the waiver when
that province is in ``MINZHENG_FUNERAL_WAIVER_PROVINCES`` when the case is opened (kept on the
case, so a later change of the setting does not rewrite what families were told).

A **FuneralService** is one service rendered: its type, time, facility and fee, and the amount
waived, decided when it is recorded: for an eligible case and a type the catalogue covers,
min(fee, what is left of the cap in this case), otherwise 0. The family pays fee − waived. A voided
line keeps its numbers for the record but counts in no sum.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class ServiceType(models.Model):
    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("服务项目", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "殡葬服务项目"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class WaiverItem(models.Model):
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="waiver_items", verbose_name="服务项目"
    )
    region_code = models.CharField("适用区划", max_length=12, db_index=True)
    cap = models.DecimalField("减免上限（元）", max_digits=10, decimal_places=2)
    valid_from = models.DateField("起始日期")
    valid_to = models.DateField("截止日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "基本殡葬服务减免目录"
        ordering = ["region_code", "service_type__order", "-valid_from"]
        permissions = [("manage_waiver_catalogue", "可维护基本殡葬服务减免目录（市级基本目录、区县+N）")]
        constraints = [
            models.CheckConstraint(name="funeral_waiver_item_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="funeral_waiver_item_cap_positive", condition=Q(cap__gt=0)),
            models.CheckConstraint(
                name="funeral_waiver_item_to_after_from",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
            ),
            models.UniqueConstraint(
                fields=["region_code", "service_type", "valid_from"], name="funeral_waiver_item_once"
            ),
            models.UniqueConstraint(
                fields=["region_code", "service_type"],
                condition=Q(valid_to__isnull=True),
                name="funeral_waiver_item_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} ≤{self.cap}元"


class FuneralCase(models.Model):
    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="funeral_case", verbose_name="逝者"
    )
    home = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="funeral_cases", verbose_name="殡仪馆"
    )
    region_code = models.CharField("所属区划", max_length=12)
    received_on = models.DateField("受理日期")
    hukou_province = models.CharField("户籍省份", max_length=2, help_text="身份证或户口簿上的省级代码，如 33 浙江")
    waiver_eligible = models.BooleanField("享受基本殡葬服务减免", default=False)
    family_contact = models.CharField("家属联系人", max_length=50, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "殡仪服务案件"
        ordering = ["-received_on", "-id"]
        permissions = [("manage_funeral_cases", "可受理殡仪服务案件、登记和作废服务项目")]
        indexes = [
            models.Index(fields=["region_code", "received_on"], name="funeral_case_region_day"),
            models.Index(fields=["home", "received_on"], name="funeral_case_home_day"),
        ]
        constraints = [
            models.CheckConstraint(name="funeral_case_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="funeral_case_hukou_province_2_digits", condition=Q(hukou_province__regex=r"^[1-9]\d$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.received_on:%Y-%m-%d}）"


class FuneralService(models.Model):
    case = models.ForeignKey(FuneralCase, on_delete=models.PROTECT, related_name="services", verbose_name="案件")
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="services", verbose_name="服务项目"
    )
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="funeral_services", verbose_name="服务场所"
    )
    region_code = models.CharField("所属区划", max_length=12)
    performed_at = models.DateTimeField("服务时间")
    fee = models.DecimalField("收费（元）", max_digits=10, decimal_places=2)
    waived = models.DecimalField("减免（元）", max_digits=10, decimal_places=2, default=0)
    waiver_item = models.ForeignKey(
        WaiverItem, null=True, blank=True, on_delete=models.PROTECT, related_name="services",
        verbose_name="减免目录项",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="作废人",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "殡仪服务项目记录"
        ordering = ["performed_at", "id"]
        indexes = [models.Index(fields=["region_code", "performed_at"], name="funeral_service_region_time")]
        constraints = [
            models.CheckConstraint(name="funeral_service_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="funeral_service_fee_not_negative", condition=Q(fee__gte=0)),
            models.CheckConstraint(
                name="funeral_service_waived_within_fee", condition=Q(waived__gte=0, waived__lte=F("fee"))
            ),
            models.CheckConstraint(
                name="funeral_service_waived_needs_item", condition=Q(waived=0) | Q(waiver_item__isnull=False)
            ),
            models.CheckConstraint(
                name="funeral_service_void_has_reason",
                condition=Q(voided_at__isnull=True, void_reason="") | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} {self.fee}元"

    @property
    def family_pays(self) -> Decimal:
        return self.fee - self.waived


__all__ = ["FuneralCase", "FuneralService", "ServiceType", "WaiverItem"]
