"""Registered home-based patients (在册居家患者) of community mental-health rehab.

A **RehabPatient** is a person of the registry (``people.Person``) living at home, registered with
the rehab organization that serves them (a facility of the network). ``region_code`` is the
patient's home (the person's region when registered), and every read is scoped by it.

- ``diagnosis``: one of the six severe mental disorders of the national management rules
  (严重精神障碍管理治疗工作规范: 精神分裂症, 分裂情感性障碍, 偏执性精神病, 双相（情感）障碍,
  癫痫所致精神障碍, 精神发育迟滞伴发精神障碍), or 其他 for a patient the community also serves;
- ``severity``: 轻度 / 中度 / 重度, the rehab assessment's grade (this system's choice: a short
  list an officer can set, the six disorders' list being the diagnosis);
- **consent** (知情同意): the day it was signed and who signed, the patient or the guardian (with
  the guardian's name). A patient may be registered before it; no rehab service can be recorded
  before it (each service record carries the consent day and a check constraint keeps the service
  on or after it);
- registered and ended dates (ended: 死亡, 迁出, 住院, 本人或监护人退出 ...; the row stays).

A person is a registered patient at most once at a time (a unique constraint).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.core.masking import mask_name

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class Diagnosis(models.TextChoices):
    SCHIZOPHRENIA = "schizophrenia", "精神分裂症"
    SCHIZOAFFECTIVE = "schizoaffective", "分裂情感性障碍"
    PARANOID = "paranoid", "偏执性精神病"
    BIPOLAR = "bipolar", "双相（情感）障碍"
    EPILEPSY = "epilepsy", "癫痫所致精神障碍"
    INTELLECTUAL = "intellectual", "精神发育迟滞伴发精神障碍"
    OTHER = "other", "其他精神障碍"


class Severity(models.TextChoices):
    MILD = "mild", "轻度"
    MODERATE = "moderate", "中度"
    SEVERE = "severe", "重度"


class ConsentSigner(models.TextChoices):
    PATIENT = "patient", "本人"
    GUARDIAN = "guardian", "监护人"


class RehabPatient(models.Model):
    Diagnosis = Diagnosis
    Severity = Severity
    Signer = ConsentSigner

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="rehab_patient_records", verbose_name="患者"
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="患者居住地")
    organization = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="rehab_patients",
        verbose_name="服务机构",
    )
    diagnosis = models.CharField("诊断", max_length=20, choices=Diagnosis.choices)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices)
    registered_on = models.DateField("在册日期")
    ended_on = models.DateField("结案日期", null=True, blank=True)
    end_reason = models.CharField("结案原因", max_length=100, blank=True)
    consent_on = models.DateField("知情同意日期", null=True, blank=True)
    consent_signer = models.CharField("签署人", max_length=10, choices=ConsentSigner.choices, blank=True)
    guardian_name = models.CharField("监护人姓名", max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "在册居家精神障碍患者"
        ordering = ["region_code", "id"]
        permissions = [
            ("view_rehab_patients", "可查看在册居家精神障碍患者（敏感信息）"),
            ("manage_rehab_patients", "可登记在册患者、知情同意和结案"),
            ("record_rehab_services", "可登记本机构的康复服务记录"),
        ]
        indexes = [
            models.Index(fields=["region_code", "registered_on"], name="rehab_patient_region"),
            models.Index(fields=["organization", "ended_on"], name="rehab_patient_org"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="rehab_patient_one_active"
            ),
            models.CheckConstraint(name="rehab_patient_region_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="rehab_patient_diagnosis_known", condition=Q(diagnosis__in=Diagnosis.values)
            ),
            models.CheckConstraint(
                name="rehab_patient_severity_known", condition=Q(severity__in=Severity.values)
            ),
            # Consent: its day and its signer together, or neither; a guardian is named.
            models.CheckConstraint(
                name="rehab_patient_consent_complete",
                condition=Q(consent_on__isnull=True, consent_signer="", guardian_name="")
                | Q(consent_on__isnull=False, consent_signer="patient", guardian_name="")
                | (Q(consent_on__isnull=False, consent_signer="guardian") & ~Q(guardian_name="")),
            ),
            models.CheckConstraint(
                name="rehab_patient_ended_after_registered",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("registered_on")),
            ),
            models.CheckConstraint(
                name="rehab_patient_ended_has_reason",
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"在册患者 {self.pk}"

    @property
    def masked_name(self) -> str:
        """张*三: the name as lists show it."""
        return mask_name(self.person.name)

    @property
    def has_consent(self) -> bool:
        return self.consent_on is not None
