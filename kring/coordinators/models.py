"""Coordinator registry: profiles, languages, training and availability.

A coordinator is an independent citizen (role `coordinator`), never an employee of a care or
deciding institution. Their regions are the user's `regions` (shared with access rules); the
profile holds everything matching needs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel

# The text a coordinator signs once; bump the version when the wording changes.
DECLARATION_VERSION = "2026-1"
DECLARATION_TEXT = _(
    "Ik werk niet voor een zorginstelling of een instelling die beslissingen neemt over "
    "gezinnen (zoals jeugdbescherming, Veilig Thuis, reclassering of de gemeente). Ik meld het "
    "direct als dat verandert."
)


class Gender(models.TextChoices):
    FEMALE = "f", _("Vrouw")
    MALE = "m", _("Man")
    OTHER = "x", _("Anders / zeg ik liever niet")


class CoordinatorProfile(LabelledModel):
    """What the regional manager needs to match a coordinator to a case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_profile",
        verbose_name=_("coördinator"),
    )
    languages = models.JSONField(
        _("talen"), default=list, blank=True, help_text=_("ISO-codes, bijvoorbeeld nl, tr, ar.")
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    cultural_background = models.CharField(
        _("culturele achtergrond"),
        max_length=100,
        blank=True,
        help_text=_("Mag leeg blijven. In eigen woorden."),
    )
    training_completed_on = models.DateField(
        _("training afgerond op"),
        null=True,
        blank=True,
        help_text=_("Zonder afgeronde training kan de coördinator geen traject krijgen."),
    )
    certificate_number = models.CharField(_("nummer certificaat"), max_length=50, blank=True)
    # The training certificate itself, as evidence (not a gate: the training date is the gate).
    # Stored under MEDIA_ROOT (outside the web root) with a random name, served only by an
    # access-checked view; the original name is kept for display and the download.
    certificate = models.FileField(_("certificaat"), upload_to="certificates/%Y/%m/", blank=True)
    certificate_name = models.CharField(max_length=200, blank=True)
    certificate_type = models.CharField(max_length=50, blank=True)
    certificate_uploaded_at = models.DateTimeField(null=True, blank=True)
    max_cases = models.PositiveSmallIntegerField(_("maximaal aantal trajecten tegelijk"), default=3)
    declaration_signed_at = models.DateTimeField(_("verklaring getekend op"), null=True, blank=True)
    declaration_version = models.CharField(_("versie verklaring"), max_length=20, blank=True)
    notes = models.TextField(_("notities"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("coördinatorprofiel")
        verbose_name_plural = _("coördinatorprofielen")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_cases__gte=1) & Q(max_cases__lte=20),
                name="coordinator_max_cases_range",
            ),
            models.CheckConstraint(
                condition=Q(declaration_signed_at__isnull=True) | ~Q(declaration_version=""),
                name="coordinator_declaration_has_version",
            ),
            # A stored certificate always has its checked type and upload time.
            models.CheckConstraint(
                condition=Q(certificate="")
                | (~Q(certificate_type="") & Q(certificate_uploaded_at__isnull=False)),
                name="coordinator_certificate_has_type",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_trained(self) -> bool:
        return self.training_completed_on is not None

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate)

    @property
    def has_signed_declaration(self) -> bool:
        return self.declaration_signed_at is not None


class Absence(LabelledModel):
    """A period in which the coordinator takes no new case (holiday, illness, busy)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profile = models.ForeignKey(
        CoordinatorProfile, on_delete=models.CASCADE, related_name="absences"
    )
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        indexes = [models.Index(fields=["profile", "ends_on"], name="absence_profile_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} - {self.ends_on}"
