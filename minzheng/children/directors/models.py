"""Child directors (儿童主任) and supervisors (儿童督导员), 民发〔2019〕34号: one director per village or
community and one supervisor per township, each a registry person by real name, with the day they
started and the day they left. ``region_code`` is the village's 12 digits for a director, the
township's (its 9 digits and ``000``) for a supervisor; at most one is in post per region and role
(a partial unique constraint), and a row stays when they leave."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ChildDirector(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", "儿童主任"
        SUPERVISOR = "supervisor", "儿童督导员"

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="child_director_posts", verbose_name="人员"
    )
    role = models.CharField("职务", max_length=12, choices=Role.choices)
    region_code = models.CharField(
        "区划代码", max_length=12, help_text="儿童主任为村（社区），儿童督导员为乡镇（街道）"
    )
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)
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
        verbose_name = verbose_name_plural = "儿童主任和儿童督导员"
        ordering = ["region_code", "role", "-started_on"]
        permissions = [("manage_child_directors", "可登记儿童主任、儿童督导员")]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "role"],
                condition=Q(ended_on__isnull=True),
                name="child_director_one_active_per_region_role",
            ),
            models.CheckConstraint(
                name="child_director_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")
            ),
            models.CheckConstraint(
                name="child_director_region_level",
                condition=(
                    Q(role="supervisor", region_code__endswith="000")
                    | (Q(role="director") & ~Q(region_code__endswith="000"))
                ),
            ),
            models.CheckConstraint(
                name="child_director_ended_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person.name if self.person_id else '—'}"
