"""The shared cache lives in the database unless Redis is configured (settings.CACHES)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_import_job")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
