# Marriage registrations, statuses, certificates, divorces and court marks (marriage_reg).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("people", "0003_death_effect"),
        ("core", "0007_access_log_lookup_kind"),
        ("facilities", "0002_school_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Marriage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('source', models.CharField(choices=[('registered', '本系统登记'), ('prior', '系统启用前登记')], default='registered', max_length=12, verbose_name='来源')),
                ('registered_on', models.DateField(verbose_name='登记日期')),
                ('husband_age', models.PositiveSmallIntegerField(verbose_name='男方登记时年龄')),
                ('wife_age', models.PositiveSmallIntegerField(verbose_name='女方登记时年龄')),
                ('both_present', models.BooleanField(verbose_name='双方亲自到场（登记员确认）')),
                ('declared_not_married', models.BooleanField(verbose_name='双方声明无配偶')),
                ('declared_no_prohibited_relationship', models.BooleanField(verbose_name='双方声明无禁止结婚的亲属关系')),
                ('prior_certificate_number', models.CharField(blank=True, max_length=40, verbose_name='原结婚证字号')),
                ('status', models.CharField(choices=[('valid', '有效'), ('divorced', '已离婚'), ('widowed', '一方死亡'), ('void', '无效婚姻'), ('annulled', '被撤销婚姻')], default='valid', max_length=12, verbose_name='状态')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='终止日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记员')),
                ('husband', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='男方')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facilities.facility', verbose_name='登记机关')),
                ('wife', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='女方')),
            ],
            options={
                'verbose_name': '婚姻登记',
                'verbose_name_plural': '婚姻登记',
                'ordering': ['-registered_on', '-id'],
                'permissions': [('view_marriage_records', '可查看婚姻登记档案（每次查看均记录）'), ('register_marriages', '可办理结婚、离婚登记和补领'), ('view_marriage_statistics', '可查看婚姻登记统计（仅汇总数）')],
            },
        ),
        migrations.CreateModel(
            name='MaritalStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('before', models.CharField(choices=[('unmarried', '未婚'), ('married', '已婚'), ('divorced', '离婚'), ('widowed', '丧偶')], max_length=12, verbose_name='变更前')),
                ('after', models.CharField(choices=[('unmarried', '未婚'), ('married', '已婚'), ('divorced', '离婚'), ('widowed', '丧偶')], max_length=12, verbose_name='变更后')),
                ('changed_on', models.DateField(verbose_name='变更日期')),
                ('cause', models.CharField(choices=[('marriage', '结婚登记'), ('divorce', '离婚登记'), ('spouse_died', '配偶死亡'), ('death_revoked', '配偶死亡登记撤销'), ('court', '法院判决婚姻无效或撤销')], max_length=16, verbose_name='原因')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='人员')),
                ('marriage', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='marriage.marriage')),
            ],
            options={
                'verbose_name': '婚姻状况变更',
                'verbose_name_plural': '婚姻状况变更',
                'ordering': ['person_id', 'changed_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MaritalStatus',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='最近变更地区划')),
                ('status', models.CharField(choices=[('unmarried', '未婚'), ('married', '已婚'), ('divorced', '离婚'), ('widowed', '丧偶')], max_length=12, verbose_name='婚姻状况')),
                ('since', models.DateField(blank=True, null=True, verbose_name='自')),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='marital_status', to='people.person', verbose_name='人员')),
                ('spouse', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='配偶')),
                ('marriage', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='marriage.marriage', verbose_name='当前/最近婚姻')),
            ],
            options={
                'verbose_name': '婚姻状况',
                'verbose_name_plural': '婚姻状况',
            },
        ),
        migrations.CreateModel(
            name='DivorceApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('applied_on', models.DateField(verbose_name='申请日期')),
                ('agreement', models.TextField(verbose_name='离婚协议（内容或文件编号）')),
                ('cooling_off_ends', models.DateField(verbose_name='冷静期届满日')),
                ('appear_by', models.DateField(verbose_name='到场期限')),
                ('status', models.CharField(choices=[('pending', '办理中'), ('withdrawn', '已撤回'), ('lapsed', '逾期视为撤回'), ('registered', '已登记离婚'), ('closed', '一方死亡终结')], default='pending', max_length=12, verbose_name='状态')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='办结日期')),
                ('both_present', models.BooleanField(default=False, verbose_name='发证时双方亲自到场')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='受理人')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facilities.facility', verbose_name='受理机关')),
                ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='撤回人')),
                ('marriage', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='divorces', to='marriage.marriage', verbose_name='婚姻')),
            ],
            options={
                'verbose_name': '协议离婚申请',
                'verbose_name_plural': '协议离婚申请',
                'ordering': ['-applied_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='CourtMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('kind', models.CharField(choices=[('void', '无效婚姻'), ('annulled', '撤销婚姻')], max_length=12, verbose_name='类型')),
                ('court', models.CharField(max_length=100, verbose_name='法院')),
                ('judgment_number', models.CharField(max_length=100, verbose_name='判决文书号')),
                ('effective_on', models.DateField(verbose_name='生效日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录入人')),
                ('marriage', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='court_mark', to='marriage.marriage', verbose_name='婚姻')),
            ],
            options={
                'verbose_name': '法院婚姻效力判决',
                'verbose_name_plural': '法院婚姻效力判决',
            },
        ),
        migrations.CreateModel(
            name='Certificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=40, unique=True, verbose_name='字号')),
                ('kind', models.CharField(choices=[('J', '结婚证'), ('L', '离婚证'), ('BJ', '补领结婚证'), ('BL', '补领离婚证')], max_length=2, verbose_name='证件类别')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('serial', models.PositiveIntegerField(verbose_name='序号')),
                ('issued_on', models.DateField(verbose_name='发证日期')),
                ('replace_reason', models.CharField(blank=True, max_length=200, verbose_name='补领原因')),
                ('status', models.CharField(choices=[('valid', '有效'), ('replaced', '已补领换发'), ('voided', '已失效')], default='valid', max_length=12, verbose_name='状态')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ('holder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='持证人')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facilities.facility', verbose_name='发证机关')),
                ('replaces', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='marriage.certificate', verbose_name='补领前证件')),
                ('divorce', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='marriage.divorceapplication')),
                ('marriage', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='marriage.marriage', verbose_name='婚姻')),
            ],
            options={
                'verbose_name': '婚姻登记证件',
                'verbose_name_plural': '婚姻登记证件',
                'ordering': ['-issued_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='CertificateCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(max_length=12, verbose_name='所属区划')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('kind', models.CharField(choices=[('J', '结婚证'), ('L', '离婚证'), ('BJ', '补领结婚证'), ('BL', '补领离婚证')], max_length=2, verbose_name='证件类别')),
                ('last', models.PositiveIntegerField(default=0, verbose_name='已用到的序号')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facilities.facility')),
            ],
            options={
                'verbose_name': '证件字号计数',
                'verbose_name_plural': '证件字号计数',
                'constraints': [models.UniqueConstraint(fields=('office', 'year', 'kind'), name='certificate_counter_once'), models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='certificate_counter_region_code_12_digits')],
            },
        ),
        migrations.AddIndex(
            model_name='marriage',
            index=models.Index(fields=['region_code', 'registered_on'], name='marriage_region_day'),
        ),
        migrations.AddConstraint(
            model_name='marriage',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marriage_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='marriage',
            constraint=models.CheckConstraint(condition=models.Q(('husband', models.F('wife')), _negated=True), name='marriage_two_people'),
        ),
        migrations.AddConstraint(
            model_name='marriage',
            constraint=models.CheckConstraint(condition=models.Q(('source', 'prior'), models.Q(('both_present', True), ('declared_no_prohibited_relationship', True), ('declared_not_married', True)), _connector='OR'), name='marriage_registered_attested'),
        ),
        migrations.AddConstraint(
            model_name='marriage',
            constraint=models.CheckConstraint(condition=models.Q(('husband_age__gte', 22), ('wife_age__gte', 20)), name='marriage_legal_ages'),
        ),
        migrations.AddConstraint(
            model_name='marriage',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('ended_on__isnull', True), ('status', 'valid')), models.Q(models.Q(('status', 'valid'), _negated=True), ('ended_on__isnull', False)), _connector='OR'), name='marriage_ended_iff_not_valid'),
        ),
        migrations.AddConstraint(
            model_name='marriage',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['valid', 'divorced', 'widowed', 'void', 'annulled'])), name='marriage_status_known'),
        ),
        migrations.AddIndex(
            model_name='maritalstatuschange',
            index=models.Index(fields=['person', 'changed_on'], name='marital_change_person_day'),
        ),
        migrations.AddConstraint(
            model_name='maritalstatuschange',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marital_change_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='maritalstatus',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marital_status_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='maritalstatus',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['unmarried', 'married', 'divorced', 'widowed'])), name='marital_status_known'),
        ),
        migrations.AddConstraint(
            model_name='maritalstatus',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('spouse__isnull', False), ('status', 'married')), models.Q(models.Q(('status', 'married'), _negated=True), ('spouse__isnull', True)), _connector='OR'), name='marital_status_spouse_iff_married'),
        ),
        migrations.AddIndex(
            model_name='divorceapplication',
            index=models.Index(fields=['region_code', 'applied_on'], name='divorce_region_day'),
        ),
        migrations.AddIndex(
            model_name='divorceapplication',
            index=models.Index(fields=['status', 'appear_by'], name='divorce_status_appear'),
        ),
        migrations.AddConstraint(
            model_name='divorceapplication',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='divorce_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='divorceapplication',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('marriage',), name='divorce_one_pending'),
        ),
        migrations.AddConstraint(
            model_name='divorceapplication',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'withdrawn', 'lapsed', 'registered', 'closed'])), name='divorce_status_known'),
        ),
        migrations.AddConstraint(
            model_name='divorceapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('closed_on__isnull', True), ('status', 'pending')), models.Q(models.Q(('status', 'pending'), _negated=True), ('closed_on__isnull', False)), _connector='OR'), name='divorce_closed_iff_done'),
        ),
        migrations.AddConstraint(
            model_name='divorceapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'registered'), _negated=True), models.Q(('both_present', True), ('closed_on__gt', models.F('cooling_off_ends')), ('closed_on__lte', models.F('appear_by'))), _connector='OR'), name='divorce_registered_in_window'),
        ),
        migrations.AddConstraint(
            model_name='divorceapplication',
            constraint=models.CheckConstraint(condition=models.Q(('agreement', ''), _negated=True), name='divorce_agreement_given'),
        ),
        migrations.AddConstraint(
            model_name='courtmark',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='court_mark_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='courtmark',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['void', 'annulled'])), name='court_mark_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.UniqueConstraint(fields=('office', 'year', 'kind', 'serial'), name='certificate_serial_once'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='certificate_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['J', 'L', 'BJ', 'BL'])), name='certificate_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.CheckConstraint(condition=models.Q(('serial__gte', 1)), name='certificate_serial_positive'),
        ),
    ]
