from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("funeral", "0002_services")]

    operations: list = []
