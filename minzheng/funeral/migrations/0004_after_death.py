from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("funeral", "0003_cemetery")]

    operations: list = []
