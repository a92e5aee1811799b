"""The conference meeting of a case: when, where, and the practical arrangements."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Conference(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="conference")
    starts_at = models.DateTimeField(_("begint om"), null=True, blank=True)
    ends_at = models.DateTimeField(_("eindigt om"), null=True, blank=True)
    place_name = models.CharField(_("plaats"), max_length=150, blank=True)
    address = models.CharField(_("adres"), max_length=250, blank=True)
    room = models.CharField(_("zaal"), max_length=100, blank=True)
    accessibility = models.CharField(_("toegankelijkheid"), max_length=300, blank=True)
    # iCalendar: one UID for the life of the meeting, SEQUENCE goes up on every change.
    ical_uid = models.CharField(max_length=100, unique=True)
    ical_sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("conferentie")
        verbose_name_plural = _("conferenties")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="conference_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Conferentie {self.case_id}"
