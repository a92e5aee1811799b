"""The confirmation mail to someone who sent a request, through the one outbox.

Written in the same transaction as the request (a rolled-back request sends nothing), sent by
the worker after commit and retried there; the request itself never waits for a mail server.
"""

from __future__ import annotations

from django.conf import settings

from kring.intake.models import Request
from kring.outbox import services as outbox
from kring.outbox.models import Message


def queue_confirmation(obj: Request, language: str | None = None) -> Message | None:
    """Queue the confirmation to the requester, in `language` (the language of the form they
    used; Dutch when not given)."""
    return outbox.send_mail(
        "request.confirmation",
        to=obj.requester_email,
        template="intake/mail/confirmation",
        context={
            "req": obj,
            "region": obj.region,
            "contact_days": obj.region.contact_deadline_days,
        },
        language=language or settings.LANGUAGE_CODE,
        about=obj,
    )
