"""Background work for intake: the periodic purge of informational-conversation requests."""

from django.tasks import task

from kring.intake import services


@task()
def purge_info_requests() -> int:
    """Delete expired informational-conversation requests (see `services.purge_info_requests`)."""
    return services.purge_info_requests()
