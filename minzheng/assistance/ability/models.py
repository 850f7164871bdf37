"""A recorded elderly ability level: the stand-in the ability assessment replaced.

The nursing subsidy for elders in difficulty needs the elder's ability level (GB/T 42195-2022,
docs/DOMAIN.md). Before ``eldercare.assessment`` (26 items, four indicators, the level raised for
dementia or care-risk events) existed, an officer recorded here the level an assessment found,
with its date and who assessed it; the latest record by a month's end was the level that month.

The facts provider (``assistance.subjects.facts.ability_level``) now reads the assessments, and
these rows only for an elder with no valid assessment by that month: they carry no item scores,
so they cannot be migrated into assessments, and for elders assessed before the system (or by an
outside body that issued a level only) they are all that is known.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.assistance.codes import AbilityLevel


class AbilityLevelRecord(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="ability_levels",
                               verbose_name="老年人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    level = models.CharField("能力等级", max_length=16, choices=AbilityLevel.choices)
    assessed_on = models.DateField("评估日期")
    assessor = models.CharField("评估机构", max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "老年人能力等级（登记）"
        ordering = ["person_id", "-assessed_on", "-id"]
        permissions = [("record_ability_level", "可登记老年人能力等级")]
        indexes = [models.Index(fields=["person", "assessed_on"], name="ability_level_person")]
        constraints = [
            models.CheckConstraint(name="ability_level_known", condition=Q(level__in=AbilityLevel.values)),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_level_display()} {self.assessed_on}"
