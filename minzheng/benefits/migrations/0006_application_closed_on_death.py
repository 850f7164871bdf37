"""Applications get the status 终止办理: the applicant died while it was open (the after-death one thing)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("benefits", "0005_timeline_append_only")]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(choices=[("submitted", "已受理"), ("economic_check", "经济状况核对"),
                                            ("township_review", "乡镇审核"), ("public_notice", "公示中"),
                                            ("enrolled", "已批准纳入"), ("approved", "已批准"), ("refused", "不予批准"),
                                            ("closed", "终止办理")],
                                   default="submitted", max_length=20, verbose_name="状态"),
        ),
    ]
