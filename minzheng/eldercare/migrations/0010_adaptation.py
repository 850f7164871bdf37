"""Reserved for the adaptation sub-domain's schema (filled in by its own work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("eldercare", "0009_insurance")]

    operations: list = []
