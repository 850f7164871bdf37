import datetime as dt
from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The services funeral homes render, in the order the case page lists them.
SERVICE_TYPES = [
    ("body_transport", "遗体接运"),
    ("body_storage", "遗体存放"),
    ("cremation", "遗体火化"),
    ("ash_storage", "骨灰寄存"),
    ("farewell", "守灵或告别厅"),
    ("urn", "骨灰盒"),
    ("body_washing", "遗体洗身穿衣"),
    ("body_cosmetic", "遗体整容"),
    ("eco_burial", "节地生态安葬"),
    ("other", "其他服务"),
]
# The default free list (DOMAIN.md "Funeral": the six items of Hangzhou's plan since 2023-08), for the
# whole city. The caps are this system's example (yuan): Huzhou's own list is not confirmed.
CITY = "330500000000"
DEFAULT_FROM = dt.date(2023, 8, 1)
DEFAULT_CAPS = {
    "body_transport": Decimal("200.00"),
    "body_storage": Decimal("150.00"),
    "cremation": Decimal("350.00"),
    "ash_storage": Decimal("100.00"),
    "farewell": Decimal("200.00"),
    "urn": Decimal("150.00"),
}


def seed(apps, schema_editor):
    ServiceType = apps.get_model("funeral", "ServiceType")
    WaiverItem = apps.get_model("funeral", "WaiverItem")
    for order, (code, name) in enumerate(SERVICE_TYPES, start=1):
        kind, _ = ServiceType.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        if code in DEFAULT_CAPS:
            WaiverItem.objects.get_or_create(
                service_type=kind,
                region_code=CITY,
                valid_from=DEFAULT_FROM,
                defaults={"cap": DEFAULT_CAPS[code], "note": "基本殡葬服务免费项目（6项）"},
            )


REGION_12 = models.Q(("region_code__regex", "^\\d{12}$"))


class Migration(migrations.Migration):
    dependencies = [
        ("funeral", "0001_deaths"),
        ("facilities", "0002_school_kind"),
        ("people", "0003_death_effect"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ServiceType",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=32, unique=True, verbose_name="代码")),
                ("name", models.CharField(max_length=40, unique=True, verbose_name="服务项目")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
            ],
            options={"verbose_name": "殡葬服务项目", "verbose_name_plural": "殡葬服务项目", "ordering": ["order", "id"]},
        ),
        migrations.CreateModel(
            name="FuneralCase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("region_code", models.CharField(max_length=12, verbose_name="所属区划")),
                ("received_on", models.DateField(verbose_name="受理日期")),
                ("hukou_province", models.CharField(help_text="身份证或户口簿上的省级代码，如 33 浙江", max_length=2, verbose_name="户籍省份")),
                ("waiver_eligible", models.BooleanField(default=False, verbose_name="享受基本殡葬服务减免")),
                ("family_contact", models.CharField(blank=True, max_length=50, verbose_name="家属联系人")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="录入时间")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="录入人")),
                ("home", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="funeral_cases", to="facilities.facility", verbose_name="殡仪馆")),
                ("person", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="funeral_case", to="people.person", verbose_name="逝者")),
            ],
            options={
                "verbose_name": "殡仪服务案件",
                "verbose_name_plural": "殡仪服务案件",
                "ordering": ["-received_on", "-id"],
                "permissions": [("manage_funeral_cases", "可受理殡仪服务案件、登记和作废服务项目")],
                "indexes": [
                    models.Index(fields=["region_code", "received_on"], name="funeral_case_region_day"),
                    models.Index(fields=["home", "received_on"], name="funeral_case_home_day"),
                ],
                "constraints": [
                    models.CheckConstraint(condition=REGION_12, name="funeral_case_region_code_12_digits"),
                    models.CheckConstraint(condition=models.Q(("hukou_province__regex", "^[1-9]\\d$")), name="funeral_case_hukou_province_2_digits"),
                ],
            },
        ),
        migrations.CreateModel(
            name="WaiverItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("region_code", models.CharField(db_index=True, max_length=12, verbose_name="适用区划")),
                ("cap", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="减免上限（元）")),
                ("valid_from", models.DateField(verbose_name="起始日期")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="截止日期")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="录入时间")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="录入人")),
                ("service_type", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="waiver_items", to="funeral.servicetype", verbose_name="服务项目")),
            ],
            options={
                "verbose_name": "基本殡葬服务减免目录",
                "verbose_name_plural": "基本殡葬服务减免目录",
                "ordering": ["region_code", "service_type__order", "-valid_from"],
                "permissions": [("manage_waiver_catalogue", "可维护基本殡葬服务减免目录（市级基本目录、区县+N）")],
                "constraints": [
                    models.CheckConstraint(condition=REGION_12, name="funeral_waiver_item_region_code_12_digits"),
                    models.CheckConstraint(condition=models.Q(("cap__gt", 0)), name="funeral_waiver_item_cap_positive"),
                    models.CheckConstraint(condition=models.Q(("valid_to__isnull", True), ("valid_to__gte", models.F("valid_from")), _connector="OR"), name="funeral_waiver_item_to_after_from"),
                    models.UniqueConstraint(fields=("region_code", "service_type", "valid_from"), name="funeral_waiver_item_once"),
                    models.UniqueConstraint(condition=models.Q(("valid_to__isnull", True)), fields=("region_code", "service_type"), name="funeral_waiver_item_one_open"),
                ],
            },
        ),
        migrations.CreateModel(
            name="FuneralService",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("region_code", models.CharField(max_length=12, verbose_name="所属区划")),
                ("performed_at", models.DateTimeField(verbose_name="服务时间")),
                ("fee", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="收费（元）")),
                ("waived", models.DecimalField(decimal_places=2, default=0, max_digits=10, verbose_name="减免（元）")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                ("voided_at", models.DateTimeField(blank=True, null=True, verbose_name="作废时间")),
                ("void_reason", models.CharField(blank=True, max_length=200, verbose_name="作废原因")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="录入时间")),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="services", to="funeral.funeralcase", verbose_name="案件")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="录入人")),
                ("facility", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="funeral_services", to="facilities.facility", verbose_name="服务场所")),
                ("voided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="作废人")),
                ("service_type", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="services", to="funeral.servicetype", verbose_name="服务项目")),
                ("waiver_item", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="services", to="funeral.waiveritem", verbose_name="减免目录项")),
            ],
            options={
                "verbose_name": "殡仪服务项目记录",
                "verbose_name_plural": "殡仪服务项目记录",
                "ordering": ["performed_at", "id"],
                "indexes": [models.Index(fields=["region_code", "performed_at"], name="funeral_service_region_time")],
                "constraints": [
                    models.CheckConstraint(condition=REGION_12, name="funeral_service_region_code_12_digits"),
                    models.CheckConstraint(condition=models.Q(("fee__gte", 0)), name="funeral_service_fee_not_negative"),
                    models.CheckConstraint(condition=models.Q(("waived__gte", 0), ("waived__lte", models.F("fee"))), name="funeral_service_waived_within_fee"),
                    models.CheckConstraint(condition=models.Q(("waived", 0), ("waiver_item__isnull", False), _connector="OR"), name="funeral_service_waived_needs_item"),
                    models.CheckConstraint(condition=models.Q(models.Q(("void_reason", ""), ("voided_at__isnull", True)), models.Q(("voided_at__isnull", False), models.Q(("void_reason", ""), _negated=True)), _connector="OR"), name="funeral_service_void_has_reason"),
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
