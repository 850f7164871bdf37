"""Marriage and family services beyond registration (婚姻家庭服务): the simple-wedding bases (简约婚礼
示范基地) a county designates, and the events held for couples and singles: collective certificate
ceremonies and collective weddings, matchmaking and marriage-counselling events, with how many took part.

The counselling stations (婚姻家庭辅导驿站) are not here: they are facilities of kind
``marriage_counselling_station`` and are read from ``facilities``. ``region_code`` is where a base
is or an event was held; reads are scoped by it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class BaseStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    REVOKED = "revoked", "已撤销"


class WeddingBase(models.Model):
    Status = BaseStatus

    name = models.CharField("基地名称", max_length=100)
    region_code = models.CharField("所属区划", max_length=12)
    address_text = models.CharField("地址", max_length=200, blank=True)
    designated_on = models.DateField("命名日期")
    status = models.CharField("状态", max_length=16, choices=BaseStatus.choices, default=BaseStatus.ACTIVE)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "简约婚礼示范基地"
        ordering = ["-designated_on", "id"]
        indexes = [models.Index(fields=["region_code", "designated_on"], name="marriage_base_region_day")]
        constraints = [
            models.CheckConstraint(name="marriage_base_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="marriage_base_status_known", condition=Q(status__in=BaseStatus.values)),
            models.CheckConstraint(name="marriage_base_name_given", condition=~Q(name="")),
        ]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    COLLECTIVE_CERTIFICATE = "collective_certificate", "集体颁证"
    COLLECTIVE_WEDDING = "collective_wedding", "集体婚礼"
    MATCHMAKING = "matchmaking", "相亲交友"
    COUNSELLING = "counselling", "婚恋辅导"


# The two groups the annual summary counts (marriage.collective_ceremonies, marriage.matchmaking_events).
CEREMONY_KINDS = (EventKind.COLLECTIVE_CERTIFICATE, EventKind.COLLECTIVE_WEDDING)
MATCHMAKING_KINDS = (EventKind.MATCHMAKING, EventKind.COUNSELLING)


class Event(models.Model):
    Kind = EventKind

    kind = models.CharField("活动类型", max_length=32, choices=EventKind.choices)
    title = models.CharField("活动名称", max_length=100)
    held_on = models.DateField("活动日期")
    region_code = models.CharField("所属区划", max_length=12)
    # Where: a station, office or other site, a simple-wedding base, or a place in words.
    facility = models.ForeignKey("facilities.Facility", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="服务设施")
    base = models.ForeignKey(WeddingBase, null=True, blank=True, on_delete=models.PROTECT, related_name="events",
                             verbose_name="简约婚礼示范基地")
    place_text = models.CharField("其他地点", max_length=200, blank=True)
    organizer = models.CharField("主办单位", max_length=100)
    people = models.PositiveIntegerField("参与人数", default=0)
    couples = models.PositiveIntegerField("参与新人（对）", default=0)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "婚恋服务活动"
        ordering = ["-held_on", "-id"]
        permissions = [
            ("view_counselling", "可查看婚姻家庭辅导驿站、简约婚礼基地、婚恋活动和婚姻服务统计"),
            ("manage_counselling", "可登记简约婚礼基地和婚恋活动"),
        ]
        indexes = [models.Index(fields=["region_code", "held_on"], name="marriage_event_region_day")]
        constraints = [
            models.CheckConstraint(name="marriage_event_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="marriage_event_kind_known", condition=Q(kind__in=EventKind.values)),
            models.CheckConstraint(name="marriage_event_title_given", condition=~Q(title="")),
            models.CheckConstraint(name="marriage_event_place_given",
                                   condition=Q(facility__isnull=False) | Q(base__isnull=False) | ~Q(place_text="")),
            models.CheckConstraint(name="marriage_event_someone_took_part", condition=Q(people__gt=0) | Q(couples__gt=0)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        parts = [str(p) for p in (self.facility, self.base) if p is not None]
        if self.place_text:
            parts.append(self.place_text)
        return "，".join(parts)


class EventParticipant(models.Model):
    """A named participant, when the organizer gave names (optional: most events are counted only)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants", verbose_name="活动")
    region_code = models.CharField("所属区划", max_length=12)
    name = models.CharField("姓名", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "婚恋活动参与人"
        ordering = ["event_id", "id"]
        constraints = [
            models.CheckConstraint(name="marriage_participant_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="marriage_participant_name_given", condition=~Q(name="")),
        ]

    def __str__(self) -> str:
        return self.name
