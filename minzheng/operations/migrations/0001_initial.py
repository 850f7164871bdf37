# Reserved: the worker heartbeat (operations.health).

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0009_key_rotation"),
    ]

    operations = []
