"""The home services' supervision: its thresholds (with history) and its findings."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eldercare", "0005_caregivers_service_orders"),
        ("facilities", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SupervisionFinding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rule",
                    models.CharField(
                        choices=[
                            ("short_visit", "服务时长不足"),
                            ("far_check_in", "签到位置偏离老人住址"),
                            ("caregiver_overlap", "同一护理员服务时间重叠"),
                            ("after_death", "老人去世后仍有服务"),
                            ("duplicate_order", "重复派单"),
                        ],
                        max_length=20,
                        verbose_name="监管规则",
                    ),
                ),
                ("message", models.CharField(max_length=300, verbose_name="说明")),
                ("facts", models.JSONField(default=dict, verbose_name="事实")),
                ("region_code", models.CharField(max_length=12, verbose_name="区划代码")),
                ("period", models.DateField(verbose_name="所属月份")),
                ("created_at", models.DateTimeField(verbose_name="发现时间")),
                (
                    "order",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="findings",
                        to="eldercare.serviceorder",
                        verbose_name="工单",
                    ),
                ),
                (
                    "other_order",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="eldercare.serviceorder",
                        verbose_name="关联工单",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="facilities.facility",
                        verbose_name="服务机构",
                    ),
                ),
            ],
            options={
                "verbose_name": "居家服务监管发现",
                "verbose_name_plural": "居家服务监管发现",
                "ordering": ["-period", "provider_id", "order_id", "rule"],
                "indexes": [
                    models.Index(fields=["region_code", "period"], name="supervision_finding_region"),
                    models.Index(fields=["provider", "period"], name="supervision_finding_provider"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("order", "rule", "other_order"),
                        name="supervision_finding_one_per_order_rule_other",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("other_order__isnull", True)),
                        fields=("order", "rule"),
                        name="supervision_finding_one_per_order_rule",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "rule__in",
                                [
                                    "short_visit",
                                    "far_check_in",
                                    "caregiver_overlap",
                                    "after_death",
                                    "duplicate_order",
                                ],
                            )
                        ),
                        name="supervision_finding_rule_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("region_code__regex", "^\\d{12}$")),
                        name="supervision_finding_region_code_12_digits",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SupervisionThreshold",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        choices=[
                            ("short_visit", "最短服务时长（分钟）"),
                            ("far_check_in", "签到偏离距离（米）"),
                            ("on_time", "准时签到宽限（分钟）"),
                        ],
                        max_length=16,
                        verbose_name="阈值项",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("meal", "助餐"),
                            ("cleaning", "助洁"),
                            ("bathing", "助浴"),
                            ("medical", "助医"),
                            ("mobility", "助行"),
                            ("emergency", "助急"),
                        ],
                        max_length=12,
                        verbose_name="服务类别",
                    ),
                ),
                ("region_prefix", models.CharField(max_length=12, verbose_name="适用区划（代码前缀）")),
                ("effective_from", models.DateField(help_text="每月1日", verbose_name="起始月份")),
                ("value", models.PositiveIntegerField(verbose_name="阈值")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="依据")),
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
                "verbose_name": "居家服务监管阈值",
                "verbose_name_plural": "居家服务监管阈值",
                "ordering": ["region_prefix", "key", "kind", "-effective_from"],
                "permissions": [
                    ("manage_supervision_thresholds", "可维护居家服务监管阈值"),
                    ("run_home_service_supervision", "可查看并运行居家服务监管"),
                    ("serve_home_service_orders", "可接单签到签退居家养老服务"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("key", "kind", "region_prefix", "effective_from"),
                        name="supervision_threshold_one_per_key_region_month",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("key__in", ["short_visit", "far_check_in", "on_time"])),
                        name="supervision_threshold_key_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("key", "short_visit"),
                                (
                                    "kind__in",
                                    ["meal", "cleaning", "bathing", "medical", "mobility", "emergency"],
                                ),
                            ),
                            models.Q(models.Q(("key", "short_visit"), _negated=True), ("kind", "")),
                            _connector="OR",
                        ),
                        name="supervision_threshold_kind_for_short_visit",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("region_prefix__regex", "^\\d{2,12}$")),
                        name="supervision_threshold_region_prefix_digits",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SupervisionRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.DateField(help_text="每月1日", verbose_name="监管月份")),
                ("region_prefix", models.CharField(max_length=12, verbose_name="监管范围（区划代码前缀）")),
                ("region_code", models.CharField(max_length=12, verbose_name="区划代码")),
                ("orders", models.PositiveIntegerField(default=0, verbose_name="工单数")),
                ("findings", models.PositiveIntegerField(default=0, verbose_name="发现数")),
                ("counts", models.JSONField(default=dict, verbose_name="各规则发现数")),
                ("started_at", models.DateTimeField(verbose_name="开始时间")),
                ("finished_at", models.DateTimeField(verbose_name="完成时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发起人",
                    ),
                ),
            ],
            options={
                "verbose_name": "居家服务监管运行",
                "verbose_name_plural": "居家服务监管运行",
                "ordering": ["-started_at", "-id"],
                "indexes": [
                    models.Index(fields=["region_code", "period"], name="supervision_run_region_period")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("region_code__regex", "^\\d{12}$")),
                        name="supervision_run_region_code_12_digits",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("region_prefix__regex", "^\\d{2,12}$")),
                        name="supervision_run_region_prefix_digits",
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="serviceorder",
            index=models.Index(fields=["caregiver", "checked_in_at"], name="service_order_caregiver_in"),
        ),
    ]
