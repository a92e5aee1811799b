"""The one outbox: every message Kring sends (e-mail, later SMS) is a row here first.

A row is written in the same transaction as the change it is about, so a rolled-back change
sends nothing and a committed one always has its message. The worker sends it afterwards,
retries with backoff, and marks what cannot be delivered, so a failure is visible on the case
and to administrators instead of lost in a log. Once sent, the body is cleared: it may hold a
personal link, and nobody needs it any more.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Wacht op verzenden")
    SENT = "sent", _("Verzonden")
    RETRYING = "retrying", _("Mislukt, wordt opnieuw geprobeerd")
    FAILED = "failed", _("Niet aangekomen")


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Sms")


class Message(LabelledModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A stable key for what the message is ("invitation.request", "plan.notice"), never free text.
    kind = models.CharField(_("soort"), max_length=60)
    channel = models.CharField(
        max_length=8, choices=MessageChannel.choices, default=MessageChannel.EMAIL
    )
    to = models.CharField(_("aan"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=200)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    language = models.CharField(max_length=10, default="nl")
    # What the message is about, as ids (no foreign keys: the outbox never blocks a deletion).
    case_id = models.UUIDField(null=True, blank=True)
    about_type = models.CharField(max_length=60, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    # Exactly once: a second message with the same key is not queued (reminders, notices).
    dedupe_key = models.CharField(max_length=150, null=True, blank=True, unique=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The error's class and a short reason, never the message content.
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A person on the case has seen the failure and acted on it (phoned, new address).
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["case_id", "status"], name="outbox_case_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in MessageStatus]),
                name="outbox_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in MessageChannel]),
                name="outbox_channel_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"


class Attachment(LabelledModel):
    """A file sent with a message (an .ics calendar file, a letter); removed once sent."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=100)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.filename
