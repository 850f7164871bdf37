# The social-organization part of civil_society (helper "orgs"): annual reports, activity signals,
# credit lists, cleanup cases, venture philanthropy, awards; Organization's foundation kind and permissions.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('civil_society', '0001_initial'),
        ('people', '0002_move_in_request'),
        ('places', '0006_address_road_without_own_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivitySignal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('kind', models.CharField(choices=[('event', '开展活动'), ('filing', '报备事项'), ('letter', '挂号信（住所）'), ('call', '联系法定代表人')], max_length=8, verbose_name='类别')),
                ('occurred_on', models.DateField(verbose_name='日期')),
                ('within_scope', models.BooleanField(default=True, verbose_name='属章程业务范围内')),
                ('outcome', models.CharField(blank=True, choices=[('signed', '已签收'), ('unsigned', '未签收'), ('returned', '退回'), ('reached', '联系上'), ('unreached', '联系不上')], default='', max_length=10, verbose_name='结果')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
            ],
            options={
                'verbose_name': '社会组织活动记录',
                'verbose_name_plural': '社会组织活动记录',
                'ordering': ['-occurred_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='AnnualReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('year', models.PositiveSmallIntegerField(verbose_name='报告年度')),
                ('due_on', models.DateField(verbose_name='报送截止日期')),
                ('supervisor_submitted_on', models.DateField(blank=True, null=True, verbose_name='报业务主管单位日期')),
                ('submitted_on', models.DateField(verbose_name='报登记管理机关日期')),
                ('late', models.BooleanField(default=False, verbose_name='逾期报送')),
                ('result', models.CharField(blank=True, choices=[('qualified', '合格'), ('basic', '基本合格'), ('unqualified', '不合格')], default='', max_length=16, verbose_name='年检结论')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
            ],
            options={
                'verbose_name': '社会组织年度报告',
                'verbose_name_plural': '社会组织年度报告',
                'ordering': ['-year', 'region_code', 'id'],
            },
        ),
        migrations.CreateModel(
            name='CleanupCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('state', models.CharField(choices=[('filed', '已立案'), ('noticed', '已事先告知'), ('decided', '已决定')], default='filed', max_length=8, verbose_name='状态')),
                ('reasons', models.TextField(verbose_name='立案事由')),
                ('filed_on', models.DateField(verbose_name='立案日期')),
                ('noticed_on', models.DateField(blank=True, null=True, verbose_name='告知公告日期')),
                ('notice_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='告知期（天）')),
                ('decision', models.CharField(blank=True, choices=[('revoke', '撤销登记'), ('withdraw', '吊销登记证书'), ('deregister', '注销登记'), ('rectify', '限期整改')], default='', max_length=10, verbose_name='处理决定')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='决定日期')),
                ('rectify_by', models.DateField(blank=True, null=True, verbose_name='整改期限')),
                ('rectified_on', models.DateField(blank=True, null=True, verbose_name='整改完成日期')),
                ('overdue_listed_on', models.DateField(blank=True, null=True, verbose_name='逾期未整改列入异常名录日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
            ],
            options={
                'verbose_name': '僵尸型社会组织清理案件',
                'verbose_name_plural': '僵尸型社会组织清理案件',
                'ordering': ['-filed_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='CreditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('list', models.CharField(choices=[('abnormal', '活动异常名录'), ('serious', '严重违法失信名单')], max_length=8, verbose_name='名录')),
                ('reason', models.CharField(choices=[('late_report', '未按时提交年度报告'), ('correction', '未按要求完成整改'), ('uncontactable', '通过登记的住所无法取得联系'), ('two_years', '列入活动异常名录满2年'), ('fraud', '弄虚作假骗取登记'), ('revocation', '被撤销登记或吊销登记证书'), ('defaulter', '被列为失信被执行人')], max_length=16, verbose_name='列入事由')),
                ('entered_on', models.DateField(verbose_name='列入日期')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('removed_on', models.DateField(blank=True, null=True, verbose_name='移出日期')),
                ('removal_reason', models.CharField(blank=True, max_length=200, verbose_name='移出事由')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
            ],
            options={
                'verbose_name': '社会组织信用名录',
                'verbose_name_plural': '社会组织信用名录',
                'ordering': ['-entered_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='OrgAward',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('kind', models.CharField(choices=[('brand', '省级品牌社会组织'), ('leader', '社会组织领军人物'), ('integrity', '清廉社会组织建设百佳范例'), ('typical_case', '省级典型案例')], max_length=12, verbose_name='类别')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('level', models.CharField(choices=[('national', '国家级'), ('provincial', '省级'), ('city', '市级'), ('county', '县（区）级')], max_length=10, verbose_name='级别')),
                ('title', models.CharField(blank=True, max_length=100, verbose_name='名称或案例')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
            ],
            options={
                'verbose_name': '社会组织表彰',
                'verbose_name_plural': '社会组织表彰',
                'ordering': ['-year', 'kind', 'id'],
            },
        ),
        migrations.CreateModel(
            name='VentureApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='所属区划')),
                ('project', models.CharField(max_length=100, verbose_name='项目名称')),
                ('budget_total', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='项目总预算（元）')),
                ('requested', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='申请资助（元）')),
                ('status', models.CharField(choices=[('submitted', '已申报'), ('funded', '已资助'), ('rejected', '未入选')], default='submitted', max_length=10, verbose_name='状态')),
                ('funded_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='资助金额（元）')),
                ('funded_on', models.DateField(blank=True, null=True, verbose_name='资助日期')),
                ('outcome', models.CharField(blank=True, choices=[('excellent', '优秀'), ('good', '良好'), ('passed', '合格'), ('failed', '不合格')], default='', max_length=10, verbose_name='项目成效')),
                ('outcome_note', models.CharField(blank=True, max_length=200, verbose_name='成效说明')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
            ],
            options={
                'verbose_name': '公益创投项目申报',
                'verbose_name_plural': '公益创投项目申报',
                'ordering': ['round_id', 'region_code', 'id'],
            },
        ),
        migrations.CreateModel(
            name='VentureReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='评分')),
                ('comment', models.CharField(blank=True, max_length=200, verbose_name='评审意见')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='评审时间')),
            ],
            options={
                'verbose_name': '公益创投评审',
                'verbose_name_plural': '公益创投评审',
            },
        ),
        migrations.CreateModel(
            name='VentureRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('name', models.CharField(max_length=100, verbose_name='名称')),
                ('region_code', models.CharField(db_index=True, max_length=12, verbose_name='组织区划')),
                ('budget', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='预算（元）')),
                ('fund_source', models.CharField(default='市本级福利彩票公益金', max_length=100, verbose_name='资金来源')),
                ('noticed_on', models.DateField(blank=True, null=True, verbose_name='公示日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
            ],
            options={
                'verbose_name': '公益创投批次',
                'verbose_name_plural': '公益创投批次',
                'ordering': ['-year', 'id'],
            },
        ),
        migrations.AlterModelOptions(
            name='organization',
            options={'ordering': ['region_code', 'id'], 'permissions': [('manage_organizations', '登记管理社会组织（年报、信用名录、清理整治、公益创投、表彰）'), ('file_community_organizations', '备案社区社会组织')], 'verbose_name': '社会组织', 'verbose_name_plural': '社会组织'},
        ),
        migrations.AddField(
            model_name='organization',
            name='foundation_kind',
            field=models.CharField(blank=True, choices=[('national_public', '全国性公募基金会'), ('local_public', '地方性公募基金会'), ('non_public', '非公募基金会')], default='', max_length=16, verbose_name='基金会类型'),
        ),
        migrations.AddConstraint(
            model_name='organization',
            constraint=models.CheckConstraint(condition=models.Q(('foundation_kind', ''), ('kind', 'foundation'), _connector='OR'), name='org_foundation_kind_only_foundation'),
        ),
        migrations.AddField(
            model_name='activitysignal',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signals', to='civil_society.organization', verbose_name='社会组织'),
        ),
        migrations.AddField(
            model_name='annualreport',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='annual_reports', to='civil_society.organization', verbose_name='社会组织'),
        ),
        migrations.AddField(
            model_name='cleanupcase',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cleanup_cases', to='civil_society.organization', verbose_name='社会组织'),
        ),
        migrations.AddField(
            model_name='creditentry',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credit_entries', to='civil_society.organization', verbose_name='社会组织'),
        ),
        migrations.AddField(
            model_name='orgaward',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='civil_society.organization', verbose_name='社会组织'),
        ),
        migrations.AddField(
            model_name='orgaward',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='领军人物'),
        ),
        migrations.AddField(
            model_name='ventureapplication',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='venture_applications', to='civil_society.organization', verbose_name='申报组织'),
        ),
        migrations.AddField(
            model_name='venturereview',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='civil_society.ventureapplication', verbose_name='申报项目'),
        ),
        migrations.AddField(
            model_name='venturereview',
            name='reviewer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='评审人'),
        ),
        migrations.AddConstraint(
            model_name='ventureround',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='venture_round_region_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='ventureround',
            constraint=models.CheckConstraint(condition=models.Q(('budget__gt', 0)), name='venture_round_budget_positive'),
        ),
        migrations.AddConstraint(
            model_name='ventureround',
            constraint=models.UniqueConstraint(fields=('year', 'name'), name='venture_round_unique_name'),
        ),
        migrations.AddField(
            model_name='ventureapplication',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='civil_society.ventureround', verbose_name='批次'),
        ),
        migrations.AddIndex(
            model_name='activitysignal',
            index=models.Index(fields=['organization', 'kind', 'occurred_on'], name='org_signal_kind_day'),
        ),
        migrations.AddConstraint(
            model_name='activitysignal',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='org_signal_region_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='activitysignal',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['event', 'filing', 'letter', 'call'])), name='org_signal_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='activitysignal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'letter'), ('outcome__in', ['signed', 'unsigned', 'returned'])), models.Q(('kind', 'call'), ('outcome__in', ['reached', 'unreached'])), models.Q(('kind__in', ['event', 'filing']), ('outcome', '')), _connector='OR'), name='org_signal_outcome_fits'),
        ),
        migrations.AddConstraint(
            model_name='annualreport',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='org_report_region_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='annualreport',
            constraint=models.UniqueConstraint(fields=('organization', 'year'), name='org_report_one_per_year'),
        ),
        migrations.AddConstraint(
            model_name='annualreport',
            constraint=models.CheckConstraint(condition=models.Q(('year__gte', 1990), ('year__lte', 2100)), name='org_report_year_sane'),
        ),
        migrations.AddConstraint(
            model_name='annualreport',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('late', True), ('submitted_on__gt', models.F('due_on'))), models.Q(('late', False), ('submitted_on__lte', models.F('due_on'))), _connector='OR'), name='org_report_late_matches'),
        ),
        migrations.AddConstraint(
            model_name='annualreport',
            constraint=models.CheckConstraint(condition=models.Q(('result__in', ['', 'qualified', 'basic', 'unqualified'])), name='org_report_result_known'),
        ),
        migrations.AddIndex(
            model_name='cleanupcase',
            index=models.Index(fields=['state', 'decided_on'], name='org_case_state_decided'),
        ),
        migrations.AddConstraint(
            model_name='cleanupcase',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='org_case_region_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='cleanupcase',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['filed', 'noticed', 'decided'])), name='org_case_state_known'),
        ),
        migrations.AddConstraint(
            model_name='cleanupcase',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('decided_on__isnull', True), ('decision', ''), ('noticed_on__isnull', True), ('state', 'filed')), models.Q(('decided_on__isnull', True), ('decision', ''), ('notice_days__isnull', False), ('noticed_on__gte', models.F('filed_on')), ('state', 'noticed')), models.Q(('decided_on__gte', models.F('noticed_on')), ('decision__in', ['revoke', 'withdraw', 'deregister', 'rectify']), ('noticed_on__gte', models.F('filed_on')), ('state', 'decided')), _connector='OR'), name='org_case_steps_fit_state'),
        ),
        migrations.AddConstraint(
            model_name='cleanupcase',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('decision', 'rectify'), ('rectify_by__gt', models.F('decided_on'))), models.Q(models.Q(('decision', 'rectify'), _negated=True), ('overdue_listed_on__isnull', True), ('rectified_on__isnull', True), ('rectify_by__isnull', True)), _connector='OR'), name='org_case_deadline_only_rectify'),
        ),
        migrations.AddConstraint(
            model_name='cleanupcase',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['filed', 'noticed'])), fields=('organization',), name='org_case_one_open'),
        ),
        migrations.AddIndex(
            model_name='creditentry',
            index=models.Index(fields=['list', 'removed_on', 'entered_on'], name='org_credit_open'),
        ),
        migrations.AddConstraint(
            model_name='creditentry',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='org_credit_region_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='creditentry',
            constraint=models.CheckConstraint(condition=models.Q(('list__in', ['abnormal', 'serious'])), name='org_credit_list_known'),
        ),
        migrations.AddConstraint(
            model_name='creditentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('list', 'abnormal'), ('reason__in', ['late_report', 'correction', 'uncontactable'])), models.Q(('list', 'serious'), ('reason__in', ['two_years', 'fraud', 'revocation', 'defaulter'])), _connector='OR'), name='org_credit_reason_fits_list'),
        ),
        migrations.AddConstraint(
            model_name='creditentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('removal_reason', ''), ('removed_on__isnull', True)), models.Q(('removed_on__gte', models.F('entered_on')), models.Q(('removal_reason', ''), _negated=True)), _connector='OR'), name='org_credit_removed_after_entered'),
        ),
        migrations.AddConstraint(
            model_name='creditentry',
            constraint=models.UniqueConstraint(condition=models.Q(('removed_on__isnull', True)), fields=('organization', 'list'), name='org_credit_one_open_per_list'),
        ),
        migrations.AddConstraint(
            model_name='orgaward',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='org_award_region_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='orgaward',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['brand', 'leader', 'integrity', 'typical_case'])), name='org_award_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='orgaward',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'leader'), ('person__isnull', False)), models.Q(models.Q(('kind', 'leader'), _negated=True), ('person__isnull', True)), _connector='OR'), name='org_award_person_iff_leader'),
        ),
        migrations.AddConstraint(
            model_name='venturereview',
            constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 100)), name='venture_review_score_range'),
        ),
        migrations.AddConstraint(
            model_name='venturereview',
            constraint=models.UniqueConstraint(fields=('application', 'reviewer'), name='venture_review_once'),
        ),
        migrations.AddConstraint(
            model_name='ventureapplication',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='venture_app_region_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='ventureapplication',
            constraint=models.CheckConstraint(condition=models.Q(('requested__gt', 0), ('requested__lte', models.F('budget_total'))), name='venture_app_request_within_budget'),
        ),
        migrations.AddConstraint(
            model_name='ventureapplication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('funded_amount__gt', 0), ('funded_amount__lte', models.F('requested')), ('funded_on__isnull', False), ('status', 'funded'), ('funded_amount__lte', 200000)), models.Q(models.Q(('status', 'funded'), _negated=True), ('funded_amount__isnull', True), ('funded_on__isnull', True), ('outcome', '')), _connector='OR'), name='venture_app_funded_fits'),
        ),
        migrations.AddConstraint(
            model_name='ventureapplication',
            constraint=models.UniqueConstraint(fields=('round', 'organization', 'project'), name='venture_app_unique'),
        ),
    ]
