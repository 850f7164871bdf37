"""The hash chains of the audit and access logs (core.chain): two columns on each, the rows already
there chained in id order, and the table of verifications.

The back-fill must UPDATE rows that the append-only triggers protect: it lifts them for its own
length only, inside this migration's transaction, and puts back exactly what was there (each
trigger is dropped and re-created from its own definition: pg_get_triggerdef, sqlite_master).

``at`` was ``auto_now_add``, which sets the time during the INSERT, after the row is hashed; it is
now a default set when the row is made. Only the model state changes: the column is the same.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from minzheng.core import chain

TABLES = {"auditentry": "core_auditentry", "accesslog": "core_accesslog"}


def lift_triggers(cursor, vendor: str, table: str) -> list[str]:
    """Lift ``table``'s append-only triggers; returns the SQL that puts them back."""
    if vendor == "postgresql":
        # Dropped and re-created from its own definition (ALTER TABLE … DISABLE TRIGGER refuses to
        # run while the transaction has deferred foreign-key checks pending).
        cursor.execute("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass "
                       "AND tgname LIKE %s", [table, f"{table}_append_only%"])
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}" ON {table}')
        return [sql for _, sql in triggers]
    if vendor == "sqlite":
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                       "AND name LIKE %s", [table, f"{table}_append_only%"])
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        return [sql for _, sql in triggers]
    return []


def chain_existing_rows(apps, schema_editor):
    connection = schema_editor.connection
    for model_name, table in TABLES.items():
        model = apps.get_model("core", model_name)
        with connection.cursor() as cursor:
            restore = lift_triggers(cursor, connection.vendor, table)
            try:
                chain.backfill(model, using=connection.alias)
            finally:
                for sql in restore:
                    cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_access_log_lookup_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="前一行哈希"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="row_hash",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="本行哈希"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="前一行哈希"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="row_hash",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="本行哈希"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model_name,
                    name="at",
                    field=models.DateTimeField(blank=True, db_index=True, default=django.utils.timezone.now,
                                               editable=False, verbose_name="时间"),
                )
                for model_name in TABLES
            ],
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.CreateModel(
            name="AuditVerification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("started_at", models.DateTimeField(db_index=True, verbose_name="开始时间")),
                ("finished_at", models.DateTimeField(verbose_name="结束时间")),
                ("table", models.CharField(choices=[("audit", "审计日志"), ("access", "个人信息访问日志")],
                                           max_length=16, verbose_name="日志")),
                ("rows_checked", models.BigIntegerField(default=0, verbose_name="核验记录数")),
                ("ok", models.BooleanField(verbose_name="完好")),
                ("first_bad_id", models.BigIntegerField(blank=True, null=True, verbose_name="首个问题记录")),
                ("problem", models.CharField(blank=True, max_length=16, verbose_name="问题类别")),
                ("reason", models.CharField(max_length=200, verbose_name="结果")),
                ("head_id", models.BigIntegerField(blank=True, null=True, verbose_name="链尾记录")),
                ("head_hash", models.CharField(blank=True, max_length=64, verbose_name="链尾哈希")),
                ("actor_name", models.CharField(help_text="command 表示命令行", max_length=150,
                                                verbose_name="核验人账号")),
                ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                            to=settings.AUTH_USER_MODEL, verbose_name="核验人")),
            ],
            options={
                "verbose_name": "审计链核验",
                "verbose_name_plural": "审计链核验",
                "ordering": ["-started_at", "-id"],
                "indexes": [models.Index(fields=["table", "-started_at"], name="core_auditv_table_4e3e97_idx")],
            },
        ),
    ]
