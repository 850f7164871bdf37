"""What the registry of marriages keeps. Highly sensitive: only marriage registrars of the office's
county read it (``marriage.view_marriage_records``), and every read is access-logged.

- **Marriage**: one couple's marriage, registered at an office (a ``facilities.Facility`` of kind
  ``marriage_office``; ``region_code`` is the office's, whichever place the parties come from:
  全国通办). ``source`` tells a marriage registered here from one registered before the system
  (``prior``: its paper certificate number kept as text, no certificate in our series). The
  registrar's attestation that both were present and the two declarations are recorded; the ages
  at registration are kept for the statistics.
- **MaritalStatus**: each person's marital status as this registry knows it (never on
  ``people.Person``: only registrars may read it), with the spouse while married; no row means
  never married here. **MaritalStatusChange** is its history, one row per change.
- **Certificate** and **CertificateCounter**: the certificates issued, numbered in one gapless series
  per office, year and kind; the counter row is locked while a number is taken.
- **DivorceApplication**: a divorce by agreement, from application through the cooling-off and the
  window to appear, to registration, withdrawal or lapse (deemed withdrawn).
- **CourtMark**: a court's judgment that a marriage is void (无效) or annulled (撤销).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class MaritalState(models.TextChoices):
    UNMARRIED = "unmarried", "未婚"
    MARRIED = "married", "已婚"
    DIVORCED = "divorced", "离婚"
    WIDOWED = "widowed", "丧偶"


class Marriage(models.Model):
    class Source(models.TextChoices):
        REGISTERED = "registered", "本系统登记"
        PRIOR = "prior", "系统启用前登记"

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        DIVORCED = "divorced", "已离婚"
        WIDOWED = "widowed", "一方死亡"
        VOID = "void", "无效婚姻"
        ANNULLED = "annulled", "被撤销婚姻"

    office = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name="登记机关"
    )
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    source = models.CharField("来源", max_length=12, choices=Source.choices, default=Source.REGISTERED)
    husband = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="男方")
    wife = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="女方")
    registered_on = models.DateField("登记日期")
    husband_age = models.PositiveSmallIntegerField("男方登记时年龄")
    wife_age = models.PositiveSmallIntegerField("女方登记时年龄")
    both_present = models.BooleanField("双方亲自到场（登记员确认）")
    declared_not_married = models.BooleanField("双方声明无配偶")
    declared_no_prohibited_relationship = models.BooleanField("双方声明无禁止结婚的亲属关系")
    prior_certificate_number = models.CharField("原结婚证字号", max_length=40, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.VALID)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="登记员"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "婚姻登记"
        ordering = ["-registered_on", "-id"]
        permissions = [
            ("view_marriage_records", "可查看婚姻登记档案（每次查看均记录）"),
            ("register_marriages", "可办理结婚、离婚登记和补领"),
            ("view_marriage_statistics", "可查看婚姻登记统计（仅汇总数）"),
        ]
        indexes = [models.Index(fields=["region_code", "registered_on"], name="marriage_region_day")]
        constraints = [
            models.CheckConstraint(name="marriage_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="marriage_two_people", condition=~Q(husband=F("wife"))),
            models.CheckConstraint(
                name="marriage_registered_attested",
                condition=Q(source="prior")
                | Q(both_present=True, declared_not_married=True, declared_no_prohibited_relationship=True),
            ),
            models.CheckConstraint(name="marriage_legal_ages", condition=Q(husband_age__gte=22, wife_age__gte=20)),
            models.CheckConstraint(
                name="marriage_ended_iff_not_valid",
                condition=Q(status="valid", ended_on__isnull=True) | (~Q(status="valid") & Q(ended_on__isnull=False)),
            ),
            models.CheckConstraint(name="marriage_status_known", condition=Q(status__in=["valid", "divorced", "widowed", "void", "annulled"])),
        ]

    def __str__(self) -> str:
        return f"{self.husband.name}与{self.wife.name}的婚姻（{self.registered_on}）"


class MaritalStatus(models.Model):
    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="marital_status", verbose_name="人员"
    )
    region_code = models.CharField("最近变更地区划", max_length=12, db_index=True)
    status = models.CharField("婚姻状况", max_length=12, choices=MaritalState.choices)
    spouse = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="配偶"
    )
    marriage = models.ForeignKey(
        Marriage, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="当前/最近婚姻"
    )
    since = models.DateField("自", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "婚姻状况"
        constraints = [
            models.CheckConstraint(name="marital_status_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="marital_status_known", condition=Q(status__in=MaritalState.values)),
            models.CheckConstraint(
                name="marital_status_spouse_iff_married",
                condition=Q(status="married", spouse__isnull=False) | (~Q(status="married") & Q(spouse__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class MaritalStatusChange(models.Model):
    class Cause(models.TextChoices):
        MARRIAGE = "marriage", "结婚登记"
        DIVORCE = "divorce", "离婚登记"
        SPOUSE_DIED = "spouse_died", "配偶死亡"
        DEATH_REVOKED = "death_revoked", "配偶死亡登记撤销"
        COURT = "court", "法院判决婚姻无效或撤销"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    before = models.CharField("变更前", max_length=12, choices=MaritalState.choices)
    after = models.CharField("变更后", max_length=12, choices=MaritalState.choices)
    changed_on = models.DateField("变更日期")
    cause = models.CharField("原因", max_length=16, choices=Cause.choices)
    marriage = models.ForeignKey(Marriage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "婚姻状况变更"
        ordering = ["person_id", "changed_on", "id"]
        indexes = [models.Index(fields=["person", "changed_on"], name="marital_change_person_day")]
        constraints = [models.CheckConstraint(name="marital_change_region_code_12_digits", condition=REGION_12)]

    def __str__(self) -> str:
        return f"{self.changed_on} {self.get_before_display()}→{self.get_after_display()}"


class CertificateKind(models.TextChoices):
    MARRIAGE = "J", "结婚证"
    DIVORCE = "L", "离婚证"
    MARRIAGE_REPLACEMENT = "BJ", "补领结婚证"
    DIVORCE_REPLACEMENT = "BL", "补领离婚证"


class CertificateCounter(models.Model):
    office = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField("所属区划", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("证件类别", max_length=2, choices=CertificateKind.choices)
    last = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "证件字号计数"
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "kind"], name="certificate_counter_once"),
            models.CheckConstraint(name="certificate_counter_region_code_12_digits", condition=REGION_12),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.last}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REPLACED = "replaced", "已补领换发"
        VOIDED = "voided", "已失效"

    number = models.CharField("字号", max_length=40, unique=True)
    kind = models.CharField("证件类别", max_length=2, choices=CertificateKind.choices)
    office = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name="发证机关")
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    issued_on = models.DateField("发证日期")
    marriage = models.ForeignKey(Marriage, on_delete=models.PROTECT, related_name="certificates", verbose_name="婚姻")
    divorce = models.ForeignKey(
        "marriage.DivorceApplication", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    holder = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="持证人"
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", verbose_name="补领前证件"
    )
    replace_reason = models.CharField("补领原因", max_length=200, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.VALID)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "婚姻登记证件"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "kind", "serial"], name="certificate_serial_once"),
            models.CheckConstraint(name="certificate_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="certificate_kind_known", condition=Q(kind__in=CertificateKind.values)),
            models.CheckConstraint(name="certificate_serial_positive", condition=Q(serial__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class DivorceApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "办理中"
        WITHDRAWN = "withdrawn", "已撤回"
        LAPSED = "lapsed", "逾期视为撤回"
        REGISTERED = "registered", "已登记离婚"
        CLOSED = "closed", "一方死亡终结"

    marriage = models.ForeignKey(Marriage, on_delete=models.PROTECT, related_name="divorces", verbose_name="婚姻")
    office = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name="受理机关")
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    applied_on = models.DateField("申请日期")
    agreement = models.TextField("离婚协议（内容或文件编号）")
    cooling_off_ends = models.DateField("冷静期届满日")
    appear_by = models.DateField("到场期限")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    withdrawn_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="撤回人"
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    both_present = models.BooleanField("发证时双方亲自到场", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="受理人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "协议离婚申请"
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["region_code", "applied_on"], name="divorce_region_day"),
            models.Index(fields=["status", "appear_by"], name="divorce_status_appear"),
        ]
        constraints = [
            models.CheckConstraint(name="divorce_region_code_12_digits", condition=REGION_12),
            models.UniqueConstraint(fields=["marriage"], condition=Q(status="pending"), name="divorce_one_pending"),
            models.CheckConstraint(name="divorce_status_known",
                                   condition=Q(status__in=["pending", "withdrawn", "lapsed", "registered", "closed"])),
            models.CheckConstraint(
                name="divorce_closed_iff_done",
                condition=Q(status="pending", closed_on__isnull=True) | (~Q(status="pending") & Q(closed_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="divorce_registered_in_window",
                condition=~Q(status="registered")
                | Q(closed_on__gt=F("cooling_off_ends"), closed_on__lte=F("appear_by"), both_present=True),
            ),
            models.CheckConstraint(name="divorce_agreement_given", condition=~Q(agreement="")),
        ]

    def __str__(self) -> str:
        return f"协议离婚申请（{self.applied_on}）"


class CourtMark(models.Model):
    class Kind(models.TextChoices):
        VOID = "void", "无效婚姻"
        ANNULLED = "annulled", "撤销婚姻"

    marriage = models.OneToOneField(Marriage, on_delete=models.PROTECT, related_name="court_mark", verbose_name="婚姻")
    region_code = models.CharField("所属区划", max_length=12, db_index=True)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    court = models.CharField("法院", max_length=100)
    judgment_number = models.CharField("判决文书号", max_length=100)
    effective_on = models.DateField("生效日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法院婚姻效力判决"
        constraints = [
            models.CheckConstraint(name="court_mark_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="court_mark_kind_known", condition=Q(kind__in=["void", "annulled"])),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.judgment_number}"
