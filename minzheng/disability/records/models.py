"""Rehab service records (康复服务记录): one service a rehab organization gave a registered patient.

``kind`` is one of the four services of DOMAIN.md (服药训练, 生活技能训练, 职业康复训练, 居家康复指导);
``served_on``, ``minutes`` (its length), ``staff`` (who gave it, as text) and the ``facility`` that
gave it. ``region_code`` is the patient's home, so an officer reads the services of the patients
living in their scope; a provider operator reads their own facilities'.

Consent in the database: each record carries the patient's consent day (``consent_on``, never
empty) and a check constraint keeps ``served_on`` on or after it, so no service can be stored for a
patient who had not consented by then, whatever writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ServiceKind(models.TextChoices):
    MEDICATION = "medication", "服药训练"
    LIFE_SKILLS = "life_skills", "生活技能训练"
    VOCATIONAL = "vocational", "职业康复训练"
    HOME_GUIDANCE = "home_guidance", "居家康复指导"


class RehabService(models.Model):
    Kind = ServiceKind

    patient = models.ForeignKey(
        "disability.RehabPatient", on_delete=models.PROTECT, related_name="services", verbose_name="患者"
    )
    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="rehab_services",
        verbose_name="服务机构",
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="患者居住地")
    kind = models.CharField("服务类型", max_length=20, choices=ServiceKind.choices)
    served_on = models.DateField("服务日期")
    minutes = models.PositiveSmallIntegerField("时长（分钟）")
    staff = models.CharField("服务人员", max_length=50)
    note = models.CharField("备注", max_length=200, blank=True)
    consent_on = models.DateField("知情同意日期", help_text="登记时患者的知情同意日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "精神康复服务记录"
        ordering = ["-served_on", "-id"]
        indexes = [
            models.Index(fields=["region_code", "served_on"], name="rehab_service_region_day"),
            models.Index(fields=["patient", "served_on"], name="rehab_service_patient_day"),
            models.Index(fields=["facility", "served_on"], name="rehab_service_facility_day"),
        ]
        constraints = [
            models.CheckConstraint(
                name="rehab_service_region_12_digits", condition=Q(region_code__regex=r"^\d{12}$")
            ),
            models.CheckConstraint(name="rehab_service_kind_known", condition=Q(kind__in=ServiceKind.values)),
            models.CheckConstraint(
                name="rehab_service_minutes_range", condition=Q(minutes__gte=1, minutes__lte=480)
            ),
            models.CheckConstraint(
                name="rehab_service_after_consent", condition=Q(served_on__gte=F("consent_on"))
            ),
            models.CheckConstraint(name="rehab_service_staff_named", condition=~Q(staff="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.served_on}"
