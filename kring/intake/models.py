"""A request (aanvraag) for an Eigen Kracht-conferentie or an informational conversation."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel
from kring.intake.choices import CourtMeasure, GenderWish, MainPersonRelation
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
    DUPLICATE = "duplicate", _("Duplicaat: dezelfde aanvraag kwam al eerder binnen")
    OTHER = "other", _("Anders")


class Request(LabelledModel):
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

    # The names of the main people (`RequestPerson`) in one line, for the queue and its search;
    # written from those rows, never typed in and never split.
    main_person_names = models.CharField(_("hoofdperso(o)n(en)"), max_length=300)
    # The language the coordinator speaks with the family: the main language of the first adult
    # main person (or the first main person), chosen per person on the form.
    main_language = models.CharField(_("hoofdtaal"), max_length=12, blank=True)
    minors_involved = models.BooleanField(_("kinderen onder 18 betrokken"), default=False)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, verbose_name=_("gemeente")
    )
    # Copied from the municipality at routing time so the regional queue is one indexed scan.
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, verbose_name=_("regio"))
    languages = models.JSONField(_("talen"), default=list, blank=True)
    coordinator_wish = models.CharField(_("wens over de coördinator"), max_length=500, blank=True)
    # Structured wishes that matching uses; the free text above stays for nuance.
    preferred_gender = models.CharField(
        _("voorkeur gender coördinator"), max_length=1, choices=GenderWish.choices, blank=True
    )
    preferred_language = models.CharField(_("voorkeur taal coördinator"), max_length=12, blank=True)
    preferred_culture = models.CharField(
        _("voorkeur culturele achtergrond coördinator"), max_length=100, blank=True
    )
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
    # An earlier request with the same requester contact or main person (within
    # DUPLICATE_WINDOW_DAYS), found when this one came in; the queue flags it.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("mogelijk dezelfde als"),
    )
    # Same requester contact AND same main person: a resubmission, which gets no second mail.
    is_resubmission = models.BooleanField(_("opnieuw verstuurd"), default=False)
    merged_at = models.DateTimeField(_("samengevoegd op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        indexes = [
            models.Index(fields=["region", "status", "created_at", "id"], name="request_queue"),
            models.Index(fields=["status", "created_at"], name="request_status_time"),
            # Recognising a request sent twice: the same contact within a few weeks.
            models.Index(fields=["requester_email", "created_at"], name="request_email_time"),
            models.Index(fields=["requester_phone", "created_at"], name="request_phone_time"),
            # The figures' refresh: what changed since its last run (decision 146).
            models.Index(fields=["updated_at"], name="request_updated"),
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
            models.CheckConstraint(
                condition=Q(preferred_gender__in=["", *GenderWish.values]),
                name="request_gender_wish_valid",
            ),
            # Only a closed duplicate is merged.
            models.CheckConstraint(
                condition=Q(merged_at__isnull=True)
                | (
                    Q(status="closed") & Q(close_reason="duplicate") & Q(duplicate_of__isnull=False)
                ),
                name="request_merged_is_closed_duplicate",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class RequestPerson(LabelledModel):
    """One main person as the request names them: asked one by one on the form, never split
    from a line of text."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="people")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=150)
    # The name without case and extra spaces, to recognise a request that was sent twice.
    name_key = models.CharField(max_length=150, db_index=True)
    relation = models.CharField(
        _("relatie tot de aanvrager"), max_length=20, choices=MainPersonRelation.choices
    )
    languages = models.JSONField(_("talen"), default=list, blank=True)
    main_language = models.CharField(_("hoofdtaal"), max_length=12)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    age = models.PositiveSmallIntegerField(_("leeftijd"), null=True, blank=True)
    is_minor = models.BooleanField(_("jonger dan 18"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("hoofdpersoon van een aanvraag")
        verbose_name_plural = _("hoofdpersonen van een aanvraag")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"], name="request_person_position_unique"
            ),
            models.CheckConstraint(condition=~Q(main_language=""), name="request_person_language"),
            models.CheckConstraint(
                condition=Q(relation__in=MainPersonRelation.values),
                name="request_person_relation_valid",
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True)
                | Q(age__lt=18, is_minor=True)
                | Q(age__gte=18, age__lte=120, is_minor=False),
                name="request_person_age_fits_minor",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Testimonial(LabelledModel):
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
