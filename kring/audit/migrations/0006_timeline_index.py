"""The case timeline's partial index: events other than reads, by case and time (decision 146).

On PostgreSQL the audit table is partitioned (0004): the index is made on the parent ONLY, then
concurrently on each month and attached (`kring.core.indexes.AddIndexOnline`), so the inserts
of every page never wait for it.
"""

from django.db import migrations, models

from kring.core.indexes import AddIndexOnline


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ('audit', '0005_scale_indexes'),
    ]

    operations = [
        AddIndexOnline(
            model_name='auditevent',
            index=models.Index(condition=models.Q(('action', 'view'), _negated=True), fields=['case_id', 'occurred_at', 'id'], name='audit_case_timeline'),
        ),
    ]
