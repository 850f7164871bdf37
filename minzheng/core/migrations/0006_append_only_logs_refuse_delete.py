"""SQLite refuses DELETE on the audit and access logs too, as PostgreSQL has since 0002: a
demo on the default database must not let anyone erase history with one statement.

The test suite's flush of transactional tests (a DELETE on SQLite) lifts these triggers only
for the length of the flush (tests/conftest.py); nothing in the app does.
"""

from django.db import migrations

TABLES = ["core_auditentry", "core_accesslog"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改或删除'); END;"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_delete;")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_import_job_addresses_kind")]
    operations = [migrations.RunPython(forwards, backwards)]
