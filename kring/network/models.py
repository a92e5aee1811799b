"""The circle (kring) around the main person: who is in it, consent, and safety requirements."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel
from kring.network.states import PersonStatus


class Ring(models.TextChoices):
    HOUSEHOLD = "household", _("Huishouden")
    FAMILY = "family", _("Familie")
    COMMUNITY = "community", _("Vrienden en omgeving")
    PROFESSIONALS = "professionals", _("Professionals")


class Relation(models.TextChoices):
    SELF = "self", _("Hoofdpersoon")
    PARENT = "parent", _("Ouder")
    CHILD = "child", _("Kind")
    GRANDPARENT = "grandparent", _("Grootouder")
    SIBLING = "sibling", _("Broer of zus")
    AUNT_UNCLE = "aunt_uncle", _("Tante of oom")
    PARTNER = "partner", _("Partner")
    EX_PARTNER = "ex_partner", _("Ex-partner")
    FRIEND = "friend", _("Vriend(in)")
    NEIGHBOUR = "neighbour", _("Buur")
    COLLEAGUE = "colleague", _("Collega")
    TEACHER = "teacher", _("Leerkracht")
    PROFESSIONAL = "professional", _("Professional")
    OTHER = "other", _("Anders")


class InformedVia(models.TextChoices):
    IN_PERSON = "in_person", _("Persoonlijk gesprek")
    PHONE = "phone", _("Telefoon")
    VIDEO = "video", _("Beeldbellen")
    HOME_VISIT = "home_visit", _("Huisbezoek")
    LETTER = "letter", _("Brief of e-mail")


class Person(LabelledModel):
    """Someone in the circle of a case: a main person, family, friend, neighbour, professional."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="people")
    is_main_person = models.BooleanField(_("hoofdpersoon"), default=False)
    # Restoration conferences have two parties, each with its own circle.
    party = models.PositiveSmallIntegerField(_("partij"), default=1)
    name = models.CharField(_("naam"), max_length=150)
    relation = models.CharField(
        _("relatie tot de hoofdpersoon"), max_length=20, choices=Relation.choices
    )
    ring = models.CharField(_("kring"), max_length=20, choices=Ring.choices)
    organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    # A professional who has a Kring account (to add information, set or assess requirements).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_roles",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    language = models.CharField(_("taal"), max_length=10, default="nl")
    is_minor = models.BooleanField(_("jonger dan 18"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=PersonStatus.choices, default=PersonStatus.SUGGESTED
    )
    suggested_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggested",
        verbose_name=_("voorgesteld door"),
    )
    consent_at = models.DateTimeField(_("toestemming hoofdpersoon op"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(
        _("toestemming ingetrokken op"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Consent: who gave it (the main person, or a parent/guardian on behalf of a minor).
    consent_given_by = models.CharField(_("toestemming gegeven door"), max_length=150, blank=True)
    consent_on_behalf_of_minor = models.BooleanField(
        _("namens een minderjarige hoofdpersoon"), default=False
    )
    # Needs for the day itself.
    needs_interpreter = models.BooleanField(_("heeft een tolk nodig"), default=False)
    interpreter_language = models.CharField(_("taal van de tolk"), max_length=50, blank=True)
    needs_accessibility = models.CharField(_("toegankelijkheid"), max_length=200, blank=True)
    needs_childcare = models.BooleanField(_("heeft kinderopvang nodig"), default=False)
    needs_travel = models.BooleanField(_("heeft reiskosten of vervoer nodig"), default=False)
    # Which parts of the conference this person is invited to (see conferences.Part).
    parts = models.JSONField(_("delen van de conferentie"), default=list, blank=True)
    # Informing (process step 3): when, how, by whom, and what the person asked or suggested.
    informed_on = models.DateField(_("geïnformeerd op"), null=True, blank=True)
    informed_channel = models.CharField(
        _("hoe geïnformeerd"), max_length=12, choices=InformedVia.choices, blank=True
    )
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geïnformeerd door"),
    )
    informed_note = models.TextField(_("vragen en suggesties"), max_length=2000, blank=True)
    # The answer given on the personal RSVP page.
    answered_at = models.DateTimeField(_("antwoord gegeven op"), null=True, blank=True)
    answer_note = models.TextField(_("opmerking bij het antwoord"), max_length=1000, blank=True)
    # Reminders (RSVP, the day before, agreements, the follow-up) switched off: by the person
    # through the link in each reminder, or by the coordinator (kring.followup.reminders).
    reminders_off = models.BooleanField(
        _("geen herinneringen sturen"),
        default=False,
        help_text=_("Aanvinken als deze persoon geen herinneringen per e-mail wil krijgen."),
    )

    class Meta:
        ordering = ["-is_main_person", "ring", "name", "id"]
        verbose_name = _("persoon in de kring")
        verbose_name_plural = _("personen in de kring")
        indexes = [
            models.Index(fields=["case", "ring", "name"], name="person_case_ring"),
            # "I lost my link": the known address is looked up exactly (decision 0172).
            models.Index(fields=["email"], name="person_email"),
            # The figures' refresh: people added or answering since its last run, one index
            # for each side of its OR (a BitmapOr; decision 146). Most people never answer.
            models.Index(fields=["created_at"], name="person_created"),
            models.Index(
                fields=["answered_at"],
                name="person_answered",
                condition=Q(answered_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(party__gte=1) & Q(party__lte=2), name="person_party_1_or_2"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def first_name(self) -> str:
        """The first word of the name, for short labels."""
        return (self.name.split() or [""])[0]

    @property
    def has_consent(self) -> bool:
        """The main person agreed to invite and inform this person, and did not withdraw."""
        return self.is_main_person or (
            self.consent_at is not None and self.consent_withdrawn_at is None
        )


class RequirementQuerySet(models.QuerySet["SafetyRequirement"]):
    """Minimum requirements; `in_force()` leaves out the withdrawn ones."""

    def in_force(self) -> RequirementQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class InForceManager(models.Manager["SafetyRequirement"]):
    """The default manager: only requirements in force.

    A withdrawn requirement stays in the database (with its history) but no longer counts
    anywhere: not for scheduling, not in the plan, not for the assessment or delivery. Code
    that must see withdrawn ones too (the history, the author's place in the circle) uses
    `SafetyRequirement.all_objects`. Forward relations (an assessment's requirement) use
    Django's unfiltered base manager, so old rows keep pointing at their requirement.
    """

    def get_queryset(self) -> RequirementQuerySet:
        return RequirementQuerySet(self.model, using=self._db).in_force()


class SafetyRequirement(LabelledModel):
    """A minimum requirement (minimumeis) a professional sets when safety is at stake.

    Its author (or the coordinator on their behalf) may change or withdraw it, and it can be
    handed over to a colleague of the same organisation; each step keeps the old value in a
    `RequirementChange` row (decision 0073).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="safety_requirements"
    )
    text = models.TextField(_("minimumeis"), max_length=2000)
    set_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="requirements_set",
        verbose_name=_("gesteld door"),
    )
    organisation = models.CharField(_("organisatie"), max_length=150)
    set_on = models.DateField(_("datum"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = InForceManager()
    all_objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["set_on", "id"]
        verbose_name = _("minimumeis")
        verbose_name_plural = _("minimumeisen")
        base_manager_name = "all_objects"
        # The figures' refresh: set, changed or withdrawn since its last run (decision 146).
        indexes = [
            models.Index(fields=["created_at"], name="requirement_created"),
            models.Index(
                fields=["changed_at"],
                name="requirement_changed",
                condition=Q(changed_at__isnull=False),
            ),
            models.Index(
                fields=["withdrawn_at"],
                name="requirement_withdrawn",
                condition=Q(withdrawn_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class RequirementChangeKind(models.TextChoices):
    CHANGED = "changed", _("Gewijzigd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    HANDED_OVER = "handed_over", _("Overgedragen")


class RequirementChange(LabelledModel):
    """One change to a minimum requirement, with the value it had before.

    The audit trail records that it happened (without the text); this row keeps what the
    requirement said and who had set it, so the history can be read back.
    """

    requirement = models.ForeignKey(
        SafetyRequirement, on_delete=models.CASCADE, related_name="history"
    )
    kind = models.CharField(_("wat"), max_length=12, choices=RequirementChangeKind.choices)
    old_text = models.TextField(_("tekst ervoor"), max_length=2000, blank=True)
    old_set_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gesteld door, ervoor"),
    )
    old_organisation = models.CharField(_("organisatie ervoor"), max_length=150, blank=True)
    note = models.TextField(_("waarom"), max_length=1000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("wijziging van een minimumeis")
        verbose_name_plural = _("wijzigingen van minimumeisen")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["changed", "withdrawn", "handed_over"]),
                name="requirement_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="withdrawn") | ~Q(note=""),
                name="requirement_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.requirement_id}"


class RestrictionKind(models.TextChoices):
    RESTRAINING_ORDER = "restraining_order", _("Contactverbod of straatverbod")
    AGREEMENT = "agreement", _("Afspraak: niet samen in één ruimte")
    OTHER = "other", _("Anders")


class ContactRestriction(LabelledModel):
    """Two people in the circle who must not meet (e.g. a restraining order).

    Inviting both to the same part of the conference is a conflict until the parts are
    separated or the coordinator records an explicit decision with a reason.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="contact_restrictions"
    )
    person_a = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("persoon")
    )
    person_b = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mag niet samen zijn met"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=RestrictionKind.choices)
    note = models.TextField(_("toelichting"), max_length=1000, blank=True)
    decision_reason = models.TextField(_("besluit: waarom toch samen"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("contactbeperking")
        verbose_name_plural = _("contactbeperkingen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(person_a=models.F("person_b")), name="restriction_two_people"
            ),
            models.UniqueConstraint(fields=["person_a", "person_b"], name="restriction_unique"),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | ~Q(decision_reason=""),
                name="restriction_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} / {self.person_b_id}"


class LinkPurpose(models.TextChoices):
    RSVP = "rsvp", _("Uitnodiging beantwoorden")
    PLAN = "plan", _("Plan lezen")
    INFORMATION = "information", _("Informatie aanleveren")
    SURVEY = "survey", _("Vragenlijst invullen")
    PORTAL = "portal", _("Familieportaal")


class LinkChannel(models.TextChoices):
    """How the link reached its person: correcting an e-mail address revokes the mailed ones."""

    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Brief")


class RevokeReason(models.TextChoices):
    SUPERSEDED = "superseded", _("Vervangen door een nieuwere link")
    EMAIL_CHANGED = "email_changed", _("E-mailadres verbeterd")
    BY_HAND = "by_hand", _("Ingetrokken door de coördinator")
    CONSENT_WITHDRAWN = "consent", _("Toestemming ingetrokken")


class PersonalLink(LabelledModel):
    """A personal, unguessable, expiring link for someone without an account.

    Only a SHA-256 hash of the token is stored; the raw token exists only in the e-mail.
    A letter's link also has a short code a person can type (`code_hash`: an HMAC of it).
    Issue with `kring.network.links.issue_link`; resolve with
    `kring.network.access.person_for_link`. A new link of the same purpose revokes the older
    ones of that person (decision 0072).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=12, choices=LinkPurpose.choices)
    channel = models.CharField(max_length=8, choices=LinkChannel.choices, default=LinkChannel.EMAIL)
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=16, choices=RevokeReason.choices, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "purpose"], name="link_person_purpose")]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="link_revocation_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} link for {self.person_id}"
