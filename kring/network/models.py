"""The circle (kring) around the main person: who is in it, consent, and safety requirements."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class PersonStatus(models.TextChoices):
    """Where a person stands on the way to the conference (the eco-map colours)."""

    SUGGESTED = "suggested", _("Voorgesteld")
    INFORMED = "informed", _("Geïnformeerd")
    INVITED = "invited", _("Uitgenodigd")
    COMING = "coming", _("Komt")
    NOT_COMING = "not_coming", _("Komt niet")
    MAYBE = "maybe", _("Misschien")
    PRESENT = "present", _("Aanwezig")


class Person(models.Model):
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

    class Meta:
        ordering = ["-is_main_person", "ring", "name", "id"]
        verbose_name = _("persoon in de kring")
        verbose_name_plural = _("personen in de kring")
        indexes = [models.Index(fields=["case", "ring", "name"], name="person_case_ring")]
        constraints = [
            models.CheckConstraint(
                condition=Q(party__gte=1) & Q(party__lte=2), name="person_party_1_or_2"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_consent(self) -> bool:
        """The main person agreed to invite and inform this person, and did not withdraw."""
        return self.is_main_person or (
            self.consent_at is not None and self.consent_withdrawn_at is None
        )


class SafetyRequirement(models.Model):
    """A minimum requirement (minimumeis) a professional sets when safety is at stake."""

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

    class Meta:
        ordering = ["set_on", "id"]
        verbose_name = _("minimumeis")
        verbose_name_plural = _("minimumeisen")

    def __str__(self) -> str:
        return self.text[:60]


class LinkPurpose(models.TextChoices):
    RSVP = "rsvp", _("Uitnodiging beantwoorden")
    PLAN = "plan", _("Plan lezen")
    INFORMATION = "information", _("Informatie aanleveren")


class PersonalLink(models.Model):
    """A personal, unguessable, expiring link for someone without an account.

    Only a SHA-256 hash of the token is stored; the raw token exists only in the e-mail.
    Issue with `kring.network.links.issue_link`, resolve with `kring.core.access.person_for_link`.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=12, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "purpose"], name="link_person_purpose")]

    def __str__(self) -> str:
        return f"{self.purpose} link for {self.person_id}"
