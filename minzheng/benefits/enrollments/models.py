"""Enrollments (a beneficiary's entitlement to a monthly program) and their reviews (复核).

An **Enrollment** belongs to exactly one beneficiary, a household or a person (a CheckConstraint),
and one program. Its money is ``monthly_amount`` for every month from ``start_month`` (the month after approval)
up to, not including, ``stop_month`` (set on termination: the first month not paid; null while
open). A death in June stops it from July: June is still paid (DOMAIN.md, "身后一件事").
``persons`` is the number of people it covers (the counted members of a household, 1 for a
person), which the statistics count in people.

Status: ``active`` (paid), ``suspended`` (kept, not paid: 停发), ``terminated`` (closed, with
``stop_month``). A beneficiary has at most one live (active or suspended) enrollment per program:
partial UniqueConstraints enforce it in the database, on SQLite and PostgreSQL. A payment run
selects ``status='active'`` rows with ``start_month ≤ period`` and (``stop_month`` null or > period);
``approved_on`` lets it compute back-pay when approval came late.

A **Review** is one 复核 of an enrollment: due on ``due_on``, done on ``done_on`` with an outcome
(continue, change the amount, suspend, terminate). Reviews are written by
``enrollments.services.review_record`` only; ``Enrollment.next_review_on`` carries the next due
date, so the due list is one indexed query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


def one_beneficiary() -> Q:
    return Q(household__isnull=False, person__isnull=True) | Q(household__isnull=True, person__isnull=False)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "享受中"
        SUSPENDED = "suspended", "停发"
        TERMINATED = "terminated", "已终止"

    LIVE = (Status.ACTIVE, Status.SUSPENDED)

    program = models.ForeignKey("benefits.Program", on_delete=models.PROTECT, related_name="enrollments",
                                verbose_name="项目")
    household = models.ForeignKey("people.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="enrollments", verbose_name="家庭户")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="enrollments", verbose_name="人员")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    approved_on = models.DateField("批准日期")
    start_month = models.DateField("起始月份")
    stop_month = models.DateField("停止发放月份", null=True, blank=True,
                                  help_text="终止后第一个不再发放的月份（不含）；未终止时为空")
    monthly_amount = models.DecimalField("月发放金额", max_digits=14, decimal_places=2)
    persons = models.PositiveIntegerField("保障人数", default=1)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField("状态原因", max_length=200, blank=True)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    suspended_on = models.DateField("停发日期", null=True, blank=True)
    terminated_on = models.DateField("终止日期", null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField("复核周期（月）", default=12)
    next_review_on = models.DateField("下次复核日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="经办人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "救助待遇"
        ordering = ["region_code", "id"]
        permissions = [("review_enrollment", "可办理待遇复核")]
        indexes = [
            models.Index(fields=["program", "status", "region_code"], name="enrollment_program_status_rc"),
            models.Index(fields=["next_review_on", "region_code"], name="enrollment_review_due"),
        ]
        constraints = [
            models.CheckConstraint(name="enrollment_one_beneficiary", condition=one_beneficiary()),
            models.UniqueConstraint(fields=["program", "household"], name="enrollment_one_live_per_household",
                                    condition=Q(household__isnull=False, status__in=["active", "suspended"])),
            models.UniqueConstraint(fields=["program", "person"], name="enrollment_one_live_per_person",
                                    condition=Q(person__isnull=False, status__in=["active", "suspended"])),
            models.CheckConstraint(name="enrollment_amount_not_negative", condition=Q(monthly_amount__gte=0)),
            models.CheckConstraint(name="enrollment_stop_not_before_start",
                                   condition=Q(stop_month__isnull=True) | Q(stop_month__gte=models.F("start_month"))),
            models.CheckConstraint(name="enrollment_terminated_has_stop",
                                   condition=~Q(status="terminated") | Q(stop_month__isnull=False)),
            models.CheckConstraint(name="enrollment_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.beneficiary}"

    @property
    def beneficiary(self) -> object:
        return self.household if self.household_id else self.person


class Review(models.Model):
    class Outcome(models.TextChoices):
        CONTINUE = "continue", "继续享受"
        CHANGE_AMOUNT = "change_amount", "变更金额"
        SUSPEND = "suspend", "停发"
        TERMINATE = "terminate", "终止"

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="reviews", verbose_name="待遇")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    due_on = models.DateField("应复核日期", null=True, blank=True)
    done_on = models.DateField("复核日期")
    outcome = models.CharField("结论", max_length=16, choices=Outcome.choices)
    old_amount = models.DecimalField("原月发放金额", max_digits=14, decimal_places=2)
    new_amount = models.DecimalField("新月发放金额", max_digits=14, decimal_places=2)
    effective_month = models.DateField("生效月份")
    reason = models.CharField("说明", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="复核人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "待遇复核"
        ordering = ["-done_on", "-id"]
        constraints = [
            models.CheckConstraint(name="review_amounts_not_negative",
                                   condition=Q(old_amount__gte=0, new_amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.done_on} {self.get_outcome_display()}"
