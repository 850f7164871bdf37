"""The audit and access logs refuse UPDATE (and, on PostgreSQL, DELETE) in the database itself,
so that not even a bug or a raw SQL session through the app's account can rewrite history.

SQLite kept DELETE open here because its test runner empties tables with DELETE (0006 closes it,
see tests/conftest.py); on PostgreSQL the test runner uses TRUNCATE, which row triggers do not see.
"""

from django.db import migrations

TABLES = ["core_auditentry", "core_accesslog"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION minzheng_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION minzheng_append_only();"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改或删除'); END;"
            )


def backwards(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
