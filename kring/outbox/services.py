"""Queue a message in the current transaction; the worker sends it after commit.

    with transaction.atomic():
        ...change something...
        outbox.send_mail(
            "invitation.request", to=person.email, template="conferences/mail/invitation",
            context={...}, language="tr", case=case, about=person,
        )

`template` names three files: `<template>_subject.txt`, `<template>.txt` and (optionally)
`<template>.html`. They are rendered now, in `language`, with Django's autoescaping for the
HTML part, so a link in the HTML is a real link and text is never escaped twice.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from kring.audit.services import Action, record
from kring.languages.services import speaking
from kring.outbox import sms
from kring.outbox.models import Attachment, Message, MessageChannel, MessageStatus

logger = logging.getLogger(__name__)

# Minutes to wait after the n-th failed attempt; after the last one the message is FAILED.
BACKOFF_MINUTES = (1, 5, 30, 120, 720)


@dataclass(frozen=True)
class File:
    """An attachment to queue with a message."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(template: str, context: Mapping[str, object], language: str) -> Rendered:
    """The subject, plain text and (when the template exists) HTML, in `language`."""
    context = {
        "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
        "ORGANISATION_PHONE": settings.KRING_PHONE,
        "ORGANISATION_EMAIL": settings.KRING_EMAIL,
        "LANGUAGE": language,
        **context,
    }
    with speaking(language) as speech:
        context["LANGUAGE"] = speech.code
        context["DIRECTION"] = speech.direction
        subject = " ".join(_plain(f"{template}_subject.txt", context).split())
        text = _plain(f"{template}.txt", context)
        html: str
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return Rendered(subject=subject[:200], text=text, html=html)


def _plain(name: str, context: Mapping[str, object]) -> str:
    """A plain-text template, rendered without HTML escaping (an e-mail's text part)."""
    template = get_template(name).template  # type: ignore[attr-defined]
    return str(template.render(Context(dict(context), autoescape=False)))


def _about(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(getattr(obj, "uuid", None) or obj.pk)


def _case_id(case: object) -> uuid.UUID | None:
    value = getattr(case, "uuid", case)
    return value if isinstance(value, uuid.UUID) else None


def is_deliverable(address: str) -> bool:
    """Could an e-mail to this address be sent at all?"""
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def send_mail(
    kind: str,
    *,
    to: str,
    template: str,
    context: Mapping[str, object],
    language: str = "nl",
    case: object = None,
    about: models.Model | None = None,
    attachments: Iterable[File] = (),
    dedupe_key: str | None = None,
) -> Message | None:
    """Render `template` in `language` and queue it (see `queue`)."""
    rendered = render(template, context, language)
    return queue(
        kind,
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        language=language,
        case=case,
        about=about,
        attachments=attachments,
        dedupe_key=dedupe_key,
    )


def queue(
    kind: str,
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    language: str = "nl",
    case: object = None,
    about: models.Model | None = None,
    attachments: Iterable[File] = (),
    dedupe_key: str | None = None,
) -> Message | None:
    """Write one e-mail to the outbox; it is sent after the surrounding transaction commits.

    A message without a usable address is stored as FAILED at once, so the case shows that its
    person could not be reached. With `dedupe_key`, a second call with the same key queues
    nothing and returns None (exactly once, also with two workers).
    """
    about_type, about_id = _about(about)
    address = to.strip()
    fields: dict[str, object] = {
        "kind": kind,
        "channel": MessageChannel.EMAIL,
        "to": address,
        "subject": " ".join(subject.split())[:200],
        "text": text,
        "html": html,
        "language": language,
        "case_id": _case_id(case),
        "about_type": about_type,
        "about_id": about_id,
        "dedupe_key": dedupe_key,
    }
    if not is_deliverable(address):
        fields.update(status=MessageStatus.FAILED, last_error="no-address", text="", html="")
    try:
        # Only a `dedupe_key` can collide on purpose: then a savepoint keeps the surrounding
        # transaction usable. Without one there is nothing to catch, and no savepoint to pay
        # (two statements on every mail, e.g. each public request's confirmation).
        with transaction.atomic() if dedupe_key else nullcontext():
            message = Message.objects.create(**fields)
    except IntegrityError:
        if dedupe_key and Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    if message.status == MessageStatus.FAILED:
        return message
    Attachment.objects.bulk_create(
        [
            Attachment(
                message=message,
                filename=f.filename,
                content_type=f.content_type,
                content=f.content,
            )
            for f in attachments
        ]
    )
    message_uuid = str(message.uuid)
    # robust: a broken queue must not turn a committed change into an error page; the
    # scheduled `send_due` picks the message up.
    transaction.on_commit(lambda: _enqueue(message_uuid), robust=True)
    return message


def queue_sms(
    kind: str,
    *,
    to: str,
    text: str,
    language: str = "nl",
    case: object = None,
    about: models.Model | None = None,
) -> Message:
    """Write one text message (SMS) to the outbox; the worker sends it after the commit through
    the configured SMS backend (`kring.outbox.sms`). A number that cannot be a phone number is
    stored as FAILED at once, as an e-mail without an address is."""
    about_type, about_id = _about(about)
    number = sms.normalise_phone(to)
    fields: dict[str, object] = {
        "kind": kind,
        "channel": MessageChannel.SMS,
        "to": number or to.strip()[:254],
        "subject": "",
        "text": text,
        "language": language,
        "case_id": _case_id(case),
        "about_type": about_type,
        "about_id": about_id,
    }
    if number is None:
        fields.update(status=MessageStatus.FAILED, last_error="no-address", text="")
    message = Message.objects.create(**fields)
    if message.status != MessageStatus.FAILED:
        message_uuid = str(message.uuid)
        transaction.on_commit(lambda: _enqueue(message_uuid), robust=True)
    return message


def forget(about_type: str, about_ids: Iterable[object]) -> int:
    """Delete every message about these objects (retention, erasure); returns how many."""
    ids = [str(i) for i in about_ids]
    return (
        Message.objects.filter(about_type=about_type, about_id__in=ids)
        .delete()[1]
        .get("outbox.Message", 0)
    )


def cancel_unsent(about: models.Model) -> int:
    """Drop messages about `about` that have not gone out yet (consent withdrawn, person
    removed); returns how many."""
    about_type, about_id = _about(about)
    unsent = Message.objects.filter(
        about_type=about_type,
        about_id=about_id,
        status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING],
    )
    return unsent.delete()[1].get("outbox.Message", 0)


def _enqueue(message_uuid: str) -> None:
    send_message.enqueue(message_uuid)


def deliver(message_uuid: str) -> bool:
    """Send one queued message now; True when it was (or already had been) sent.

    Locks the row (skipping rows another worker holds), so two workers never send it twice.
    """
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True).filter(uuid=message_uuid).first()
        )
        if message is None:
            return Message.objects.filter(uuid=message_uuid, status=MessageStatus.SENT).exists()
        if message.status in (MessageStatus.SENT, MessageStatus.FAILED):
            return message.status == MessageStatus.SENT
        try:
            _send(message)
        except Exception as exc:
            _failed(message, exc)
            return False
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        # The body may hold a personal link: once sent, nobody needs it any more.
        message.text = message.html = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error", "text", "html"])
        message.attachments.all().delete()
        return True


def _send(message: Message) -> None:
    """Hand one message to the mail server or the SMS backend; raises when that fails."""
    if message.channel == MessageChannel.SMS:
        sms.backend().send(sms.Sms(to=message.to, text=message.text))
        return
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for file in message.attachments.all():
        email.attach(file.filename, bytes(file.content), file.content_type)
    email.send()


def _failed(message: Message, exc: Exception) -> None:
    message.attempts += 1
    message.last_error = type(exc).__name__[:200]
    if message.attempts >= len(BACKOFF_MINUTES):
        message.status = MessageStatus.FAILED
        record(
            Action.SEND,
            message,
            actor_label="system",
            case=message.case_id,
            changes={"kind": message.kind, "status": "failed", "attempts": message.attempts},
            message="Bericht niet aangekomen",
        )
    else:
        message.status = MessageStatus.RETRYING
        wait = datetime.timedelta(minutes=BACKOFF_MINUTES[message.attempts - 1])
        message.next_attempt_at = timezone.now() + wait
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("Message %s (%s) failed: %s", message.uuid, message.kind, message.last_error)


def due(now: datetime.datetime | None = None) -> QuerySet[Message]:
    """Messages that should be (re)tried now."""
    return Message.objects.filter(
        status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING],
        next_attempt_at__lte=now or timezone.now(),
    )


def send_due(now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Send what is due (the worker's schedule runs this every minute); returns how many sent."""
    uuids = list(due(now).order_by("next_attempt_at", "id").values_list("uuid", flat=True)[:limit])
    return sum(deliver(str(u)) for u in uuids)


def failures_for_case(case_id: uuid.UUID) -> QuerySet[Message]:
    """Messages about a case that did not arrive and nobody has acted on yet."""
    return Message.objects.filter(
        case_id=case_id, status=MessageStatus.FAILED, handled_at__isnull=True
    ).order_by("-created_at", "-id")


@task()
def send_message(message_uuid: str) -> bool:
    """Task: send one message (queued after the commit that wrote it)."""
    return deliver(message_uuid)


@task()
def send_due_messages() -> int:
    """Task: send everything that is due (on the worker's schedule)."""
    return send_due()


def mark_handled(
    case_id: uuid.UUID,
    message_uuid: uuid.UUID | str,
    *,
    actor: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> bool:
    """A failed message of this case was dealt with another way; False when there is none."""
    with transaction.atomic():
        message = failures_for_case(case_id).filter(uuid=message_uuid).first()
        if message is None:
            return False
        message.handled_at = timezone.now()
        message.save(update_fields=["handled_at"])
        record(
            Action.UPDATE,
            message,
            actor=actor,
            request=request,
            case=case_id,
            changes={"handled": True, "kind": message.kind},
            message="Niet aangekomen bericht afgehandeld",
        )
    return True
