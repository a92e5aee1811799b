"""The worker's job that keeps the figures up to date (see `kring.reporting.refresh`)."""

from django.tasks import task

from kring.reporting import refresh


@task()
def refresh_figures() -> int:
    """Compute the changed flows again and sum them into the summary tables."""
    return refresh.refresh_figures()
