"""Appointments at the marriage registration offices (婚姻登记预约).

A ``Slot`` is one office's time on one day for one kind of business, with a capacity that its
``booked`` count never passes (a database constraint, and a conditional update under the row lock
when a couple books). A ``Booking`` is one couple's place in a slot: both names, both ID numbers
stored only sealed (ciphertext, blind index, masked form), and the confirmation code the couple
keeps to cancel. ``region_code`` is the office's: registrars read the bookings of their county."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class Business(models.TextChoices):
    MARRIAGE = "marriage", "结婚登记"
    DIVORCE = "divorce", "离婚登记"
    REPLACEMENT = "replacement", "补领婚姻登记证"


class Slot(models.Model):
    Business = Business

    office = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="marriage_slots",
                               verbose_name="婚姻登记处")
    region_code = models.CharField("所属区划", max_length=12)
    day = models.DateField("日期")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    business = models.CharField("业务类型", max_length=16, choices=Business.choices)
    capacity = models.PositiveSmallIntegerField("可预约对数")
    booked = models.PositiveSmallIntegerField("已预约对数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "婚姻登记预约时段"
        ordering = ["day", "starts_at", "office_id", "business"]
        permissions = [("keep_appointments", "可维护婚姻登记预约时段并查看预约名单")]
        indexes = [models.Index(fields=["region_code", "day"], name="marriage_slot_region_day"),
                   models.Index(fields=["office", "day"], name="marriage_slot_office_day")]
        constraints = [
            models.UniqueConstraint(fields=["office", "day", "starts_at", "business"], name="marriage_slot_unique"),
            models.CheckConstraint(name="marriage_slot_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="marriage_slot_business_known", condition=Q(business__in=Business.values)),
            models.CheckConstraint(name="marriage_slot_capacity_positive", condition=Q(capacity__gte=1)),
            models.CheckConstraint(name="marriage_slot_not_overbooked", condition=Q(booked__lte=F("capacity"))),
            models.CheckConstraint(name="marriage_slot_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.starts_at:%H:%M} {self.get_business_display()}"

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    CANCELLED = "cancelled", "已取消"
    ARRIVED = "arrived", "已到场"
    NO_SHOW = "no_show", "未到场"


class Booking(models.Model):
    Status = BookingStatus

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name="预约时段")
    region_code = models.CharField("所属区划", max_length=12)
    code = models.CharField("确认码", max_length=8, unique=True)
    status = models.CharField("状态", max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    first_name = models.CharField("申请人甲姓名", max_length=50)
    # The purpose each <name>_cipher/_digest pair is sealed under (core.keys rotates them by it).
    sealed_purposes = {"first_id": "id_number", "second_id": "id_number"}
    first_id_cipher = models.TextField("申请人甲身份证号（密文）")
    first_id_digest = models.CharField("申请人甲身份证号索引", max_length=64, db_index=True)
    first_id_masked = models.CharField("申请人甲身份证号", max_length=18)
    # Empty only for a replacement (补领), which one party may ask for alone.
    second_name = models.CharField("申请人乙姓名", max_length=50, blank=True)
    second_id_cipher = models.TextField("申请人乙身份证号（密文）", blank=True)
    second_id_digest = models.CharField("申请人乙身份证号索引", max_length=64, blank=True, db_index=True)
    second_id_masked = models.CharField("申请人乙身份证号", max_length=18, blank=True)
    booked_at = models.DateTimeField("预约时间", auto_now_add=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    marked_at = models.DateTimeField("到场登记时间", null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="登记员")

    class Meta:
        verbose_name = verbose_name_plural = "婚姻登记预约"
        ordering = ["slot__day", "slot__starts_at", "id"]
        indexes = [models.Index(fields=["region_code", "status"], name="marriage_booking_region")]
        constraints = [
            models.CheckConstraint(name="marriage_booking_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="marriage_booking_status_known", condition=Q(status__in=BookingStatus.values)),
            models.CheckConstraint(name="marriage_booking_first_party_given",
                                   condition=~Q(first_name="") & ~Q(first_id_digest="")),
            models.CheckConstraint(name="marriage_booking_second_party_whole",
                                   condition=Q(second_name="", second_id_digest="")
                                   | (~Q(second_name="") & ~Q(second_id_digest=""))),
            models.CheckConstraint(name="marriage_booking_cancelled_when",
                                   condition=Q(status="cancelled", cancelled_at__isnull=False)
                                   | (~Q(status="cancelled") & Q(cancelled_at__isnull=True))),
        ]

    def __str__(self) -> str:
        # Names and the masked numbers only: this text goes into the access log.
        parties = "、".join(n for n in (self.first_name, self.second_name) if n)
        return f"婚姻登记预约 {self.code}（{parties}）"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.BOOKED
