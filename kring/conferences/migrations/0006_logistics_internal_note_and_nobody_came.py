
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0005_conference_record_from_plans'),
    ]

    operations = [
        migrations.AddField(
            model_name='conference',
            name='internal_note',
            field=models.TextField(blank=True, max_length=2000, verbose_name='interne notitie'),
        ),
        migrations.AddField(
            model_name='conference',
            name='nobody_came',
            field=models.BooleanField(default=False, verbose_name='niemand gekomen'),
        ),
    ]
