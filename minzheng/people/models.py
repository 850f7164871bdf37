from __future__ import annotations

from django.db import models
from django.db.models import Q

from minzheng.core import pii


class Person(models.Model):
    """A resident. The ID number and phone are stored only encrypted, with a blind index."""

    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    class Status(models.TextChoices):
        ALIVE = "alive", "在世"
        DECEASED = "deceased", "已故"

    id_number_cipher = models.TextField("身份证号（密文）")
    id_number_digest = models.CharField("身份证号索引", max_length=64, unique=True)
    id_number_masked = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50, db_index=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    phone_cipher = models.TextField("手机号（密文）", blank=True)
    phone_digest = models.CharField("手机号索引", max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField("手机号", max_length=20, blank=True)
    region_code = models.CharField("居住地区划", max_length=12, db_index=True)
    address_text = models.CharField("住址", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ALIVE)
    death_date = models.DateField("死亡日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "人员"
        ordering = ["region_code", "id"]
        permissions = [
            ("reveal_pii", "可查看身份证号、手机号明文"),
            ("import_people", "可导入人口数据"),
            ("export_people", "可导出人口数据"),
        ]
        indexes = [models.Index(fields=["region_code", "name"])]
        constraints = [
            models.CheckConstraint(
                name="person_death_date_iff_deceased",
                condition=(Q(status="deceased", death_date__isnull=False) | Q(status="alive", death_date__isnull=True)),
            ),
            models.CheckConstraint(name="person_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        """The clear ID number. Only reveal services call this; they write the access log."""
        return pii.unseal("id_number", self.id_number_cipher)

    @property
    def phone(self) -> str:
        return pii.unseal("phone", self.phone_cipher)

    def set_id_number(self, value: str) -> None:
        sealed = pii.seal("id_number", value)
        self.id_number_cipher, self.id_number_digest, self.id_number_masked = sealed.cipher, sealed.digest, sealed.masked

    def set_phone(self, value: str) -> None:
        sealed = pii.seal("phone", value)
        self.phone_cipher, self.phone_digest, self.phone_masked = sealed.cipher, sealed.digest, sealed.masked

    @property
    def age(self) -> int:
        import datetime as dt

        today = dt.date.today()
        return today.year - self.birth_date.year - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))


class Household(models.Model):
    """A household: the unit that assistance is decided for."""

    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    head = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="户主"
    )
    address_text = models.CharField("住址", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "家庭户"
        ordering = ["region_code", "id"]
        constraints = [
            models.CheckConstraint(name="household_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")),
        ]

    def __str__(self) -> str:
        return f"{self.head.name if self.head_id and self.head else '无户主'}户（{self.pk}）"


class Membership(models.Model):
    """A person's place in a household. A person is in at most one household at a time: the
    one-to-one column enforces it."""

    class Relationship(models.TextChoices):
        SELF = "self", "本人"
        SPOUSE = "spouse", "配偶"
        CHILD = "child", "子女"
        PARENT = "parent", "父母"
        GRANDCHILD = "grandchild", "孙子女"
        SIBLING = "sibling", "兄弟姐妹"
        OTHER = "other", "其他"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships", verbose_name="家庭户")
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="membership", verbose_name="人员")
    relationship = models.CharField("与户主关系", max_length=16, choices=Relationship.choices)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    joined_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "家庭成员"
        ordering = ["household_id", "id"]
        constraints = [
            # Only the head is 本人, and a household has one.
            models.UniqueConstraint(
                fields=["household"], condition=Q(relationship="self"), name="membership_one_self_per_household"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relationship_display()}"


# The move-in request lives with its services and pages; importing it here registers it.
from minzheng.people.move_in.models import MoveInRequest  # noqa: E402, F401


class DeathEffect(models.Model):
    """One affair the platform closed because a person died (身后一件事), written by the app that
    closed it in the death's own transaction. A revocation of the death (a mistaken registration)
    reopens the ``auto`` ones through each app's receiver and leaves the ``manual`` ones listed
    for an officer: money already settled, a bed given to someone else."""

    class Reopen(models.TextChoices):
        AUTO = "auto", "撤销死亡登记时自动恢复"
        MANUAL = "manual", "撤销死亡登记时需人工恢复"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="death_effects", verbose_name="人员")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    app = models.CharField("业务", max_length=32)
    kind = models.CharField("事项", max_length=64)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    label = models.CharField("说明", max_length=200)
    reopen = models.CharField("撤销时", max_length=8, choices=Reopen.choices)
    before = models.JSONField("关闭前状态", default=dict, blank=True)
    created_at = models.DateTimeField("关闭时间", auto_now_add=True)
    reopened_at = models.DateTimeField("恢复时间", null=True, blank=True)
    reopen_note = models.CharField("恢复说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "身后事项"
        ordering = ["person", "id"]
        constraints = [
            # One open record per closed thing: a death sent twice records nothing new.
            models.UniqueConstraint(fields=["person", "app", "kind", "object_id"], condition=Q(reopened_at__isnull=True),
                                    name="death_effect_once_while_open"),
            models.CheckConstraint(name="death_effect_region_code_12_digits", condition=Q(region_code__regex=r"^\d{12}$")),
            models.CheckConstraint(name="death_effect_reopen_known", condition=Q(reopen__in=["auto", "manual"])),
        ]

    def __str__(self) -> str:
        return self.label
