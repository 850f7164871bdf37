"""A payment run keeps its differences from the previous month (``PaymentRun.differences``),
written when it finishes computing, so that the preview no longer joins a city's lines on every
view. Runs computed before this stay null: their preview computes the figures as it did, and
starting such a run again (not yet approved) stores them."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('benefits', '0003_payments'),
    ]

    operations = [
        migrations.AddField(
            model_name='paymentrun',
            name='differences',
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name='与上月的差异'),
        ),
    ]
