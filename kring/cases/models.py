"""A case: one conference trajectory, from the accepted request to closing."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.cases.states import COORDINATOR_TASK_STATES, Status, StopReason
from kring.core.choices import CourtMeasure


class Variant(models.TextChoices):
    FAMILY = "family", _("Familie / individu")
    GROUP = "group", _("Groep, straat of buurt")
    LEARNING = "learning", _("Leervraag")
    RESTORATION = "restoration", _("Herstel tussen partijen")


class Case(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("referentie"), max_length=20, unique=True)
    request = models.OneToOneField(
        "intake.Request",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("aanvraag"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.REQUESTED
    )
    variant = models.CharField(
        _("soort conferentie"), max_length=12, choices=Variant.choices, default=Variant.FAMILY
    )
    main_person_names = models.CharField(_("hoofdperso(o)n(en)"), max_length=300)
    # The first name and municipality are all a coordinator sees before declaring independence.
    main_person_first_name = models.CharField(_("voornaam hoofdpersoon"), max_length=100)
    question = models.TextField(_("centrale vraag"), max_length=2000)
    topics = models.JSONField(_("onderwerpen"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    coordinator_wish = models.CharField(_("wens over de coördinator"), max_length=500, blank=True)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, verbose_name=_("regio"))
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, verbose_name=_("gemeente")
    )
    regional_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_cases",
        verbose_name=_("regiomanager"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
        verbose_name=_("coördinator"),
    )
    minors_involved = models.BooleanField(_("kinderen onder 18 betrokken"), default=False)
    safety_at_stake = models.BooleanField(_("veiligheid in het geding"), default=False)
    court_measure = models.CharField(
        _("maatregel van de rechter"),
        max_length=12,
        choices=CourtMeasure.choices,
        default=CourtMeasure.NONE,
    )
    contact_due = models.DateField(_("eerste contact uiterlijk"), null=True, blank=True)
    stop_reason = models.CharField(
        _("reden van stoppen"), max_length=30, choices=StopReason.choices, blank=True
    )
    stop_note = models.TextField(_("toelichting bij stoppen"), blank=True)

    # One timestamp per state: money and reports hang off these explicit moments.
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    coordinator_assigned_at = models.DateTimeField(null=True, blank=True)
    independence_declared_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    in_preparation_at = models.DateTimeField(null=True, blank=True)
    conference_scheduled_at = models.DateTimeField(null=True, blank=True)
    conference_held_at = models.DateTimeField(null=True, blank=True)
    plan_delivered_at = models.DateTimeField(null=True, blank=True)
    check_in_done_at = models.DateTimeField(null=True, blank=True)
    follow_up_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        indexes = [
            models.Index(
                fields=["region", "status", "requested_at", "id"], name="case_region_status"
            ),
            models.Index(
                fields=["coordinator", "status", "requested_at", "id"], name="case_coordinator"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | ~Q(stop_reason=""),
                name="case_stopped_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(COORDINATOR_TASK_STATES))
                | Q(coordinator__isnull=False),
                name="case_active_has_coordinator",
            ),
        ]

    def __str__(self) -> str:
        return self.reference
