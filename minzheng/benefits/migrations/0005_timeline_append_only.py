"""An application's timeline (TimelineEntry) refuses UPDATE and DELETE in the database itself, as
the audit and access logs do (core migrations 0002 and 0006): each step of a case, who took it
and when, is evidence, and not even a bug or a raw SQL session through the app's account may
rewrite it. The model already refuses in Python (``AppendOnlyModel``); this holds for raw SQL.

The triggers are ``core.append_only``'s (PostgreSQL: a row trigger on UPDATE or DELETE; SQLite:
one for each, the DELETE one lifted by the test suite's flush, as it does the logs'). Nothing in
the app updates or deletes timeline rows: an application is never deleted (its timeline protects it, ``on_delete=PROTECT``).
"""

from django.db import migrations

from minzheng.core.append_only import append_only_triggers

TABLE = "benefits_timelineentry"
MESSAGE = "申请办理记录只能追加，不能修改或删除"


class Migration(migrations.Migration):
    dependencies = [("benefits", "0004_payment_run_differences")]
    operations = [append_only_triggers(table=TABLE, function="minzheng_timeline_append_only", message=MESSAGE)]
