"""Indexes for the figures' refresh (`kring.reporting.refresh.changed_since`): each of its
"changed since" filters reads an index, built without blocking writes (decision 146).
"""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ('plans', '0007_family_portal'),
    ]

    operations = [
        AddIndexOnline(
            model_name='safetyassessment',
            index=models.Index(fields=['assessed_at'], name='assessment_time'),
        ),
    ]
