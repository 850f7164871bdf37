"""Death registration (funeral.deaths)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("people", "0003_death_effect"),
        ("facilities", "0002_school_kind"),
        ("core", "0007_access_log_lookup_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DeathRegistration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, help_text='死者户籍地区划', max_length=12, verbose_name='区划代码')),
                ('source', models.CharField(choices=[('hospital', '医院（死亡医学证明）'), ('police', '公安（非正常死亡）'), ('home', '居家（村社证明）')], max_length=12, verbose_name='信息来源')),
                ('cause', models.CharField(choices=[('disease', '疾病'), ('injury', '意外伤害'), ('old_age', '衰老（自然死亡）'), ('unnatural', '非正常死亡（公安认定）'), ('unknown', '不明')], max_length=12, verbose_name='死亡原因类别')),
                ('death_date', models.DateField(verbose_name='死亡日期')),
                ('death_place', models.CharField(max_length=200, verbose_name='死亡地点')),
                ('informant_name', models.CharField(max_length=50, verbose_name='报告人姓名')),
                ('informant_relation', models.CharField(max_length=20, verbose_name='与死者关系')),
                ('informant_phone_masked', models.CharField(blank=True, max_length=11, verbose_name='报告人手机号')),
                ('status', models.CharField(choices=[('registered', '已登记'), ('revoked', '已撤销（登记有误）')], default='registered', max_length=12, verbose_name='状态')),
                ('family_code_digest', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='家属查询码索引')),
                ('registered_at', models.DateTimeField(verbose_name='登记时间')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='撤销时间')),
                ('revoke_reason', models.CharField(blank=True, max_length=200, verbose_name='撤销原因')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='death_registrations', to='people.person', verbose_name='死者')),
                ('registered_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='撤销人')),
            ],
            options={
                'verbose_name': '死亡登记',
                'verbose_name_plural': '死亡登记',
                'ordering': ['-death_date', '-id'],
                'permissions': [('register_death', '可登记死亡'), ('revoke_death', '可撤销误登记的死亡')],
            },
        ),
        migrations.AddIndex(
            model_name='deathregistration',
            index=models.Index(fields=['region_code', 'death_date'], name='death_reg_region_day'),
        ),
        migrations.AddConstraint(
            model_name='deathregistration',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'registered')), fields=('person',), name='death_registration_one_in_force'),
        ),
        migrations.AddConstraint(
            model_name='deathregistration',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='death_registration_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='deathregistration',
            constraint=models.CheckConstraint(condition=models.Q(('source__in', ['hospital', 'police', 'home'])), name='death_registration_source_known'),
        ),
        migrations.AddConstraint(
            model_name='deathregistration',
            constraint=models.CheckConstraint(condition=models.Q(('cause__in', ['disease', 'injury', 'old_age', 'unnatural', 'unknown'])), name='death_registration_cause_known'),
        ),
        migrations.AddConstraint(
            model_name='deathregistration',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('revoke_reason', ''), ('revoked_at__isnull', True), ('status', 'registered')), models.Q(('revoked_at__isnull', False), ('status', 'revoked'), models.Q(('revoke_reason', ''), _negated=True)), _connector='OR'), name='death_registration_revoked_consistent'),
        ),
    ]
