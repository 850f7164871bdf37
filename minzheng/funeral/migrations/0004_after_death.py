"""The after-death one thing (funeral.after_death): the notification items (data: DOMAIN.md's list,
this system's default) and each death's checklist."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# DOMAIN.md "After-death one thing": the departments a registered death must reach. Huzhou's local
# standard (DB3305/T 113—2019) is not confirmed, so these are the default, kept as data.
ITEMS = [
    ("household_registration", "户籍注销", "公安派出所", 10),
    ("pension", "停发养老金，个人账户余额结算", "人力社保部门", 20),
    ("medical_insurance", "医保停保，个人账户余额支取", "医疗保障部门", 30),
    ("housing_fund", "住房公积金提取或转移", "住房公积金管理中心", 40),
    ("driving_licence", "机动车驾驶证注销", "公安交通管理部门", 50),
    ("survivor_benefits", "遗属待遇（抚恤金）申领", "人力社保部门", 60),
    ("funeral_grant", "丧葬补助金申领", "人力社保部门", 70),
]


def seed(apps, schema_editor):
    item = apps.get_model("funeral", "NotificationItem")
    for code, name, department, order in ITEMS:
        item.objects.update_or_create(code=code, defaults={"name": name, "department": department, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("funeral", "NotificationItem").objects.filter(code__in=[i[0] for i in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funeral", "0003_cemetery"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NotificationItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=32, unique=True, verbose_name='代码')),
                ('name', models.CharField(max_length=60, verbose_name='事项')),
                ('department', models.CharField(max_length=60, verbose_name='承办部门')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='顺序')),
                ('active', models.BooleanField(default=True, verbose_name='启用')),
            ],
            options={
                'verbose_name': '身后事项通知清单',
                'verbose_name_plural': '身后事项通知清单',
                'ordering': ['order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ChecklistItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='区划代码')),
                ('status', models.CharField(choices=[('pending', '待通知'), ('notified', '已通知'), ('done', '已办结'), ('not_applicable', '不适用')], default='pending', max_length=16, verbose_name='状态')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('updated_at', models.DateTimeField(blank=True, null=True, verbose_name='更新时间')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='经办人')),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checklist', to='funeral.deathregistration', verbose_name='死亡登记')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='funeral.notificationitem', verbose_name='事项')),
            ],
            options={
                'verbose_name': '身后事项通知',
                'verbose_name_plural': '身后事项通知',
                'ordering': ['registration', 'item__order', 'id'],
                'permissions': [('manage_after_death', '可更新身后一件事的通知清单')],
            },
        ),
        migrations.AddConstraint(
            model_name='checklistitem',
            constraint=models.UniqueConstraint(fields=('registration', 'item'), name='checklist_item_once_per_death'),
        ),
        migrations.AddConstraint(
            model_name='checklistitem',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='checklist_item_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='checklistitem',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'notified', 'done', 'not_applicable'])), name='checklist_item_status_known'),
        ),
        migrations.RunPython(seed, unseed),
    ]
