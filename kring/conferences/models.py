"""The conference of a case: when and where, the arrangements, and the day itself (who came)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.cases.models import Part
from kring.core.labels import LabelledModel


class Conference(LabelledModel):
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
    # Cancelled after the fact: on the day nobody came (the conference was not held).
    nobody_came = models.BooleanField(_("niemand gekomen"), default=False)
    # Practical arrangements; which of them invitees see is INVITEE_FIELDS below.
    interpreters = models.TextField(_("tolken (per taal)"), max_length=500, blank=True)
    childcare = models.CharField(_("kinderopvang"), max_length=300, blank=True)
    food = models.CharField(_("eten en drinken"), max_length=300, blank=True)
    travel = models.CharField(_("reiskosten en vervoer"), max_length=300, blank=True)
    # For the coordinator and the office only; never on an invitee's page, mail or letter.
    internal_note = models.TextField(_("interne notitie"), max_length=2000, blank=True)
    # The checklist items the coordinator ticked off (keys of conferences.checklist.ITEMS).
    checklist_done = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

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


# The logistics an invitee sees on their personal page (besides date, time and place), in the
# order shown. Everything else (interpreters, childcare, the internal note) stays with the
# people who run the case; the logistics form says so next to each field.
INVITEE_FIELDS: tuple[str, ...] = (
    "place_name",
    "room",
    "address",
    "accessibility",
    "food",
    "travel",
)
INTERNAL_FIELDS: tuple[str, ...] = ("interpreters", "childcare", "internal_note")


class DateOption(LabelledModel):
    """A date the coordinator proposes; invitees say whether it suits them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField(_("datum en tijd"))

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "starts_at"], name="dateoption_unique")
        ]

    def __str__(self) -> str:
        return str(self.starts_at)


class DateVote(LabelledModel):
    option = models.ForeignKey(DateOption, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="votes")
    suits = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "person"], name="datevote_unique")]

    def __str__(self) -> str:
        return f"{self.option_id}:{self.person_id}"


class InformationStatus(models.TextChoices):
    OPEN = "open", _("Nog vragen")
    ASKED = "asked", _("Gevraagd")
    RECEIVED = "received", _("Ontvangen")


class InformationItem(LabelledModel):
    """A question the network needs answered for a good plan, and who answers it in part 1."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="information_items"
    )
    question = models.CharField(_("vraag"), max_length=300)
    answered_by = models.ForeignKey(
        "network.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="information_items",
        verbose_name=_("wie beantwoordt dit"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InformationStatus.choices,
        default=InformationStatus.OPEN,
    )
    answer = models.TextField(_("informatie"), max_length=5000, blank=True)
    # The main person agreed that invitees may read this answer before the conference.
    shared_with_invitees = models.BooleanField(
        _("de hoofdpersoon wil dit vooraf delen met de genodigden"), default=False
    )
    # Stored under MEDIA_ROOT (outside the web root), served only by an access-checked view.
    document = models.FileField(upload_to="information/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=50, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("benodigde informatie")
        verbose_name_plural = _("benodigde informatie")
        indexes = [models.Index(fields=["case", "created_at"], name="info_case_created")]

    def __str__(self) -> str:
        return self.question


class InvitationKind(models.TextChoices):
    REQUEST = "request", _("Uitnodiging")
    UPDATE = "update", _("Wijziging")
    CANCEL = "cancel", _("Afgelast")
    LETTER = "letter", _("Brief")


class Invitation(LabelledModel):
    """One invitation, update or cancellation sent to one person (the sending log)."""

    person = models.ForeignKey(
        "network.Person", on_delete=models.CASCADE, related_name="invitations"
    )
    kind = models.CharField(max_length=10, choices=InvitationKind.choices)
    language = models.CharField(max_length=10)
    ical_sequence = models.PositiveIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [
            models.Index(fields=["person", "sent_at"], name="invitation_person"),
            # The figures' refresh: invitations sent since its last run (decision 146).
            models.Index(fields=["sent_at"], name="invitation_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id}"


class ConferenceRecord(LabelledModel):
    """What happened at the conference: who was there in which part, and (if allowed) notes.

    For family/individual conferences part 2 is private: `planning_private` is set, and the
    database refuses notes and a coordinator present in part 2.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="conference_record"
    )
    held_on = models.DateField(_("datum van de conferentie"), default=timezone.localdate)
    planning_private = models.BooleanField(_("deel 2 besloten"), default=True)
    coordinator_in_planning = models.BooleanField(_("coördinator bij deel 2"), default=False)
    planning_notes = models.TextField(_("korte aantekeningen bij deel 2"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Made by the plans app before the layers were drawn; the table keeps its name.
        db_table = "plans_conferencerecord"
        verbose_name = _("verslag van de conferentie")
        # The figures' refresh: records changed since its last run (decision 146).
        indexes = [models.Index(fields=["updated_at"], name="record_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planning_private=False) | Q(planning_notes=""),
                name="record_private_part_no_notes",
            ),
            models.CheckConstraint(
                condition=Q(planning_private=False) | Q(coordinator_in_planning=False),
                name="record_private_part_no_coordinator",
            ),
        ]

    def __str__(self) -> str:
        return f"Conferentie {self.case_id}"


class Attendance(LabelledModel):
    """One person in one part of the conference."""

    record = models.ForeignKey(
        ConferenceRecord, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    part = models.CharField(max_length=12, choices=Part.choices)
    present = models.BooleanField(default=False)
    # Snapshot of "is a professional" and "this part is private", so the database can refuse
    # a professional present in a private part 2.
    is_professional = models.BooleanField(default=False)
    in_private_part = models.BooleanField(default=False)
    gave_information = models.BooleanField(_("gaf informatie"), default=False)

    class Meta:
        db_table = "plans_attendance"
        constraints = [
            models.UniqueConstraint(fields=["record", "person", "part"], name="attendance_once"),
            models.CheckConstraint(
                condition=~(Q(in_private_part=True) & Q(is_professional=True) & Q(present=True)),
                name="attendance_no_professional_in_private_part",
            ),
            models.CheckConstraint(
                condition=Q(gave_information=False) | (Q(part="information") & Q(present=True)),
                name="attendance_information_only_in_part_1",
            ),
            models.CheckConstraint(
                condition=Q(part__in=["information", "planning", "presentation"]),
                name="attendance_part_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.part}"
