# The permission for the place-naming workflow (propose, review, approve, publish) and the
# place-name heritage and work records.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0003_doorplate_permissions_batches'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='namingproposal',
            options={'ordering': ['-created_at'], 'permissions': [('manage_place_names', '可办理地名命名')], 'verbose_name': '乡村道路桥梁命名', 'verbose_name_plural': '乡村道路桥梁命名'},
        ),
    ]
