from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("civil_society", "0002_registry")]

    operations: list = []
