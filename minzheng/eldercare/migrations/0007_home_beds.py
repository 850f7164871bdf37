"""Reserved for the home_beds sub-domain's schema (filled in by its own work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("eldercare", "0006_home_services")]

    operations: list = []
