"""Reserved for the home_services sub-domain's schema (filled in by its own work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("eldercare", "0005_caregivers_service_orders")]

    operations: list = []
