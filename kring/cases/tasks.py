"""Background work for cases, run on the worker's schedule (see settings.KRING_SCHEDULE)."""

import logging

from django.db import transaction
from django.tasks import task

from kring.audit.services import Action, record
from kring.cases import load, notices

logger = logging.getLogger(__name__)


@task()
def send_contact_digest() -> int:
    """The daily mail to each regional manager about late first contacts."""
    with transaction.atomic():
        return notices.contact_digest()


@task()
def recount_running_cases() -> int:
    """Nightly: every coordinator's kept count of running cases counted again from the cases
    (`load.recount`); returns how many rows were wrong. Zero is the expected answer: the
    transitions keep the counts. Anything else is logged as a warning and written to the audit
    trail (a count, no names): some path moved a case around its transition functions."""
    with transaction.atomic():
        corrected = load.recount()
        if corrected:
            record(
                Action.UPDATE,
                object_type="cases.runningcasecount",
                object_id="all",
                actor_label="system",
                key="case.running_recounted",
                changes={"corrected": corrected},
            )
    if corrected:
        logger.warning("Running cases recounted: %s coordinators' counts corrected", corrected)
    else:
        logger.info("Running cases recounted: every count was right")
    return corrected
