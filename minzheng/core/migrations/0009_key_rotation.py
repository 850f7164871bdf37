# Reserved: the field-key rotation's progress.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_audit_chain"),
    ]

    operations = []
