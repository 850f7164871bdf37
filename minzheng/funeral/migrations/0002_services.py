from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("funeral", "0001_deaths")]

    operations: list = []
