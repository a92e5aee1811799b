"""Background work for the shared tables: the daily purge of ended rate-limit windows."""

from django.tasks import task

from kring.core import counters


@task()
def purge_counters() -> int:
    """Delete the counts whose window ended (`kring.core.counters.purge`)."""
    return counters.purge()
