"""Reserved for the caregiver_allowance sub-domain's schema (filled in by its own work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("eldercare", "0007_home_beds")]

    operations: list = []
