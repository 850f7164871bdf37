"""Child profiles (儿童档案): one child of the registry, the categories that hold for them, their
parents' situations, their guardian, and when they are reviewed.

A **ChildProfile** belongs to a registry ``people.Person`` (the child) and to the child's village
(``region_code``, 12 digits: reads are scoped by it). Its categories are boolean columns
(``is_orphan`` … ``is_migrant``), so that a count by category is an indexed SQL count on SQLite and
PostgreSQL alike; a profile carries at least one (a constraint). Orphan, de-facto unsupported, in
difficulty and left-behind are checked by the rules (``categories.rules``) from the facts when the
profile is opened or reviewed, and ``reasons`` keeps the rules' Chinese reasons; migrant (流动儿童)
is recorded as the officer finds it. ``hukou``, ``dibao`` and ``disability_grade`` are the facts
the rules read (the last two derived from the registry: the benefits engine's dibao/特困/低保边缘
enrollments and the child's disability certificate). The guardian's phone is sealed like
``Person.phone`` (``core.pii``) and shown masked. ``review_on`` is the next review (复核日期).

A profile is ``active`` until it ends (``ended_on``, with ``end_reason``: turned 18, died, no
longer eligible); a child has at most one active profile (a partial unique constraint). The visit
schedule is kept on the row (``visit_interval_months``, ``next_visit_on``) so that the overdue
queue is one indexed query.

A **VisitRule** is how often a child of a category is visited (走访频次), in months. The seeded
rows are THIS SYSTEM'S DEFAULTS, not a confirmed Huzhou rule (事实无人抚养儿童 and 孤儿 monthly, 困境
and 留守 quarterly, 流动 half-yearly); the city changes them in the admin. A profile is visited as
often as its most demanding category asks; the interval is copied onto the profile when it is
opened or reviewed, and the visits (``visits``) move ``next_visit_on``.

A **ChildParent** is one parent's situation (father, mother): a registry person when known, the
status and since when, whether they work away and whether they can act as guardian.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.children.codes import FLAG, Category, Hukou, ParentRole, ParentStatus
from minzheng.core import pii

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class ChildProfile(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "在册"
        ENDED = "ended", "已终止"

    class EndReason(models.TextChoices):
        TURNED_18 = "turned_18", "年满18周岁"
        DIED = "died", "死亡"
        NOT_ELIGIBLE = "not_eligible", "不再符合条件"

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="child_profiles", verbose_name="儿童"
    )
    region_code = models.CharField("区划代码", max_length=12, help_text="儿童所在村（社区）")
    hukou = models.CharField("户口性质", max_length=8, choices=Hukou.choices)
    is_orphan = models.BooleanField("孤儿", default=False)
    is_de_facto = models.BooleanField("事实无人抚养儿童", default=False)
    is_in_difficulty = models.BooleanField("困境儿童", default=False)
    is_left_behind = models.BooleanField("留守儿童", default=False)
    is_migrant = models.BooleanField("流动儿童", default=False)
    reasons = models.JSONField("认定理由", default=list, blank=True)
    dibao = models.BooleanField("低保、特困或低保边缘家庭", default=False)
    disability_grade = models.PositiveSmallIntegerField("本人残疾等级", null=True, blank=True)
    guardian_name = models.CharField("监护人姓名", max_length=50, blank=True)
    guardian_relation = models.CharField("与儿童关系", max_length=20, blank=True)
    # The purpose each <name>_cipher/_digest pair is sealed under (core.keys rotates them by it).
    sealed_purposes = {"guardian_phone": "phone"}
    guardian_phone_cipher = models.TextField("监护人电话（密文）", blank=True)
    guardian_phone_digest = models.CharField("监护人电话索引", max_length=64, blank=True)
    guardian_phone_masked = models.CharField("监护人电话", max_length=20, blank=True)
    opened_on = models.DateField("建档日期")
    reviewed_on = models.DateField("上次复核日期", null=True, blank=True)
    review_on = models.DateField("复核日期", help_text="下次复核日期")
    visit_interval_months = models.PositiveSmallIntegerField("走访周期（月）", default=3)
    last_visited_on = models.DateField("最近走访日期", null=True, blank=True)
    next_visit_on = models.DateField("下次应走访日期")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=16, choices=EndReason.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="建档人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "儿童档案"
        ordering = ["region_code", "id"]
        permissions = [
            ("manage_child_profiles", "可建立、复核、终止儿童档案"),
            ("record_child_visits", "可登记儿童走访和流动儿童基本服务"),
        ]
        indexes = [
            models.Index(fields=["status", "region_code"], name="child_profile_status_rc"),
            models.Index(fields=["status", "next_visit_on"], name="child_profile_visit_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="child_profile_one_active_per_person"
            ),
            models.CheckConstraint(name="child_profile_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="child_profile_has_category",
                condition=Q(is_orphan=True)
                | Q(is_de_facto=True)
                | Q(is_in_difficulty=True)
                | Q(is_left_behind=True)
                | Q(is_migrant=True),
            ),
            models.CheckConstraint(
                name="child_profile_orphan_not_de_facto", condition=~Q(is_orphan=True, is_de_facto=True)
            ),
            models.CheckConstraint(name="child_profile_hukou_known", condition=Q(hukou__in=Hukou.values)),
            models.CheckConstraint(
                name="child_profile_grade_1_4",
                condition=Q(disability_grade__isnull=True) | Q(disability_grade__in=[1, 2, 3, 4]),
            ),
            models.CheckConstraint(
                name="child_profile_ended_complete",
                condition=Q(status="active", ended_on__isnull=True, end_reason="")
                | (Q(status="ended", ended_on__isnull=False) & ~Q(end_reason="")),
            ),
            models.CheckConstraint(
                name="child_profile_ended_after_opened",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("opened_on")),
            ),
            models.CheckConstraint(
                name="child_profile_visit_interval_positive", condition=Q(visit_interval_months__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name if self.person_id else '—'}（{'、'.join(self.category_labels)}）"

    @property
    def categories(self) -> list[str]:
        return [category for category, flag in FLAG.items() if getattr(self, flag)]

    @property
    def category_labels(self) -> list[str]:
        return [Category(c).label for c in self.categories]

    def set_guardian_phone(self, phone: str) -> None:
        sealed = pii.seal("phone", phone)
        self.guardian_phone_cipher, self.guardian_phone_digest, self.guardian_phone_masked = (
            sealed.cipher,
            sealed.digest,
            sealed.masked,
        )


class ChildParent(models.Model):
    profile = models.ForeignKey(
        ChildProfile, on_delete=models.CASCADE, related_name="parents", verbose_name="儿童档案"
    )
    role = models.CharField("父母", max_length=8, choices=ParentRole.choices)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="人口库人员",
    )
    name = models.CharField("姓名", max_length=50, blank=True)
    region_code = models.CharField("区划代码", max_length=12, help_text="儿童档案所在区划")
    status = models.CharField("情况", max_length=20, choices=ParentStatus.choices)
    since = models.DateField("起始日期", null=True, blank=True)
    works_away = models.BooleanField("外出务工", default=False)
    can_guard = models.BooleanField("能履行监护职责", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "儿童父母情况"
        ordering = ["profile_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "role"], name="child_parent_one_per_role"),
            models.CheckConstraint(name="child_parent_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="child_parent_status_known", condition=Q(status__in=ParentStatus.values)
            ),
            models.CheckConstraint(name="child_parent_role_known", condition=Q(role__in=ParentRole.values)),
            models.CheckConstraint(
                name="child_parent_timed_has_since",
                condition=~Q(status__in=["imprisoned", "unreachable"]) | Q(since__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.get_status_display()}"


class VisitRule(models.Model):
    category = models.CharField("儿童类别", max_length=24, choices=Category.choices, unique=True)
    interval_months = models.PositiveSmallIntegerField("走访周期（月）")
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "儿童走访频次"
        ordering = ["interval_months", "category"]
        constraints = [
            models.CheckConstraint(
                name="visit_rule_interval_1_12", condition=Q(interval_months__gte=1, interval_months__lte=12)
            ),
            models.CheckConstraint(
                name="visit_rule_category_known", condition=Q(category__in=Category.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} 每{self.interval_months}个月"
