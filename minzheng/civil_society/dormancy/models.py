"""Cleanup cases of dormant ("僵尸型") organizations: 立案 (filed) → 事先告知 (the advance notice
of penalty, served by public notice; the notice period is ``settings.CIVIL_SOCIETY_NOTICE_DAYS``,
copied onto the case when it is served) → 决定 (decided): 撤销登记, 吊销登记证书, 注销 or 限期整改.
A 限期整改 decision carries a deadline; the correction is then done (``rectified_on``), or the
deadline passes and the organization is entered on the abnormal list (``overdue_listed_on``).
The transitions are the services' (``dormancy.services``); the database holds their shape."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from minzheng.civil_society.registry.models import REGION_12, Organization


class CaseState(models.TextChoices):
    FILED = "filed", "已立案"
    NOTICED = "noticed", "已事先告知"
    DECIDED = "decided", "已决定"


class Decision(models.TextChoices):
    REVOKE = "revoke", "撤销登记"
    WITHDRAW = "withdraw", "吊销登记证书"
    DEREGISTER = "deregister", "注销登记"
    RECTIFY = "rectify", "限期整改"


# The decisions that take an organization off the registry: what "cleaned up" counts.
CLEANED = (Decision.REVOKE, Decision.WITHDRAW, Decision.DEREGISTER)


class CleanupCase(models.Model):
    State = CaseState
    Decision = Decision

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cleanup_cases", verbose_name="社会组织"
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    state = models.CharField("状态", max_length=8, choices=CaseState.choices, default=CaseState.FILED)
    reasons = models.TextField("立案事由")
    filed_on = models.DateField("立案日期")
    noticed_on = models.DateField("告知公告日期", null=True, blank=True)
    notice_days = models.PositiveSmallIntegerField("告知期（天）", null=True, blank=True)
    decision = models.CharField("处理决定", max_length=10, choices=Decision.choices, blank=True, default="")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    overdue_listed_on = models.DateField("逾期未整改列入异常名录日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "僵尸型社会组织清理案件"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["state", "decided_on"], name="org_case_state_decided")]
        constraints = [
            models.CheckConstraint(name="org_case_region_12_digits", condition=REGION_12),
            models.CheckConstraint(name="org_case_state_known", condition=Q(state__in=CaseState.values)),
            models.CheckConstraint(
                name="org_case_steps_fit_state",
                condition=Q(state="filed", noticed_on__isnull=True, decision="", decided_on__isnull=True)
                | Q(
                    state="noticed",
                    noticed_on__gte=F("filed_on"),
                    notice_days__isnull=False,
                    decision="",
                    decided_on__isnull=True,
                )
                | Q(
                    state="decided",
                    noticed_on__gte=F("filed_on"),
                    decision__in=Decision.values,
                    decided_on__gte=F("noticed_on"),
                ),
            ),
            models.CheckConstraint(
                name="org_case_deadline_only_rectify",
                condition=Q(decision="rectify", rectify_by__gt=F("decided_on"))
                | (
                    ~Q(decision="rectify")
                    & Q(rectify_by__isnull=True, rectified_on__isnull=True, overdue_listed_on__isnull=True)
                ),
            ),
            # One case under way per organization.
            models.UniqueConstraint(
                fields=["organization"], condition=Q(state__in=["filed", "noticed"]), name="org_case_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.filed_on}"

    @property
    def notice_ends_on(self):  # type: ignore[no-untyped-def]
        """The first day a decision may be taken: the notice day plus the notice period."""
        import datetime as dt

        if self.noticed_on is None or self.notice_days is None:
            return None
        return self.noticed_on + dt.timedelta(days=self.notice_days)
