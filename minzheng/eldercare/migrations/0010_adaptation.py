"""Home adaptation (适老化改造 / 以旧换新): the catalogue, applications and their lines."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eldercare", "0009_insurance"),
        ("people", "0002_move_in_request"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AdaptationApplication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "region_code",
                    models.CharField(help_text="老人居住地区划", max_length=12, verbose_name="区划代码"),
                ),
                ("applied_on", models.DateField(verbose_name="申请日期")),
                (
                    "subsidy_rate",
                    models.DecimalField(
                        decimal_places=2, help_text="0 到 1，如 0.80", max_digits=4, verbose_name="补贴比例"
                    ),
                ),
                (
                    "total",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="改造费用合计（元）"),
                ),
                (
                    "subsidy",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="补贴金额（元）"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "待审核"),
                            ("approved", "已审核"),
                            ("refused", "不予补贴"),
                            ("paid", "补贴已发放"),
                        ],
                        default="submitted",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                ("created_at", models.DateTimeField(verbose_name="登记时间")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="审核时间")),
                ("refusal_reason", models.CharField(blank=True, max_length=200, verbose_name="不予补贴原因")),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="补贴发放日期")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="经办人",
                    ),
                ),
                (
                    "paid_by",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发放登记人",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="adaptation_applications",
                        to="people.person",
                        verbose_name="老年人",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="审核人",
                    ),
                ),
            ],
            options={
                "verbose_name": "适老化改造申请",
                "verbose_name_plural": "适老化改造申请",
                "ordering": ["-applied_on", "-id"],
                "permissions": [
                    ("view_adaptation", "可查看适老化改造申请和统计"),
                    ("manage_adaptation", "可登记适老化改造申请"),
                    ("approve_adaptation", "可审核适老化改造申请、登记补贴发放"),
                ],
            },
        ),
        migrations.CreateModel(
            name="AdaptationItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=20, unique=True, verbose_name="项目编码")),
                ("name", models.CharField(max_length=60, verbose_name="项目名称")),
                (
                    "category",
                    models.CharField(
                        choices=[("renovation", "适老化改造"), ("trade_in", "以旧换新")],
                        max_length=16,
                        verbose_name="类别",
                    ),
                ),
                ("unit", models.CharField(max_length=10, verbose_name="单位")),
                (
                    "price",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="目录价（元/单位）"),
                ),
                ("active", models.BooleanField(default=True, verbose_name="在用")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="录入时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="录入人",
                    ),
                ),
            ],
            options={
                "verbose_name": "适老化改造项目目录",
                "verbose_name_plural": "适老化改造项目目录",
                "ordering": ["category", "code"],
                "permissions": [("manage_adaptation_catalogue", "可维护适老化改造项目目录")],
            },
        ),
        migrations.CreateModel(
            name="AdaptationLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quantity", models.PositiveIntegerField(verbose_name="数量")),
                (
                    "unit_price",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="单价（元）"),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="金额（元）")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lines",
                        to="eldercare.adaptationapplication",
                        verbose_name="申请",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="eldercare.adaptationitem",
                        verbose_name="项目",
                    ),
                ),
            ],
            options={
                "verbose_name": "适老化改造申请明细",
                "verbose_name_plural": "适老化改造申请明细",
                "ordering": ["application_id", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="adaptationapplication",
            index=models.Index(fields=["region_code", "applied_on"], name="adaptation_app_region_applied"),
        ),
        migrations.AddIndex(
            model_name="adaptationapplication",
            index=models.Index(fields=["region_code", "paid_on"], name="adaptation_app_region_paid"),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("region_code__regex", "^\\d{12}$")),
                name="adaptation_app_region_code_12_digits",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["submitted", "approved", "refused", "paid"])),
                name="adaptation_app_status_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("subsidy_rate__gte", 0), ("subsidy_rate__lte", 1)),
                name="adaptation_app_rate_share",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("total__gt", 0)), name="adaptation_app_total_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("subsidy__gte", 0), ("subsidy__lte", models.F("total"))),
                name="adaptation_app_subsidy_within_total",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reviewed_by__isnull", True),
                    ("created_by__isnull", True),
                    models.Q(("reviewed_by", models.F("created_by")), _negated=True),
                    _connector="OR",
                ),
                name="adaptation_app_reviewed_by_other",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("paid_on__isnull", True),
                        ("refusal_reason", ""),
                        ("reviewed_at__isnull", True),
                        ("status", "submitted"),
                    ),
                    models.Q(
                        ("paid_on__isnull", True),
                        ("refusal_reason", ""),
                        ("reviewed_at__isnull", False),
                        ("status", "approved"),
                    ),
                    models.Q(
                        ("paid_on__isnull", False),
                        ("refusal_reason", ""),
                        ("reviewed_at__isnull", False),
                        ("status", "paid"),
                    ),
                    models.Q(
                        ("paid_on__isnull", True),
                        ("reviewed_at__isnull", False),
                        ("status", "refused"),
                        models.Q(("refusal_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="adaptation_app_status_consistent",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("paid_on__isnull", True), ("paid_on__gte", models.F("applied_on")), _connector="OR"
                ),
                name="adaptation_app_paid_after_applied",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("price__gt", 0)), name="adaptation_item_price_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("category__in", ["renovation", "trade_in"])),
                name="adaptation_item_category_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("code__regex", "^[A-Z0-9-]{2,20}$")), name="adaptation_item_code_shape"
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("name", ""), _negated=True), models.Q(("unit", ""), _negated=True)
                ),
                name="adaptation_item_name_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationline",
            constraint=models.UniqueConstraint(
                fields=("application", "item"), name="adaptation_line_one_per_item"
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationline",
            constraint=models.CheckConstraint(
                condition=models.Q(("quantity__gte", 1)), name="adaptation_line_quantity_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationline",
            constraint=models.CheckConstraint(
                condition=models.Q(("unit_price__gt", 0)), name="adaptation_line_unit_price_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="adaptationline",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0)), name="adaptation_line_amount_positive"
            ),
        ),
    ]
