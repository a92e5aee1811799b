"""The family's way in without a password: one-time sign-in codes and family sessions.

A family member opens their personal link, asks for a code by e-mail or SMS and types it; a
family session then lasts a few hours (decision 0170). Both rows hold only hashes of the
secrets; the raw code exists only in the message, the raw session key only in the cookie.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Sms")


class SignInCode(LabelledModel):
    """A one-time code for one person: expires in minutes, used once, a few tries at most."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=CodeChannel.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["person", "created_at"], name="signin_code_person")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["email", "sms"]), name="signin_code_channel_valid"
            )
        ]

    def __str__(self) -> str:
        return f"code {self.uuid}"


class FamilySession(LabelledModel):
    """A signed-in family member, separate from staff sessions: the cookie holds a signed
    random key (and the person's uuid), this row its hash; sign-out and expiry end it."""

    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "created_at"], name="family_session_person")]

    def __str__(self) -> str:
        return f"session {self.pk}"
