from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_conference_record_moves_to_conferences"),
    ]

    operations = [
        migrations.AddField(
            model_name="safetyassessment",
            name="notices",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
    ]
