"""Background work for cases, run on the worker's schedule (see settings.KRING_SCHEDULE)."""

from django.db import transaction
from django.tasks import task

from kring.cases import notices


@task()
def send_contact_digest() -> int:
    """The daily mail to each regional manager about late first contacts."""
    with transaction.atomic():
        return notices.contact_digest()
