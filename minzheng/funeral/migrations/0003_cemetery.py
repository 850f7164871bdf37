# The smart cemetery: plots and niches, sales, interments, use periods, renewal reminders, eco burials
# and the eco conversion projects of old cemeteries (generated, then trimmed to these models).
from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funeral", "0002_services"),
        ("facilities", "0002_school_kind"),
        ("people", "0003_death_effect"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Plot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, help_text='公墓所在区划', max_length=12, verbose_name='区划代码')),
                ('section', models.CharField(max_length=20, verbose_name='墓区')),
                ('row', models.PositiveSmallIntegerField(verbose_name='排')),
                ('number', models.PositiveSmallIntegerField(verbose_name='号')),
                ('kind', models.CharField(choices=[('ash_single', '骨灰单穴'), ('ash_double', '骨灰双穴'), ('body_single', '遗体单穴'), ('body_double', '遗体双穴'), ('niche', '骨灰格位')], max_length=16, verbose_name='类型')),
                ('area', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='占地面积（平方米）')),
                ('code', models.CharField(max_length=64, unique=True, verbose_name='墓穴码')),
                ('status', models.CharField(choices=[('available', '可售'), ('reserved', '已预订'), ('sold', '已售')], default='available', max_length=16, verbose_name='状态')),
                ('reserved_until', models.DateField(blank=True, null=True, verbose_name='预订保留至')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('facility', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plots', to='facilities.facility', verbose_name='公墓或骨灰堂')),
                ('reserved_for', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='预订人')),
            ],
            options={
                'verbose_name': '墓穴（格位）',
                'verbose_name_plural': '墓穴（格位）',
                'ordering': ['facility_id', 'section', 'row', 'number'],
                'permissions': [('manage_cemetery', '可管理公墓墓穴、销售、续期、生态安葬与生态化改造')],
            },
        ),
        migrations.CreateModel(
            name='Interment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='区划代码')),
                ('interred_on', models.DateField(verbose_name='安葬日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='逝者')),
                ('plot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='interments', to='funeral.plot', verbose_name='墓穴')),
            ],
            options={
                'verbose_name': '安葬',
                'verbose_name_plural': '安葬',
                'ordering': ['interred_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlotSale',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='区划代码')),
                ('sold_on', models.DateField(verbose_name='购买日期')),
                ('price', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='价格（元）')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('holder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='使用权人')),
                ('plot', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='sale', to='funeral.plot', verbose_name='墓穴')),
            ],
            options={
                'verbose_name': '墓穴销售',
                'verbose_name_plural': '墓穴销售',
                'ordering': ['-sold_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='UsePeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='区划代码')),
                ('cycle', models.PositiveSmallIntegerField(verbose_name='周期')),
                ('starts_on', models.DateField(verbose_name='起始日')),
                ('ends_on', models.DateField(db_index=True, verbose_name='到期日')),
                ('renewed', models.BooleanField(default=False, verbose_name='已续期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='use_periods', to='funeral.plot', verbose_name='墓穴')),
            ],
            options={
                'verbose_name': '墓穴使用期',
                'verbose_name_plural': '墓穴使用期',
                'ordering': ['plot_id', 'cycle'],
            },
        ),
        migrations.CreateModel(
            name='RenewalReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='区划代码')),
                ('due_on', models.DateField(verbose_name='到期日')),
                ('recorded_on', models.DateField(verbose_name='提醒日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('use_period', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='reminder', to='funeral.useperiod', verbose_name='使用期')),
            ],
            options={
                'verbose_name': '续期提醒',
                'verbose_name_plural': '续期提醒',
                'ordering': ['due_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ConversionProject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='区划代码')),
                ('plan', models.CharField(max_length=300, verbose_name='改造方案')),
                ('status', models.CharField(choices=[('planned', '计划中'), ('underway', '实施中'), ('completed', '已完成')], default='planned', max_length=16, verbose_name='状态')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='开工日期')),
                ('completed_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='完工日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('facility', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conversions', to='facilities.facility', verbose_name='公墓')),
            ],
            options={
                'verbose_name': '公墓生态化改造项目',
                'verbose_name_plural': '公墓生态化改造项目',
                'ordering': ['-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='conversion_region_code_12_digits'), models.CheckConstraint(condition=models.Q(('status__in', ['planned', 'underway', 'completed'])), name='conversion_status_known'), models.CheckConstraint(condition=models.Q(('plan', ''), _negated=True), name='conversion_plan_given'), models.CheckConstraint(condition=models.Q(models.Q(('completed_on__isnull', True), ('started_on__isnull', True), ('status', 'planned')), models.Q(('completed_on__isnull', True), ('started_on__isnull', False), ('status', 'underway')), models.Q(('completed_on__gte', models.F('started_on')), ('started_on__isnull', False), ('status', 'completed')), _connector='OR'), name='conversion_dates_follow_status')],
            },
        ),
        migrations.CreateModel(
            name='EcoBurial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('tree', '树葬'), ('flower', '花葬'), ('lawn', '草坪葬'), ('sea', '海葬'), ('land_scattering', '撒散'), ('niche', '壁葬或塔葬'), ('deep', '深埋不留坟头')], max_length=20, verbose_name='安葬方式')),
                ('buried_on', models.DateField(db_index=True, verbose_name='安葬日期')),
                ('place', models.CharField(max_length=100, verbose_name='安葬地点')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='区划代码')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('facility', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='eco_burials', to='facilities.facility', verbose_name='公墓或骨灰堂')),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='逝者')),
            ],
            options={
                'verbose_name': '节地生态安葬',
                'verbose_name_plural': '节地生态安葬',
                'ordering': ['-buried_on', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='eco_burial_region_code_12_digits'), models.CheckConstraint(condition=models.Q(('kind__in', ['tree', 'flower', 'lawn', 'sea', 'land_scattering', 'niche', 'deep'])), name='eco_burial_kind_known'), models.CheckConstraint(condition=models.Q(('place', ''), _negated=True), name='eco_burial_place_given')],
            },
        ),
        migrations.AddIndex(
            model_name='plot',
            index=models.Index(fields=['region_code', 'status'], name='funeral_plo_region__696754_idx'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.UniqueConstraint(fields=('facility', 'section', 'row', 'number'), name='plot_one_per_place'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='plot_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['ash_single', 'ash_double', 'body_single', 'body_double', 'niche'])), name='plot_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['available', 'reserved', 'sold'])), name='plot_status_known'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^[A-Za-z0-9_-]{16,64}$')), name='plot_code_shape'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('section', ''), _negated=True), name='plot_section_given'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1), ('row__gte', 1)), name='plot_row_and_number_positive'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('area__isnull', True), ('area__gt', 0), _connector='OR'), name='plot_area_positive'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'niche'), ('area__isnull', False), _connector='OR'), name='plot_grave_area_given'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'niche'), models.Q(('area__lte', Decimal('0.70')), ('kind', 'ash_single')), models.Q(('area__lte', Decimal('1.00')), ('kind', 'ash_double')), models.Q(('area__lte', Decimal('4.00')), ('kind', 'body_single')), models.Q(('area__lte', Decimal('6.00')), ('kind', 'body_double')), _connector='OR'), name='plot_area_within_limit'),
        ),
        migrations.AddConstraint(
            model_name='plot',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('reserved_for__isnull', False), ('reserved_until__isnull', False), ('status', 'reserved')), models.Q(models.Q(('status', 'reserved'), _negated=True), ('reserved_for__isnull', True), ('reserved_until__isnull', True)), _connector='OR'), name='plot_reservation_iff_reserved'),
        ),
        migrations.AddConstraint(
            model_name='interment',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='interment_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='plotsale',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='plot_sale_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='plotsale',
            constraint=models.CheckConstraint(condition=models.Q(('price__gte', 0)), name='plot_sale_price_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='useperiod',
            constraint=models.UniqueConstraint(fields=('plot', 'cycle'), name='use_period_one_per_cycle'),
        ),
        migrations.AddConstraint(
            model_name='useperiod',
            constraint=models.UniqueConstraint(condition=models.Q(('renewed', False)), fields=('plot',), name='use_period_one_current'),
        ),
        migrations.AddConstraint(
            model_name='useperiod',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='use_period_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='useperiod',
            constraint=models.CheckConstraint(condition=models.Q(('cycle__gte', 1)), name='use_period_cycle_positive'),
        ),
        migrations.AddConstraint(
            model_name='useperiod',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gt', models.F('starts_on'))), name='use_period_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='renewalreminder',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='renewal_reminder_region_code_12_digits'),
        ),
    ]
