"""One elderly ability assessment (GB/T 42195-2022): the 26 item scores, the four subtotals and
the total, the preliminary and final level, the facts that change the level (coma, dementia,
another psychiatric diagnosis, care-risk events in the last 30 days), the reason, who assessed
and when.

The rows of a person are their history. The latest valid one assessed on or before a day gives
the level that day (``selectors.latest_level``); an assessment entered in error is voided, with
a reason, rather than deleted, and from then on counts for nothing. The standard sets no
expiry, so none is stored: a routine re-assessment (常规评估) simply supersedes the last one.

``region_code`` is the person's region when assessed (where the work was done, for the year's
counts). Who may read an assessment is decided by the person's region today, so the history
follows a person who moves (``selectors``).

Every rule the scores obey is also a database constraint: each score within its item's range,
each subtotal the sum of its items, the total the sum of the subtotals, the preliminary level the
one the total gives, and 完全失能 for a person in a coma.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.eldercare.assessment.scoring import (
    INDICATORS,
    ITEMS,
    LEVEL_FLOORS,
    RISK_EVENTS_MAX,
    TOTAL_MAX,
    AbilityLevel,
    Reason,
)

_ITEMS = {item.key: item for item in ITEMS}


def _score(key: str) -> models.PositiveSmallIntegerField:
    item = _ITEMS[key]
    # The name alone: field names are read in Chinese (core.audit_labels), item numbers are Latin.
    return models.PositiveSmallIntegerField(item.name, choices=list(item.options))


def _sum(keys: list[str]) -> F:
    expression = F(keys[0])
    for key in keys[1:]:
        expression = expression + F(key)  # type: ignore[assignment]
    return expression


def _level_bands() -> Q:
    """The preliminary level is the one the total gives: 90, 66–89, 46–65, 30–45, 0–29."""
    condition = Q(pk__in=[])
    ceiling = TOTAL_MAX
    for floor, level in LEVEL_FLOORS:
        condition |= Q(total__gte=floor, total__lte=ceiling, preliminary_level=level)
        ceiling = floor - 1
    return condition


class Assessment(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="ability_assessments",
                               verbose_name="老年人")
    region_code = models.CharField("区划代码", max_length=12, db_index=True, help_text="评估时老年人所在区划")

    # B.1 自理能力
    eating = _score("eating")
    grooming = _score("grooming")
    bathing = _score("bathing")
    dressing_upper = _score("dressing_upper")
    dressing_lower = _score("dressing_lower")
    urination = _score("urination")
    defecation = _score("defecation")
    toileting = _score("toileting")
    # B.2 基础运动能力
    bed_mobility = _score("bed_mobility")
    bed_chair_transfer = _score("bed_chair_transfer")
    walking = _score("walking")
    stairs = _score("stairs")
    # B.3 精神状态
    time_orientation = _score("time_orientation")
    place_orientation = _score("place_orientation")
    person_orientation = _score("person_orientation")
    memory = _score("memory")
    comprehension = _score("comprehension")
    expression = _score("expression")
    aggression = _score("aggression")
    depression = _score("depression")
    consciousness = _score("consciousness")
    # B.4 感知觉与社会参与
    vision = _score("vision")
    hearing = _score("hearing")
    daily_affairs = _score("daily_affairs")
    transport = _score("transport")
    social = _score("social")

    self_care = models.PositiveSmallIntegerField("自理能力得分")
    mobility = models.PositiveSmallIntegerField("基础运动能力得分")
    mental = models.PositiveSmallIntegerField("精神状态得分")
    perception = models.PositiveSmallIntegerField("感知觉与社会参与得分")
    total = models.PositiveSmallIntegerField("总分")
    preliminary_level = models.CharField("初步等级", max_length=16, choices=AbilityLevel.choices)
    level = models.CharField("能力等级", max_length=16, choices=AbilityLevel.choices)

    coma = models.BooleanField("处于昏迷状态", default=False)
    dementia = models.BooleanField("确诊痴呆", default=False)
    psychiatric = models.BooleanField("确诊精神科专科疾病", default=False)
    risk_events_30d = models.PositiveSmallIntegerField("近30天照护风险事件次数", default=0,
                                                       help_text="跌倒、噎食、自杀、自伤、走失等")

    reason = models.CharField("评估原因", max_length=16, choices=Reason.choices)
    note = models.CharField("备注", max_length=200, blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="评估员")
    assessed_on = models.DateField("评估日期")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="作废人")
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "老年人能力评估"
        ordering = ["person_id", "-assessed_on", "-id"]
        permissions = [("record_assessment", "可录入和作废老年人能力评估")]
        indexes = [models.Index(fields=["person", "assessed_on"], name="assessment_person_day")]
        constraints = [
            models.CheckConstraint(name="assessment_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")),
            *(models.CheckConstraint(name=f"assessment_{item.key}_range",
                                     condition=Q(**{f"{item.key}__gte": 0, f"{item.key}__lte": item.max}))
              for item in ITEMS),
            *(models.CheckConstraint(name=f"assessment_{indicator.key}_sum",
                                     condition=Q(**{indicator.key: _sum([item.key for item in indicator.items])}))
              for indicator in INDICATORS),
            models.CheckConstraint(name="assessment_total_sum",
                                   condition=Q(total=_sum([indicator.key for indicator in INDICATORS]))),
            models.CheckConstraint(name="assessment_preliminary_level_of_total", condition=_level_bands()),
            models.CheckConstraint(name="assessment_level_known", condition=Q(level__in=AbilityLevel.values)),
            models.CheckConstraint(name="assessment_coma_full_loss", condition=Q(coma=False) | Q(level=AbilityLevel.FULL)),
            models.CheckConstraint(name="assessment_risk_events_range",
                                   condition=Q(risk_events_30d__lte=RISK_EVENTS_MAX)),
            models.CheckConstraint(name="assessment_reason_known", condition=Q(reason__in=Reason.values)),
            models.CheckConstraint(name="assessment_voided_has_reason",
                                   condition=Q(voided_at__isnull=True) | ~Q(void_reason="")),
            # One valid assessment per person and day: a form sent twice does not make two.
            models.UniqueConstraint(fields=["person", "assessed_on"], condition=Q(voided_at__isnull=True),
                                    name="assessment_one_valid_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.assessed_on} {self.get_level_display()}"

    @property
    def scores(self) -> list[int]:
        """The 26 item scores in the standard's order (B.1.1 … B.4.5)."""
        return [getattr(self, item.key) for item in ITEMS]

    @property
    def subtotals(self) -> list[int]:
        return [getattr(self, indicator.key) for indicator in INDICATORS]

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None
