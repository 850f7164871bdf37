"""Programs and their standards.

A **Program** is one subsidy or assistance scheme (dibao, tekun, ...). Its rules live in a policy
class registered under its ``code`` (``minzheng.benefits.programs.policy``); its local numbers
(multipliers, floors, caps, asset limits, review intervals) live in ``params``, a JSON object of
strings and integers, so that a change of local policy is a data change, never a code change.
The keys each policy reads are documented on the policy class.

A **Standard** is the monthly amount of a program for a region prefix from a month on. Rows are
never overwritten: a new standard is a new row with a later ``effective_from``, so any past month
is computed with the standard it had. The standard for (program, region_code, month) is the row
whose ``region_prefix`` is the longest prefix of ``region_code`` and, among those, the latest
``effective_from`` ≤ month (``selectors.standard_for``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Program(models.Model):
    class Domain(models.TextChoices):
        ASSISTANCE = "assistance", "社会救助"
        DISABILITY = "disability", "残疾人福利"
        ELDERCARE = "eldercare", "养老服务"
        CHILDREN = "children", "儿童福利"

    class Unit(models.TextChoices):
        HOUSEHOLD = "household", "按户"
        PERSON = "person", "按人"

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "按月发放"
        ONE_OFF = "one_off", "一次性"

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64)
    domain = models.CharField("业务领域", max_length=16, choices=Domain.choices)
    unit = models.CharField("对象", max_length=16, choices=Unit.choices)
    kind = models.CharField("发放方式", max_length=16, choices=Kind.choices)
    params = models.JSONField("参数", default=dict, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "救助补贴项目"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="program_code_slug", condition=Q(code__regex=r"^[a-z][a-z0-9_]*$")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_household(self) -> bool:
        return self.unit == self.Unit.HOUSEHOLD


class Standard(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="standards", verbose_name="项目")
    region_prefix = models.CharField("适用区划（代码前缀）", max_length=12)
    effective_from = models.DateField("起始月份", help_text="每月1日")
    amount = models.DecimalField("标准（元/月）", max_digits=14, decimal_places=2)
    note = models.CharField("依据", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "救助标准"
        ordering = ["program_id", "region_prefix", "-effective_from"]
        permissions = [("manage_standards", "可维护救助项目与标准")]
        constraints = [
            models.UniqueConstraint(fields=["program", "region_prefix", "effective_from"],
                                    name="standard_one_per_program_region_month"),
            models.CheckConstraint(name="standard_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(name="standard_region_prefix_digits", condition=Q(region_prefix__regex=r"^\d{2,12}$")),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.region_prefix} {self.effective_from:%Y-%m} {self.amount}"
