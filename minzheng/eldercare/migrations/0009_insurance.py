"""Accident insurance for elders (老年人意外险): policies and claims."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eldercare", "0008_caregiver_allowance"),
        ("people", "0002_move_in_request"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Policy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "region_code",
                    models.CharField(
                        help_text="投保时老人居住地区划", max_length=12, verbose_name="区划代码"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="保险年度")),
                ("insurer", models.CharField(max_length=60, verbose_name="承保公司")),
                ("premium", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="保费（元）")),
                ("created_at", models.DateTimeField(verbose_name="登记时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="insurance_policies",
                        to="people.person",
                        verbose_name="被保险老人",
                    ),
                ),
            ],
            options={
                "verbose_name": "老年人意外险保单",
                "verbose_name_plural": "老年人意外险保单",
                "ordering": ["-year", "region_code", "id"],
                "permissions": [
                    ("view_insurance", "可查看老年人意外险保单、理赔和赔付率"),
                    ("manage_insurance", "可登记老年人意外险保单和理赔"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Claim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "region_code",
                    models.CharField(help_text="保单的区划", max_length=12, verbose_name="区划代码"),
                ),
                ("year", models.PositiveSmallIntegerField(help_text="保单的年度", verbose_name="保险年度")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("medical", "意外医疗"),
                            ("rehab", "康复津贴"),
                            ("hospital", "住院津贴"),
                            ("disability", "意外伤残"),
                            ("death", "意外身故"),
                        ],
                        max_length=16,
                        verbose_name="理赔类型",
                    ),
                ),
                ("accident_on", models.DateField(verbose_name="出险日期")),
                ("claimed_on", models.DateField(verbose_name="报案日期")),
                (
                    "amount_claimed",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="申请金额（元）"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("claimed", "待理赔"), ("paid", "已赔付"), ("refused", "拒赔")],
                        default="claimed",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                (
                    "amount_paid",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="赔付金额（元）"
                    ),
                ),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="赔付日期")),
                ("refusal_reason", models.CharField(blank=True, max_length=200, verbose_name="拒赔原因")),
                ("created_at", models.DateTimeField(verbose_name="登记时间")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="结案登记时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="结案登记人",
                    ),
                ),
                (
                    "policy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="eldercare.policy",
                        verbose_name="保单",
                    ),
                ),
            ],
            options={
                "verbose_name": "老年人意外险理赔",
                "verbose_name_plural": "老年人意外险理赔",
                "ordering": ["-claimed_on", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="policy",
            index=models.Index(fields=["region_code", "year"], name="ins_policy_region_year"),
        ),
        migrations.AddConstraint(
            model_name="policy",
            constraint=models.UniqueConstraint(
                fields=("person", "year"), name="ins_policy_one_per_person_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="policy",
            constraint=models.CheckConstraint(
                condition=models.Q(("region_code__regex", "^\\d{12}$")),
                name="ins_policy_region_code_12_digits",
            ),
        ),
        migrations.AddConstraint(
            model_name="policy",
            constraint=models.CheckConstraint(
                condition=models.Q(("premium__gt", 0)), name="ins_policy_premium_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="policy",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__gte", 2000), ("year__lte", 2100)), name="ins_policy_year_range"
            ),
        ),
        migrations.AddConstraint(
            model_name="policy",
            constraint=models.CheckConstraint(
                condition=models.Q(("insurer", ""), _negated=True), name="ins_policy_insurer_given"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["region_code", "year"], name="ins_claim_region_year"),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("region_code__regex", "^\\d{12}$")),
                name="ins_claim_region_code_12_digits",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["medical", "rehab", "hospital", "disability", "death"])),
                name="ins_claim_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_claimed__gt", 0)), name="ins_claim_amount_claimed_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("claimed_on__gte", models.F("accident_on"))),
                name="ins_claim_claimed_after_accident",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("amount_paid__gt", 0),
                        ("amount_paid__lte", models.F("amount_claimed")),
                        ("paid_on__gte", models.F("claimed_on")),
                        ("refusal_reason", ""),
                        ("status", "paid"),
                    ),
                    models.Q(
                        ("amount_paid__isnull", True),
                        ("paid_on__isnull", True),
                        ("refusal_reason", ""),
                        ("status", "claimed"),
                    ),
                    models.Q(
                        ("amount_paid__isnull", True),
                        ("paid_on__isnull", True),
                        ("status", "refused"),
                        models.Q(("refusal_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="ins_claim_status_consistent",
            ),
        ),
    ]
