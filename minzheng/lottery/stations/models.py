"""What the lottery keeps about its stations. A station is a ``facilities.Facility`` of kind
``lottery_station``; its opening date is the facility's ``opened_on`` or, without one, its first
contract's ``valid_from``.

An **AgencyContract** (代销合同) binds one agent to one station and one terminal. The terminal is
not transferable: its number is unique over every contract ever signed, so a new agent means a
new contract with a new terminal, and signing it ends the station's current contract the day
before. At most one contract of a station is in force (``ended_on`` empty). The agent's ID number
is sealed (``core.pii``): ciphertext, blind index and the masked form.

A **StationUpgrade** is one upgrade (升级改造) on a day: 形象升级, 设备更新 or 其他.

A **StationClosure** is the day a station closed and why; closing sets the facility's status to
closed (through the facilities services) and ends its contract. A station closes once.

``region_code`` is the station's, copied at writing; reads are scoped by it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class AgencyContract(models.Model):
    station = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="lottery_contracts",
        verbose_name="销售站点",
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    contract_number = models.CharField("合同编号", max_length=40, unique=True)
    terminal_number = models.CharField("终端编号", max_length=20, unique=True, help_text="终端不得转让")
    agent_name = models.CharField("代销者姓名", max_length=50)
    # The purpose each <name>_cipher/_digest pair is sealed under (core.keys rotates them by it).
    sealed_purposes = {"agent_id_number": "id_number"}
    agent_id_number_cipher = models.TextField("代销者身份证号（密文）", blank=True)
    agent_id_number_digest = models.CharField(
        "代销者身份证号（索引）", max_length=64, blank=True, db_index=True
    )
    agent_id_number_masked = models.CharField("代销者身份证号", max_length=18, blank=True)
    signed_on = models.DateField("签订日期")
    valid_from = models.DateField("合同起始日期")
    valid_to = models.DateField("合同截止日期")
    ended_on = models.DateField("终止日期", null=True, blank=True, help_text="换代销者或关闭站点时终止")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "福彩代销合同"
        ordering = ["station_id", "-valid_from"]
        permissions = [
            ("manage_lottery", "可管理福彩站点、代销合同、销量导入、公益金比例和公益推广"),
            ("view_lottery", "可查看福彩站点、销量、公益金和统计"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["station"], condition=Q(ended_on__isnull=True), name="lottery_contract_one_in_force"
            ),
            models.CheckConstraint(name="lottery_contract_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="lottery_contract_to_after_from", condition=Q(valid_to__gte=F("valid_from"))
            ),
            models.CheckConstraint(
                name="lottery_contract_signed_by_from", condition=Q(signed_on__lte=F("valid_from"))
            ),
            models.CheckConstraint(
                name="lottery_contract_ended_after_signed",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("signed_on")),
            ),
            models.CheckConstraint(
                name="lottery_contract_terminal_digits", condition=Q(terminal_number__regex=r"^\d{4,20}$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_number}（终端{self.terminal_number}）"

    @property
    def in_force(self) -> bool:
        return self.ended_on is None


class UpgradeKind(models.TextChoices):
    IMAGE = "image", "形象升级"
    EQUIPMENT = "equipment", "设备更新"
    OTHER = "other", "其他"


class StationUpgrade(models.Model):
    Kind = UpgradeKind

    station = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="lottery_upgrades",
        verbose_name="销售站点",
    )
    region_code = models.CharField("所属区划", max_length=12)
    upgraded_on = models.DateField("改造日期")
    kind = models.CharField("改造类型", max_length=12, choices=UpgradeKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "福彩站点升级改造"
        ordering = ["-upgraded_on", "-id"]
        indexes = [models.Index(fields=["region_code", "upgraded_on"], name="lottery_upgrade_region_day")]
        constraints = [
            models.CheckConstraint(name="lottery_upgrade_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="lottery_upgrade_kind_known", condition=Q(kind__in=UpgradeKind.values)
            ),
            models.UniqueConstraint(fields=["station", "upgraded_on", "kind"], name="lottery_upgrade_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.upgraded_on}"


class StationClosure(models.Model):
    station = models.OneToOneField(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="lottery_closure",
        verbose_name="销售站点",
    )
    region_code = models.CharField("所属区划", max_length=12)
    closed_on = models.DateField("关闭日期")
    reason = models.CharField("关闭原因", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "福彩站点关闭"
        ordering = ["-closed_on", "-id"]
        indexes = [models.Index(fields=["region_code", "closed_on"], name="lottery_closure_region_day")]
        constraints = [
            models.CheckConstraint(name="lottery_closure_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="lottery_closure_reason_given", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.closed_on} {self.reason}"
