"""Indexes for the figures' refresh (`kring.reporting.refresh.changed_since`): each of its
"changed since" filters reads an index, built without blocking writes (decision 146).
"""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ('intake', '0005_name_search_indexes'),
    ]

    operations = [
        AddIndexOnline(
            model_name='request',
            index=models.Index(fields=['updated_at'], name='request_updated'),
        ),
    ]
