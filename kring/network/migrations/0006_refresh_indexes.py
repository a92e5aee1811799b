"""Indexes for the figures' refresh (`kring.reporting.refresh.changed_since`): each of its
"changed since" filters reads an index, built without blocking writes (decision 146).
"""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ('network', '0005_portal_links'),
    ]

    operations = [
        AddIndexOnline(
            model_name='person',
            index=models.Index(fields=['created_at'], name='person_created'),
        ),
        AddIndexOnline(
            model_name='person',
            index=models.Index(condition=models.Q(('answered_at__isnull', False)), fields=['answered_at'], name='person_answered'),
        ),
        AddIndexOnline(
            model_name='safetyrequirement',
            index=models.Index(fields=['created_at'], name='requirement_created'),
        ),
        AddIndexOnline(
            model_name='safetyrequirement',
            index=models.Index(condition=models.Q(('changed_at__isnull', False)), fields=['changed_at'], name='requirement_changed'),
        ),
        AddIndexOnline(
            model_name='safetyrequirement',
            index=models.Index(condition=models.Q(('withdrawn_at__isnull', False)), fields=['withdrawn_at'], name='requirement_withdrawn'),
        ),
    ]
