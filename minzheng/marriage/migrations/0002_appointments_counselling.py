from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("marriage", "0001_registrations")]

    operations: list = []
