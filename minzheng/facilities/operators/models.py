"""Service providers (运营机构) and the staff accounts that act for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class Operator(models.Model):
    """The organization that runs one or more facilities: a company, a social organization, a
    public institution or a village committee. It is known by its unified social credit code
    (GB 32100), which every such body carries; ``region_code`` is where it is registered."""

    name = models.CharField("机构名称", max_length=100)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    region_code = models.CharField("登记区划", max_length=12, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务机构"
        ordering = ["name", "id"]
        permissions = [("manage_operators", "可维护服务机构及其操作员账号")]
        constraints = [
            models.CheckConstraint(name="operator_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="operator_uscc_18_characters", condition=Q(uscc__regex=r"^[0-9A-Z]{18}$")),
        ]

    def __str__(self) -> str:
        return self.name


class OperatorMember(models.Model):
    """A staff account that acts for one operator (role 服务机构操作员). One operator per account:
    the account's scope is exactly that operator's facilities."""

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="members", verbose_name="服务机构")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="facility_operator_membership", verbose_name="账号")
    created_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务机构操作员"
        ordering = ["operator_id", "id"]

    def __str__(self) -> str:
        return f"{self.operator_id} · {self.user_id}"
