from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("civil_society", "0001_initial")]

    operations: list = []
