"""Indexes for the figures' refresh (`kring.reporting.refresh.changed_since`): each of its
"changed since" filters reads an index, built without blocking writes (decision 146).
"""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ('conferences', '0007_invitation_templates_become_languages'),
    ]

    operations = [
        AddIndexOnline(
            model_name='conferencerecord',
            index=models.Index(fields=['updated_at'], name='record_updated'),
        ),
        AddIndexOnline(
            model_name='invitation',
            index=models.Index(fields=['sent_at'], name='invitation_sent'),
        ),
    ]
