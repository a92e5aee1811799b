"""Background work for the audit log: monthly partitions made ahead of time."""

from django.conf import settings
from django.tasks import task

from kring.audit import partitions


@task()
def create_audit_partitions() -> int:
    """Make next months' audit partitions (PostgreSQL; nothing to do on SQLite)."""
    return len(partitions.ensure_partitions(ahead=settings.KRING_AUDIT_PARTITIONS_AHEAD))
