"""Death registration (死亡登记): one death of a registry person, reported by a hospital, the police
or the family at home, with the cause category, the date and place, who reported it and which
member of staff registered it. ``region_code`` is the person's (their household registration),
which decides who sees it.

At most one registration of a person is in force at a time (a partial unique index): a revoked
one (a mistaken registration, corrected) stays, with who revoked it and why. The family's query
code is kept as a keyed digest only: the clear code is shown once, to the registrar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class Source(models.TextChoices):
    HOSPITAL = "hospital", "医院（死亡医学证明）"
    POLICE = "police", "公安（非正常死亡）"
    HOME = "home", "居家（村社证明）"


class Cause(models.TextChoices):
    DISEASE = "disease", "疾病"
    INJURY = "injury", "意外伤害"
    OLD_AGE = "old_age", "衰老（自然死亡）"
    UNNATURAL = "unnatural", "非正常死亡（公安认定）"
    UNKNOWN = "unknown", "不明"


class DeathRegistration(models.Model):
    Source = Source
    Cause = Cause

    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记"
        REVOKED = "revoked", "已撤销（登记有误）"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="death_registrations",
                               verbose_name="死者")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="死者户籍地区划")
    source = models.CharField("信息来源", max_length=12, choices=Source.choices)
    cause = models.CharField("死亡原因类别", max_length=12, choices=Cause.choices)
    death_date = models.DateField("死亡日期")
    death_place = models.CharField("死亡地点", max_length=200)
    informant_name = models.CharField("报告人姓名", max_length=50)
    informant_relation = models.CharField("与死者关系", max_length=20)
    informant_phone_masked = models.CharField("报告人手机号", max_length=11, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.REGISTERED)
    family_code_digest = models.CharField("家属查询码索引", max_length=64, blank=True, db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name="登记人")
    registered_at = models.DateTimeField("登记时间")
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="撤销人")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "死亡登记"
        ordering = ["-death_date", "-id"]
        permissions = [
            ("register_death", "可登记死亡"),
            ("revoke_death", "可撤销误登记的死亡"),
        ]
        indexes = [models.Index(fields=["region_code", "death_date"], name="death_reg_region_day")]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status="registered"),
                                    name="death_registration_one_in_force"),
            models.CheckConstraint(name="death_registration_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="death_registration_source_known", condition=Q(source__in=Source.values)),
            models.CheckConstraint(name="death_registration_cause_known", condition=Q(cause__in=Cause.values)),
            # Revoked exactly when there is a time and a reason for it.
            models.CheckConstraint(
                name="death_registration_revoked_consistent",
                condition=Q(status="registered", revoked_at__isnull=True, revoke_reason="")
                | (Q(status="revoked", revoked_at__isnull=False) & ~Q(revoke_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"死亡登记 {self.person_id} {self.death_date}"

    @property
    def in_force(self) -> bool:
        return self.status == self.Status.REGISTERED
