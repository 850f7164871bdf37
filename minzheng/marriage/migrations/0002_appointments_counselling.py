# Marriage appointments (slots, bookings), counselling events and simple-wedding bases (marriage_desk).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('facilities', '0002_school_kind'),
        ('marriage', '0001_registrations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Slot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(max_length=12, verbose_name='所属区划')),
                ('day', models.DateField(verbose_name='日期')),
                ('starts_at', models.TimeField(verbose_name='开始时间')),
                ('ends_at', models.TimeField(verbose_name='结束时间')),
                ('business', models.CharField(choices=[('marriage', '结婚登记'), ('divorce', '离婚登记'), ('replacement', '补领婚姻登记证')], max_length=16, verbose_name='业务类型')),
                ('capacity', models.PositiveSmallIntegerField(verbose_name='可预约对数')),
                ('booked', models.PositiveSmallIntegerField(default=0, verbose_name='已预约对数')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='marriage_slots', to='facilities.facility', verbose_name='婚姻登记处')),
            ],
            options={
                'verbose_name': '婚姻登记预约时段',
                'verbose_name_plural': '婚姻登记预约时段',
                'ordering': ['day', 'starts_at', 'office_id', 'business'],
                'permissions': [('keep_appointments', '可维护婚姻登记预约时段并查看预约名单')],
            },
        ),
        migrations.CreateModel(
            name='Booking',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(max_length=12, verbose_name='所属区划')),
                ('code', models.CharField(max_length=8, unique=True, verbose_name='确认码')),
                ('status', models.CharField(choices=[('booked', '已预约'), ('cancelled', '已取消'), ('arrived', '已到场'), ('no_show', '未到场')], default='booked', max_length=16, verbose_name='状态')),
                ('first_name', models.CharField(max_length=50, verbose_name='申请人甲姓名')),
                ('first_id_cipher', models.TextField(verbose_name='申请人甲身份证号（密文）')),
                ('first_id_digest', models.CharField(db_index=True, max_length=64, verbose_name='申请人甲身份证号索引')),
                ('first_id_masked', models.CharField(max_length=18, verbose_name='申请人甲身份证号')),
                ('second_name', models.CharField(blank=True, max_length=50, verbose_name='申请人乙姓名')),
                ('second_id_cipher', models.TextField(blank=True, verbose_name='申请人乙身份证号（密文）')),
                ('second_id_digest', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='申请人乙身份证号索引')),
                ('second_id_masked', models.CharField(blank=True, max_length=18, verbose_name='申请人乙身份证号')),
                ('booked_at', models.DateTimeField(auto_now_add=True, verbose_name='预约时间')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='取消时间')),
                ('marked_at', models.DateTimeField(blank=True, null=True, verbose_name='到场登记时间')),
                ('marked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记员')),
                ('slot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='marriage.slot', verbose_name='预约时段')),
            ],
            options={
                'verbose_name': '婚姻登记预约',
                'verbose_name_plural': '婚姻登记预约',
                'ordering': ['slot__day', 'slot__starts_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='WeddingBase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='基地名称')),
                ('region_code', models.CharField(max_length=12, verbose_name='所属区划')),
                ('address_text', models.CharField(blank=True, max_length=200, verbose_name='地址')),
                ('designated_on', models.DateField(verbose_name='命名日期')),
                ('status', models.CharField(choices=[('active', '在册'), ('revoked', '已撤销')], default='active', max_length=16, verbose_name='状态')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录入人')),
            ],
            options={
                'verbose_name': '简约婚礼示范基地',
                'verbose_name_plural': '简约婚礼示范基地',
                'ordering': ['-designated_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('collective_certificate', '集体颁证'), ('collective_wedding', '集体婚礼'), ('matchmaking', '相亲交友'), ('counselling', '婚恋辅导')], max_length=32, verbose_name='活动类型')),
                ('title', models.CharField(max_length=100, verbose_name='活动名称')),
                ('held_on', models.DateField(verbose_name='活动日期')),
                ('region_code', models.CharField(max_length=12, verbose_name='所属区划')),
                ('place_text', models.CharField(blank=True, max_length=200, verbose_name='其他地点')),
                ('organizer', models.CharField(max_length=100, verbose_name='主办单位')),
                ('people', models.PositiveIntegerField(default=0, verbose_name='参与人数')),
                ('couples', models.PositiveIntegerField(default=0, verbose_name='参与新人（对）')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录入人')),
                ('facility', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='facilities.facility', verbose_name='服务设施')),
                ('base', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='marriage.weddingbase', verbose_name='简约婚礼示范基地')),
            ],
            options={
                'verbose_name': '婚恋服务活动',
                'verbose_name_plural': '婚恋服务活动',
                'ordering': ['-held_on', '-id'],
                'permissions': [('view_counselling', '可查看婚姻家庭辅导驿站、简约婚礼基地、婚恋活动和婚姻服务统计'), ('manage_counselling', '可登记简约婚礼基地和婚恋活动')],
            },
        ),
        migrations.CreateModel(
            name='EventParticipant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('region_code', models.CharField(max_length=12, verbose_name='所属区划')),
                ('name', models.CharField(max_length=50, verbose_name='姓名')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='marriage.event', verbose_name='活动')),
            ],
            options={
                'verbose_name': '婚恋活动参与人',
                'verbose_name_plural': '婚恋活动参与人',
                'ordering': ['event_id', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marriage_participant_region_code_12_digits'), models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='marriage_participant_name_given')],
            },
        ),
        migrations.AddIndex(
            model_name='slot',
            index=models.Index(fields=['region_code', 'day'], name='marriage_slot_region_day'),
        ),
        migrations.AddIndex(
            model_name='slot',
            index=models.Index(fields=['office', 'day'], name='marriage_slot_office_day'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.UniqueConstraint(fields=('office', 'day', 'starts_at', 'business'), name='marriage_slot_unique'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marriage_slot_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.CheckConstraint(condition=models.Q(('business__in', ['marriage', 'divorce', 'replacement'])), name='marriage_slot_business_known'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1)), name='marriage_slot_capacity_positive'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.CheckConstraint(condition=models.Q(('booked__lte', models.F('capacity'))), name='marriage_slot_not_overbooked'),
        ),
        migrations.AddConstraint(
            model_name='slot',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='marriage_slot_ends_after_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['region_code', 'status'], name='marriage_booking_region'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marriage_booking_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['booked', 'cancelled', 'arrived', 'no_show'])), name='marriage_booking_status_known'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('first_name', ''), _negated=True), models.Q(('first_id_digest', ''), _negated=True)), name='marriage_booking_first_party_given'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('second_id_digest', ''), ('second_name', '')), models.Q(models.Q(('second_name', ''), _negated=True), models.Q(('second_id_digest', ''), _negated=True)), _connector='OR'), name='marriage_booking_second_party_whole'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('cancelled_at__isnull', False), ('status', 'cancelled')), models.Q(models.Q(('status', 'cancelled'), _negated=True), ('cancelled_at__isnull', True)), _connector='OR'), name='marriage_booking_cancelled_when'),
        ),
        migrations.AddIndex(
            model_name='weddingbase',
            index=models.Index(fields=['region_code', 'designated_on'], name='marriage_base_region_day'),
        ),
        migrations.AddConstraint(
            model_name='weddingbase',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marriage_base_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='weddingbase',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['active', 'revoked'])), name='marriage_base_status_known'),
        ),
        migrations.AddConstraint(
            model_name='weddingbase',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='marriage_base_name_given'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['region_code', 'held_on'], name='marriage_event_region_day'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('region_code__regex', '^\\d{12}$')), name='marriage_event_region_code_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['collective_certificate', 'collective_wedding', 'matchmaking', 'counselling'])), name='marriage_event_kind_known'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('title', ''), _negated=True), name='marriage_event_title_given'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('facility__isnull', False), ('base__isnull', False), models.Q(('place_text', ''), _negated=True), _connector='OR'), name='marriage_event_place_given'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('people__gt', 0), ('couples__gt', 0), _connector='OR'), name='marriage_event_someone_took_part'),
        ),
    ]
