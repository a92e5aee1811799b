"""The languages Kring speaks to invitees and main people, and the texts administrators add.

Seven languages ship with catalogues under `locale/` (data migration 0002). An administrator
adds another one (a row here) and its texts for the invitee-facing strings (`LanguageText`),
without a deploy; a missing text falls back to Dutch. No personal data is kept here.
"""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel

CODE_PATTERN = r"^[a-z]{2,3}$"


class Direction(models.TextChoices):
    LTR = "ltr", _("Van links naar rechts")
    RTL = "rtl", _("Van rechts naar links")


class Language(LabelledModel):
    """A language that can be given to a person in the circle (when active)."""

    code = models.CharField(
        _("taalcode"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(CODE_PATTERN)],
        help_text=_("De code uit ISO 639 in kleine letters, bijvoorbeeld so voor Somalisch."),
    )
    native_name = models.CharField(
        _("naam in de taal zelf"),
        max_length=60,
        help_text=_("Zo ziet de persoon zelf de taal, bijvoorbeeld Soomaali."),
    )
    direction = models.CharField(
        _("schrijfrichting"), max_length=3, choices=Direction.choices, default=Direction.LTR
    )
    active = models.BooleanField(_("actief"), default=True)
    # Shipped languages have a catalogue in locale/ (reviewed in docs/translations.md).
    shipped = models.BooleanField(_("meegeleverd"), default=False, editable=False)
    # Renewed on every change of the texts, so each process reloads them (services.speech_for).
    texts_stamp = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("taal")
        verbose_name_plural = _("talen")
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=["ltr", "rtl"]), name="language_direction_valid"
            ),
            models.CheckConstraint(condition=~Q(native_name=""), name="language_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.native_name} ({self.code})"


class LanguageText(LabelledModel):
    """One invitee-facing string (its Dutch msgid) in an administrator's words."""

    language = models.ForeignKey(Language, on_delete=models.CASCADE, related_name="texts")
    msgid = models.TextField(_("Nederlandse tekst"))
    text = models.TextField(_("vertaling"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language", "id"]
        verbose_name = _("tekst")
        verbose_name_plural = _("teksten")
        constraints = [
            models.UniqueConstraint(fields=["language", "msgid"], name="language_text_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="language_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.msgid[:50]
