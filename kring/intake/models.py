"""A request (aanvraag) for an Eigen Kracht-conferentie or an informational conversation."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.intake.choices import CourtMeasure
from kring.intake.states import RequestStatus


class RequesterType(models.TextChoices):
    SELF = "self", _("Ikzelf (hoofdpersoon)")
    FAMILY = "family", _("Familie of bekende")
    PROFESSIONAL = "professional", _("Professional")


class ReceivedVia(models.TextChoices):
    WEB = "web", _("Webformulier")
    PHONE = "phone", _("Telefoon")
    EMAIL = "email", _("E-mail")


class CloseReason(models.TextChoices):
    NO_QUESTION = "no_question", _("Geen vraag voor een conferentie")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    NOT_REACHABLE = "not_reachable", _("Niet bereikbaar")
    REFERRED = "referred", _("Doorverwezen")
    OTHER = "other", _("Anders")


class Request(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("referentie"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    channel = models.CharField(_("binnengekomen via"), max_length=10, choices=ReceivedVia.choices)
    # Idempotency: the form's one-time token; a resubmission finds the existing request.
    submission_token = models.CharField(max_length=64, unique=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )

    requester_type = models.CharField(
        _("wie vraagt aan"), max_length=20, choices=RequesterType.choices
    )
    requester_name = models.CharField(_("naam aanvrager"), max_length=150)
    requester_organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    requester_phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    requester_email = models.EmailField(_("e-mail"), blank=True)

    main_person_names = models.CharField(_("hoofdperso(o)n(en)"), max_length=300)
    minors_involved = models.BooleanField(_("kinderen onder 18 betrokken"), default=False)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, verbose_name=_("gemeente")
    )
    # Copied from the municipality at routing time so the regional queue is one indexed scan.
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, verbose_name=_("regio"))
    languages = models.JSONField(_("talen"), default=list, blank=True)
    coordinator_wish = models.CharField(_("wens over de coördinator"), max_length=500, blank=True)
    question = models.TextField(_("centrale vraag"), max_length=2000)
    topics = models.JSONField(_("onderwerpen"), default=list, blank=True)
    safety_at_stake = models.BooleanField(_("veiligheid in het geding"), default=False)
    court_measure = models.CharField(
        _("maatregel van de rechter"),
        max_length=12,
        choices=CourtMeasure.choices,
        default=CourtMeasure.NONE,
    )
    wants_info_conversation = models.BooleanField(_("eerst een informatief gesprek"), default=False)
    consent_at = models.DateTimeField(_("toestemming gegeven op"))

    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    contact_due = models.DateField(_("contact uiterlijk op"))
    first_contact_at = models.DateTimeField(_("eerste contact op"), null=True, blank=True)
    info_conversation_at = models.DateTimeField(_("informatief gesprek op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    close_reason = models.CharField(
        _("reden afsluiten"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("toelichting"), blank=True)
    first_contact_note = models.TextField(_("notitie eerste contact"), blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        indexes = [
            models.Index(fields=["region", "status", "created_at", "id"], name="request_queue"),
            models.Index(fields=["status", "created_at"], name="request_status_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester_phone="") | ~Q(requester_email=""),
                name="request_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RequestStatus]),
                name="request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(close_reason=""),
                name="request_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in ReceivedVia]),
                name="request_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(entered_by__isnull=False) | Q(channel="web"),
                name="request_staff_channel_has_author",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Testimonial(models.Model):
    """A short quote of someone who had a conference, shown on the home page (admin-managed)."""

    quote = models.TextField(_("citaat"), max_length=400)
    attribution = models.CharField(
        _("wie zegt dit"),
        max_length=100,
        help_text=_("Zonder achternaam, bijvoorbeeld: moeder van drie kinderen, Zwolle."),
    )
    published = models.BooleanField(_("tonen op de website"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("ervaring")
        verbose_name_plural = _("ervaringen")
        indexes = [models.Index(fields=["published", "position"], name="testimonial_published")]

    def __str__(self) -> str:
        return self.attribution
