# The field-key rotation's progress (minzheng keys rotate).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_audit_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeyRotation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("target_key_id", models.CharField(max_length=16, unique=True, verbose_name="目标密钥标识")),
                ("tables", models.JSONField(blank=True, default=dict, verbose_name="各表进度")),
                ("rows_done", models.PositiveBigIntegerField(default=0, verbose_name="已重新加密行数")),
                ("runs", models.PositiveIntegerField(default=0, verbose_name="运行次数")),
                ("started_at", models.DateTimeField(auto_now_add=True, verbose_name="开始时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="最近进度时间")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="完成时间")),
            ],
            options={
                "verbose_name": "字段密钥轮换",
                "verbose_name_plural": "字段密钥轮换",
            },
        ),
    ]
