# Reserved: the hash chains of the audit and access logs.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_access_log_lookup_kind"),
    ]

    operations = []
