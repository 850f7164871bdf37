"""The disability certificate (残疾人证) of a person: kind, grade 1–4, number, issue and expiry.

The second-generation number is the holder's 18-digit ID number followed by the kind digit and
the grade digit (``codes.KIND_DIGITS``), so it is personal data: it is stored as the ID number
is (``core.pii``): AES-GCM ciphertext, an HMAC blind index for exact lookup (one certificate per
number, a unique constraint) and the masked form shown on pages.

A certificate is valid in a month when it was issued by the month's end, does not expire before
the month starts (``valid_until`` null means no expiry: 长期) and was not revoked before the
month starts. A person may
hold several over time (a re-assessed grade is a new certificate; the old one is revoked).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.assistance.codes import DisabilityKind


class DisabilityCertificate(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="disability_certificates",
                               verbose_name="持证人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    kind = models.CharField("残疾类别", max_length=16, choices=DisabilityKind.choices)
    grade = models.PositiveSmallIntegerField("残疾等级", choices=[(g, f"{g}级") for g in (1, 2, 3, 4)])
    # The purpose each <name>_cipher/_digest pair is sealed under (core.keys rotates them by it).
    sealed_purposes = {"number": "disability_certificate"}
    number_cipher = models.TextField("残疾人证号（密文）")
    number_digest = models.CharField("残疾人证号索引", max_length=64, unique=True)
    number_masked = models.CharField("残疾人证号", max_length=24)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="空为长期有效")
    revoked_on = models.DateField("注销日期", null=True, blank=True)
    revoked_reason = models.CharField("注销原因", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "残疾人证"
        ordering = ["person_id", "-issued_on", "-id"]
        permissions = [("manage_disability_certificates", "可登记和注销残疾人证")]
        indexes = [models.Index(fields=["person", "issued_on"], name="disability_cert_person")]
        constraints = [
            models.CheckConstraint(name="disability_cert_grade_1_4", condition=Q(grade__gte=1, grade__lte=4)),
            models.CheckConstraint(name="disability_cert_kind_known", condition=Q(kind__in=DisabilityKind.values)),
            models.CheckConstraint(name="disability_cert_valid_after_issue",
                                   condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on"))),
            models.CheckConstraint(name="disability_cert_revoked_has_reason",
                                   condition=Q(revoked_on__isnull=True) | ~Q(revoked_reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}残疾{self.grade}级 {self.number_masked}"
