from django.db import migrations

from minzheng.lottery.fund.seed import rates_seed


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    rates_seed(apps.get_model("lottery", "GameType"), apps.get_model("lottery", "FundRate"))


class Migration(migrations.Migration):
    dependencies = [("lottery", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
