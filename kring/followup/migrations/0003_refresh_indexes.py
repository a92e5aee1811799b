"""Indexes for the figures' refresh (`kring.reporting.refresh.changed_since`): each of its
"changed since" filters reads an index, built without blocking writes (decision 146).
"""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ('followup', '0002_follow_up_by_main_person'),
    ]

    operations = [
        AddIndexOnline(
            model_name='followup',
            index=models.Index(fields=['recorded_at'], name='followup_recorded'),
        ),
        AddIndexOnline(
            model_name='surveyinvitation',
            index=models.Index(condition=models.Q(('answered_at__isnull', False)), fields=['answered_at'], name='survey_answered'),
        ),
    ]
