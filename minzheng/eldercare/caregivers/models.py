"""Certified caregivers (养老护理员): who they are, where they work, and their certificate.

A **Caregiver** is a person (``people.Person``) employed by a service site (a ``facilities.Facility``:
a care home or a community care centre), with the level of their vocational certificate
(初级 to 高级技师; blank for a care worker not yet certified, whom the providers also employ and
the indicator does not count) and the day they started in the trade, from which the years of
service of the special post allowance are counted. ``region_code`` is the employer's, and reads are scoped by it.
A person is an active caregiver at most once (``left_on`` empty); leaving keeps the row, so past
months' allowances and indicators still find them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class CertificateLevel(models.TextChoices):
    """The five levels of the 养老护理员 vocational skill standard, lowest first."""

    JUNIOR = "junior", "初级"
    INTERMEDIATE = "intermediate", "中级"
    SENIOR = "senior", "高级"
    TECHNICIAN = "technician", "技师"
    SENIOR_TECHNICIAN = "senior_technician", "高级技师"


class Caregiver(models.Model):
    Level = CertificateLevel

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="caregiver_records", verbose_name="人员"
    )
    employer = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="caregivers", verbose_name="就职机构"
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="就职机构所在区划")
    level = models.CharField(
        "证书等级", max_length=20, choices=CertificateLevel.choices, blank=True, help_text="未持证为空"
    )
    certificate_number = models.CharField("证书编号", max_length=40, blank=True)
    certified_on = models.DateField("发证日期", null=True, blank=True)
    started_on = models.DateField("从业起始日期", help_text="计算从业年限")
    left_on = models.DateField("离职日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "养老护理员"
        ordering = ["region_code", "id"]
        indexes = [models.Index(fields=["region_code", "level"], name="caregiver_region_level")]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True), name="caregiver_one_active_per_person"
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="caregiver_certificate_number_unique",
            ),
            models.CheckConstraint(name="caregiver_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="caregiver_level_known", condition=Q(level__in=["", *CertificateLevel.values])
            ),
            # A certificate has its level, number and date together, or none of them.
            models.CheckConstraint(
                name="caregiver_certificate_complete",
                condition=Q(level="", certificate_number="", certified_on__isnull=True)
                | (~Q(level="") & ~Q(certificate_number="") & Q(certified_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="caregiver_left_after_start",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_level_display() or '未持证'}"
