"""Mail about requests: an outbox row per message, sent by a task after commit, retried later.

The row (`RequestMail`) is written in the same transaction as the request; the task only runs
once that transaction has committed. A send that fails leaves the row `failed` with the error
class, so it is visible in the admin and `manage.py retry_mail` (or the worker re-running the
task) delivers it later. The request itself is never touched by a mail failure.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kring.intake.models import MailStatus, Request, RequestMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


def queue_confirmation(obj: Request, language: str | None = None) -> RequestMail:
    """Write the confirmation mail to the outbox and send it once the transaction commits.

    The mail is written in `language` (the language the requester used on the form), Dutch
    when not given.
    """
    context = {
        "req": obj,
        "region": obj.region,
        "contact_days": obj.region.contact_deadline_days,
        "organisation_name": settings.KRING_ORGANISATION_NAME,
        "organisation_phone": settings.KRING_PHONE,
        "organisation_email": settings.KRING_EMAIL,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("Uw aanvraag %(reference)s is ontvangen") % {"reference": obj.reference}
        body = render_to_string("intake/mail/confirmation.txt", context)
    outbox = RequestMail.objects.create(
        request=obj, kind="confirmation", to=obj.requester_email, subject=subject, body=body
    )
    mail_uuid = str(outbox.uuid)
    # robust: a broken queue must not turn a stored request into an error page; the
    # row stays pending and `retry_mail` picks it up.
    transaction.on_commit(lambda: send_request_mail.enqueue(mail_uuid), robust=True)
    return outbox


def deliver(outbox_uuid: str) -> bool:
    """Send one outbox message now; True when it was (or already had been) sent.

    Failures are recorded on the row and re-raised, so a task backend marks the task failed too.
    """
    outbox = RequestMail.objects.filter(uuid=outbox_uuid).first()
    if outbox is None or outbox.status == MailStatus.SENT:
        return outbox is not None
    message = EmailMultiAlternatives(
        subject=outbox.subject,
        body=outbox.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outbox.to],
    )
    try:
        message.send()
    except Exception as exc:
        RequestMail.objects.filter(pk=outbox.pk).update(
            status=MailStatus.FAILED,
            attempts=F("attempts") + 1,
            last_error=type(exc).__name__[:200],
        )
        logger.warning("Mail %s to a requester failed: %s", outbox.uuid, type(exc).__name__)
        raise
    RequestMail.objects.filter(pk=outbox.pk).update(
        status=MailStatus.SENT, attempts=F("attempts") + 1, sent_at=timezone.now(), last_error=""
    )
    return True


@task()
def send_request_mail(outbox_uuid: str) -> bool:
    """Task: send one outbox message (see `deliver`)."""
    return deliver(outbox_uuid)


def retry_unsent(max_attempts: int = MAX_ATTEMPTS) -> tuple[int, int]:
    """Try every pending or failed message again; returns (sent, still failing)."""
    sent = failed = 0
    unsent = RequestMail.objects.exclude(status=MailStatus.SENT).filter(attempts__lt=max_attempts)
    for outbox_uuid in unsent.order_by("created_at", "id").values_list("uuid", flat=True):
        try:
            deliver(str(outbox_uuid))
        except Exception:
            failed += 1
        else:
            sent += 1
    return sent, failed
