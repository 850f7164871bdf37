"""The monthly supervision reads one month of orders: an index led by the month, so each rule
reads that month's rows (about a twelfth of a year's orders) instead of scanning them all."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eldercare", "0010_adaptation"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="serviceorder",
            index=models.Index(fields=["period", "region_code"], name="service_order_period_region"),
        ),
    ]
