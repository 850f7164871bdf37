"""Home eldercare beds (家庭养老床位): the contract, its service plan and its devices."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eldercare", "0006_home_services"),
        ("facilities", "0001_initial"),
        ("people", "0002_move_in_request"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HomeBed",
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
                        help_text="老人居住地区划（签约时）", max_length=12, verbose_name="区划代码"
                    ),
                ),
                ("started_on", models.DateField(verbose_name="服务起始日期")),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="终止日期")),
                (
                    "status",
                    models.CharField(
                        choices=[("active", "服务中"), ("ended", "已终止")],
                        default="active",
                        max_length=8,
                        verbose_name="状态",
                    ),
                ),
                (
                    "eligibility",
                    models.CharField(
                        choices=[
                            ("fully_disabled", "失能（重度失能、完全失能）"),
                            ("partly_disabled", "半失能（轻度失能、中度失能）"),
                            ("low_income", "经济困难（低保、低边、特困）"),
                        ],
                        max_length=16,
                        verbose_name="签约依据",
                    ),
                ),
                (
                    "ability_level",
                    models.CharField(
                        blank=True,
                        help_text="起始日期时最近一次有效评估的等级；无评估为空",
                        max_length=16,
                        verbose_name="能力等级",
                    ),
                ),
                (
                    "end_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("died", "老人去世"),
                            ("care_home", "入住养老机构"),
                            ("withdrawn", "老人或家属申请解约"),
                            ("moved", "迁出服务区域"),
                            ("ineligible", "不再符合条件"),
                            ("provider", "更换服务机构"),
                            ("other", "其他"),
                        ],
                        max_length=12,
                        verbose_name="终止原因",
                    ),
                ),
                ("end_note", models.CharField(blank=True, max_length=200, verbose_name="终止说明")),
                ("signed_at", models.DateTimeField(verbose_name="签约时间")),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="终止经办人",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="home_beds",
                        to="people.person",
                        verbose_name="老年人",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="home_beds",
                        to="facilities.facility",
                        verbose_name="服务机构",
                    ),
                ),
                (
                    "signed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="签约经办人",
                    ),
                ),
            ],
            options={
                "verbose_name": "家庭养老床位",
                "verbose_name_plural": "家庭养老床位",
                "ordering": ["-started_on", "-id"],
                "permissions": [("manage_home_beds", "可签约、终止家庭养老床位，登记设备，查看服务达标情况")],
            },
        ),
        migrations.CreateModel(
            name="HomeBedDevice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("fall_alarm", "跌倒报警器"),
                            ("smoke", "烟雾报警器"),
                            ("gas", "燃气泄漏报警器"),
                            ("emergency_button", "紧急呼叫按钮"),
                            ("bed_sensor", "离床感应垫"),
                            ("door_sensor", "门磁感应器"),
                            ("water", "水浸报警器"),
                            ("watch", "智能手环（定位、心率）"),
                            ("other", "其他"),
                        ],
                        max_length=20,
                        verbose_name="设备类型",
                    ),
                ),
                ("serial", models.CharField(max_length=40, verbose_name="设备序列号")),
                ("installed_on", models.DateField(verbose_name="安装日期")),
                ("removed_on", models.DateField(blank=True, null=True, verbose_name="拆除日期")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                (
                    "home_bed",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="devices",
                        to="eldercare.homebed",
                        verbose_name="家庭养老床位",
                    ),
                ),
                (
                    "installed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
            ],
            options={
                "verbose_name": "家庭养老床位设备",
                "verbose_name_plural": "家庭养老床位设备",
                "ordering": ["home_bed_id", "kind", "id"],
            },
        ),
        migrations.CreateModel(
            name="HomeBedPlanItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
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
                ("visits_per_month", models.PositiveSmallIntegerField(verbose_name="每月服务次数")),
                (
                    "home_bed",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="plan_items",
                        to="eldercare.homebed",
                        verbose_name="家庭养老床位",
                    ),
                ),
            ],
            options={
                "verbose_name": "家庭养老床位服务计划",
                "verbose_name_plural": "家庭养老床位服务计划",
                "ordering": ["home_bed_id", "kind"],
            },
        ),
        migrations.AddIndex(
            model_name="homebed",
            index=models.Index(fields=["region_code", "started_on"], name="home_bed_region_started"),
        ),
        migrations.AddIndex(
            model_name="homebed",
            index=models.Index(fields=["provider", "started_on"], name="home_bed_provider_started"),
        ),
        migrations.AddConstraint(
            model_name="homebed",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_on__isnull", True)),
                fields=("person",),
                name="home_bed_one_open_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebed",
            constraint=models.CheckConstraint(
                condition=models.Q(("region_code__regex", "^\\d{12}$")), name="home_bed_region_code_12_digits"
            ),
        ),
        migrations.AddConstraint(
            model_name="homebed",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["active", "ended"])), name="home_bed_status_known"
            ),
        ),
        migrations.AddConstraint(
            model_name="homebed",
            constraint=models.CheckConstraint(
                condition=models.Q(("eligibility__in", ["fully_disabled", "partly_disabled", "low_income"])),
                name="home_bed_eligibility_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebed",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "end_reason__in",
                        ["", "died", "care_home", "withdrawn", "moved", "ineligible", "provider", "other"],
                    )
                ),
                name="home_bed_end_reason_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebed",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("end_reason", ""), ("ended_on__isnull", True), ("status", "active")),
                    models.Q(
                        ("ended_on__isnull", False),
                        ("status", "ended"),
                        models.Q(("end_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="home_bed_ended_consistent",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebed",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ended_on__isnull", True), ("ended_on__gte", models.F("started_on")), _connector="OR"
                ),
                name="home_bed_end_not_before_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebeddevice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("removed_on__isnull", True)),
                fields=("kind", "serial"),
                name="home_bed_device_serial_in_use",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebeddevice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "fall_alarm",
                            "smoke",
                            "gas",
                            "emergency_button",
                            "bed_sensor",
                            "door_sensor",
                            "water",
                            "watch",
                            "other",
                        ],
                    )
                ),
                name="home_bed_device_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebeddevice",
            constraint=models.CheckConstraint(
                condition=models.Q(("serial", ""), _negated=True), name="home_bed_device_serial_given"
            ),
        ),
        migrations.AddConstraint(
            model_name="homebeddevice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("removed_on__isnull", True),
                    ("removed_on__gte", models.F("installed_on")),
                    _connector="OR",
                ),
                name="home_bed_device_removed_after_install",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebedplanitem",
            constraint=models.UniqueConstraint(
                fields=("home_bed", "kind"), name="home_bed_plan_one_per_kind"
            ),
        ),
        migrations.AddConstraint(
            model_name="homebedplanitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["meal", "cleaning", "bathing", "medical", "mobility", "emergency"])
                ),
                name="home_bed_plan_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="homebedplanitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("visits_per_month__gte", 1), ("visits_per_month__lte", 62)),
                name="home_bed_plan_visits_1_to_max",
            ),
        ),
    ]
