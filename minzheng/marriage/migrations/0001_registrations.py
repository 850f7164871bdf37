from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("people", "0003_death_effect"), ("facilities", "0002_school_kind"), ("core", "0007_access_log_lookup_kind")]

    operations: list = []
