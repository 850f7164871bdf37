"""Reserved for the insurance sub-domain's schema (filled in by its own work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("eldercare", "0008_caregiver_allowance")]

    operations: list = []
