"""An application's timeline (TimelineEntry) refuses UPDATE and DELETE in the database itself, as
the audit and access logs do (core migrations 0002 and 0006): each step of a case, who took it
and when, is evidence, and not even a bug or a raw SQL session through the app's account may
rewrite it. The model already refuses in Python (``AppendOnlyModel``); this holds for raw SQL.

PostgreSQL: a row trigger on UPDATE or DELETE. TRUNCATE, which the test runner's flush uses,
fires no row trigger. SQLite: one trigger for UPDATE and one for DELETE, the latter named
``…_append_only_delete`` so that the test suite's flush (a DELETE there) lifts it for the length
of the flush only, as it does the logs' (tests/conftest.py). Nothing in the app updates or deletes
timeline rows: an application is never deleted (its timeline protects it, ``on_delete=PROTECT``).
"""

from django.db import migrations

TABLE = "benefits_timelineentry"
MESSAGE = "申请办理记录只能追加，不能修改或删除"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION minzheng_timeline_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION minzheng_timeline_append_only();"
        )
    elif vendor == "sqlite":
        for suffix, event in (("", "UPDATE"), ("_delete", "DELETE")):
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_append_only{suffix} BEFORE {event} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
        schema_editor.execute("DROP FUNCTION IF EXISTS minzheng_timeline_append_only();")
    elif vendor == "sqlite":
        for suffix in ("", "_delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only{suffix};")


class Migration(migrations.Migration):
    dependencies = [("benefits", "0004_payment_run_differences")]
    operations = [migrations.RunPython(forwards, backwards)]
