# The worker heartbeat (operations.health).

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0009_key_rotation"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("worker_id", models.CharField(max_length=64, unique=True, verbose_name="进程标识")),
                ("hostname", models.CharField(max_length=255, verbose_name="主机名")),
                ("pid", models.PositiveIntegerField(verbose_name="进程号")),
                ("started_at", models.DateTimeField(verbose_name="启动时间")),
                ("last_beat", models.DateTimeField(db_index=True, verbose_name="最近心跳")),
                ("stopped_at", models.DateTimeField(blank=True, null=True, verbose_name="停止时间")),
            ],
            options={
                "verbose_name": "后台任务进程心跳",
                "verbose_name_plural": "后台任务进程心跳",
                "ordering": ["-last_beat"],
            },
        ),
    ]
