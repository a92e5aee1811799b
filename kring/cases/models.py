"""A case: one conference trajectory, from the accepted request to closing."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.cases.states import (
    CONTACT_PENDING_STATES,
    COORDINATOR_REQUIRED_STATES,
    COORDINATOR_TASK_STATES,
    OPEN_STATES,
    Status,
    StopReason,
)
from kring.core.labels import LabelledModel
from kring.intake.choices import CourtMeasure, GenderWish, MainPersonRelation
from kring.intake.choices import (
    Variant as Variant,  # chosen at triage; re-exported for the apps above
)


class Part(models.TextChoices):
    """The three parts of a conference."""

    INFORMATION = "information", _("Deel 1: informatie delen")
    PLANNING = "planning", _("Deel 2: plan maken")
    PRESENTATION = "presentation", _("Deel 3: plan presenteren")


ALL_PARTS = [p.value for p in Part]


def planning_is_private(variant: str) -> bool:
    """Part 2 is private (no coordinator, no professionals, no notes) for family conferences."""
    return variant == Variant.FAMILY


GENDER_WISH = GenderWish.choices


# Cases still waiting for the first contact: the condition of the partial index
# `case_region_contact_pending`, which holds them by region in deadline order.
CONTACT_PENDING = Q(status__in=sorted(CONTACT_PENDING_STATES), first_contact_at__isnull=True)


class CaseQuerySet(models.QuerySet["Case"]):
    def contact_overdue(self, today: datetime.date) -> "CaseQuerySet":
        """Cases still waiting for first contact after their deadline (the deadline day itself
        is still in time). The same rule as `Case.contact_overdue_on`, as a filter."""
        return self.filter(CONTACT_PENDING, contact_due__lt=today)


# Cases waiting for the manager to choose a coordinator: requested, or running without one (a
# replacement declared a conflict). The manager's start page lists them, oldest first, from
# the partial index `case_region_waiting` whose condition is this very expression.
WAITING_FOR_COORDINATOR = Q(status=Status.REQUESTED) | Q(
    status__in=sorted(COORDINATOR_TASK_STATES), coordinator__isnull=True
)


class Case(LabelledModel):
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
    # The main people are rows (`CasePerson`); these three are written from them: their names
    # on one line, the first person's first name (all a coordinator sees before declaring
    # independence) and every language they speak, the main language first.
    main_person_names = models.CharField(_("hoofdperso(o)n(en)"), max_length=300)
    main_person_first_name = models.CharField(_("voornaam hoofdpersoon"), max_length=100)
    question = models.TextField(_("centrale vraag"), max_length=2000)
    topics = models.JSONField(_("onderwerpen"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    # The language the coordinator speaks with the family, chosen (never the first ticked box).
    main_language = models.CharField(_("hoofdtaal van het gezin"), max_length=12, default="nl")
    coordinator_wish = models.CharField(_("wens over de coördinator"), max_length=500, blank=True)
    # Structured wishes for matching; the free text above stays for nuance.
    preferred_gender = models.CharField(
        _("voorkeur gender coördinator"), max_length=1, blank=True, choices=GENDER_WISH
    )
    preferred_language = models.CharField(_("voorkeur taal coördinator"), max_length=12, blank=True)
    preferred_culture = models.CharField(
        _("voorkeur culturele achtergrond coördinator"), max_length=100, blank=True
    )
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

    objects = CaseQuerySet.as_manager()

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
            # The manager's list of every case ("Alle, ook afgesloten"): region, then the sort
            # and the keyset, without a status in between (issue 15).
            models.Index(fields=["region", "requested_at", "id"], name="case_region_time"),
            # Overdue first contact: the manager's start page and worklist, the daily digest.
            # Only the cases still waiting for it, in deadline order: the page's ten are the
            # first ten entries, not a few hundred sorted (issue 15).
            models.Index(
                fields=["region", "contact_due", "id"],
                condition=CONTACT_PENDING,
                name="case_region_contact_pending",
            ),
            # The manager's worklist of open cases, oldest first: only the open cases of the
            # region in sort order, not twenty years of closed ones walked past (issue 15).
            models.Index(
                fields=["region", "requested_at", "id"],
                condition=Q(status__in=sorted(OPEN_STATES)),
                name="case_region_open",
            ),
            # The manager's start page: the cases waiting for a coordinator, oldest first. Without
            # it, `case_region_time` was walked past every closed case of the region (8 000 rows
            # read for 10 at 100k cases).
            models.Index(
                fields=["region", "requested_at", "id"],
                condition=WAITING_FOR_COORDINATOR,
                name="case_region_waiting",
            ),
            # The figures' refresh: what changed since its last run (decision 146).
            models.Index(fields=["updated_at"], name="case_updated"),
            # No index of the running cases per coordinator: matching and the registry read
            # the kept count (`RunningCaseCount`, decision 192), not the cases.
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | ~Q(stop_reason=""),
                name="case_stopped_has_reason",
            ),
            # Later in the task a replacement coordinator may declare a conflict: the case is
            # then without one until the manager chooses the next (decision 0062).
            models.CheckConstraint(
                condition=~Q(status__in=sorted(COORDINATOR_REQUIRED_STATES))
                | Q(coordinator__isnull=False),
                name="case_active_has_coordinator",
            ),
            models.CheckConstraint(condition=~Q(main_language=""), name="case_has_main_language"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def planning_is_private(self) -> bool:
        """Is part 2 of this case's conference private (the family variant)?"""
        return planning_is_private(self.variant)

    @property
    def coordinator_vacant(self) -> bool:
        """Running, but without a coordinator (a replacement declared a conflict)."""
        return self.coordinator_id is None and self.status in COORDINATOR_TASK_STATES

    def contact_overdue_on(self, today: datetime.date) -> bool:
        """Is the first contact late on `today` (the deadline day itself is still in time)?"""
        return (
            self.status in CONTACT_PENDING_STATES
            and self.first_contact_at is None
            and self.contact_due is not None
            and self.contact_due < today
        )

    @property
    def contact_overdue(self) -> bool:
        return self.contact_overdue_on(timezone.localdate())

    @property
    def check_in_due(self) -> datetime.date | None:
        """The check-in call is due KRING_CHECK_IN_AFTER_DAYS after the conference (after the
        delivery for a plan made without one); None before either happened."""
        base = self.conference_held_at or self.plan_delivered_at
        if base is None:
            return None
        days = settings.KRING_CHECK_IN_AFTER_DAYS
        return timezone.localdate(base) + datetime.timedelta(days=days)


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefoon")
    VISIT = "visit", _("Bezoek")
    VIDEO = "video", _("Beeldbellen")
    EMAIL = "email", _("E-mail")
    MESSAGE = "message", _("Bericht (sms, WhatsApp)")
    LETTER = "letter", _("Brief")


class Contact(LabelledModel):
    """One contact of the coordinator in a case: when, with whom, how, and a short note."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    occurred_on = models.DateField(_("datum"))
    with_whom = models.CharField(_("met wie"), max_length=150)
    channel = models.CharField(_("hoe"), max_length=10, choices=ContactChannel.choices)
    note = models.TextField(_("korte notitie"), max_length=1000, blank=True)
    is_first_contact = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        indexes = [models.Index(fields=["case", "occurred_on", "id"], name="contact_case_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in ContactChannel]),
                name="contact_channel_valid",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_first_contact=True), name="contact_one_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.occurred_on}"


# The text a coordinator confirms for each case before seeing personal details.
INDEPENDENCE_VERSION = "2026-1"
INDEPENDENCE_TEXT = _(
    "Ik heb geen relatie met de mensen of instellingen in dit traject, en ik heb er geen belang "
    "bij. Ik ken de hoofdpersoon en de familie niet en ik werk niet voor een betrokken instelling."
)


class IndependenceDeclaration(LabelledModel):
    """A coordinator's answer for one case: no relation or stake, or a conflict.

    A conflict sends the case back to the manager, and matching skips this coordinator for it.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="independence_declarations"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    has_conflict = models.BooleanField(_("er is een belang of relatie"))
    note = models.TextField(_("toelichting"), blank=True, max_length=1000)
    text_version = models.CharField(max_length=20, default=INDEPENDENCE_VERSION)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Made by the coordinators app before the layers were drawn; the table keeps its name.
        db_table = "coordinators_independencedeclaration"
        ordering = ["declared_at", "id"]
        verbose_name = _("onafhankelijkheidsverklaring")
        verbose_name_plural = _("onafhankelijkheidsverklaringen")
        indexes = [
            models.Index(fields=["case", "coordinator"], name="declaration_case_coord"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.coordinator_id}"


class CasePerson(LabelledModel):
    """One main person of a case, copied from the request when the case opens and corrected
    on the case's facts page; `network` puts them in the centre of the circle."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="main_people")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=150)
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
        verbose_name = _("hoofdpersoon")
        verbose_name_plural = _("hoofdpersonen")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "position"], name="case_person_position_unique"
            ),
            models.CheckConstraint(condition=~Q(main_language=""), name="case_person_language"),
            models.CheckConstraint(
                condition=Q(relation__in=MainPersonRelation.values),
                name="case_person_relation_valid",
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True)
                | Q(age__lt=18, is_minor=True)
                | Q(age__gte=18, age__lte=120, is_minor=False),
                name="case_person_age_fits_minor",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def first_name(self) -> str:
        return (self.name.split() or [""])[0]


def main_people_of(case: Case) -> list[CasePerson]:
    """The case's main people in their order, for the apps above (the circle's centre).

    A case made before main people were rows has one, holding its names as typed (the
    migration made it); should a case have none, that one is given unsaved, never split.
    """
    people = list(case.main_people.all())
    if people:
        return people
    return [
        CasePerson(
            case=case,
            position=0,
            name=(case.main_person_names or case.main_person_first_name)[:150],
            relation=MainPersonRelation.OTHER,
            languages=[case.main_language],
            main_language=case.main_language,
        )
    ]


class CaseFactChange(LabelledModel):
    """One corrected fact of a case, with the old value kept: the history of the facts page.

    The audit trail records only that this row was written and which field; the values
    themselves (personal, free text) live here, next to the case.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="fact_changes")
    # Set for a change of one main person's details.
    person = models.ForeignKey(
        CasePerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    field = models.CharField(_("gegeven"), max_length=40)
    old_value = models.TextField(_("oude waarde"), blank=True)
    new_value = models.TextField(_("nieuwe waarde"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("gewijzigd gegeven")
        verbose_name_plural = _("gewijzigde gegevens")
        indexes = [models.Index(fields=["case", "changed_at", "id"], name="fact_change_case_time")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.field}"


class AssignmentKind(models.TextChoices):
    ASSIGNED = "assigned", _("Toegewezen")
    REPLACED = "replaced", _("Vervangen")
    WITHDRAWN = "withdrawn", _("Teruggenomen")
    CONFLICT = "conflict", _("Belang of relatie gemeld")


class CoordinatorAssignment(LabelledModel):
    """One change of a case's coordinator: who, from whom to whom, at which rank and score, and
    the manager's reason in their own words (kept here, never in the audit trail)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(_("wat"), max_length=12, choices=AssignmentKind.choices)
    from_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("van"),
    )
    to_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("naar"),
    )
    rank = models.PositiveSmallIntegerField(_("plaats in de lijst"), null=True, blank=True)
    score = models.SmallIntegerField(_("punten"), null=True, blank=True)
    reason = models.TextField(_("reden"), max_length=1000, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("wissel van coördinator")
        verbose_name_plural = _("wissels van coördinator")
        indexes = [models.Index(fields=["case", "occurred_at", "id"], name="assignment_case_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AssignmentKind.values), name="assignment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(from_coordinator__isnull=False) | Q(to_coordinator__isnull=False),
                name="assignment_names_a_coordinator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}"


class RunningCaseCount(LabelledModel):
    """How many cases a coordinator runs now: their cases with the status in
    `COORDINATOR_TASK_STATES`, what matching weighs as load and the registry shows.

    Kept, not counted on every read (issue 15, decision 192): the transition functions
    (`kring.cases.transitions`) change it with `F()` in the transaction that moves a case in or
    out of those states or gives it another coordinator. One row per coordinator who ever had a
    case; `kring.cases.load.recount` computes every row again from the cases, nightly.
    """

    coordinator = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="running_case_count",
    )
    running = models.PositiveIntegerField(_("lopende trajecten"), default=0)

    class Meta:
        verbose_name = _("lopende trajecten van een coördinator")
        verbose_name_plural = _("lopende trajecten van coördinatoren")

    def __str__(self) -> str:
        return f"{self.coordinator_id}: {self.running}"


class FundingStatus(models.TextChoices):
    """Where a case's funding stands (decision 0130)."""

    PENDING = "pending", _("Aangevraagd, nog geen besluit")
    APPROVED = "approved", _("Goedgekeurd")
    REFUSED = "refused", _("Afgewezen")


class CaseFunding(LabelledModel):
    """Where the case's funding stands, in one row the conference's scheduling precondition can
    read (decision 0130). The requests to funders, with their order numbers and reasons, are
    `kring.funding`'s; `kring.cases.funding.set_funding_status` keeps this row in step with
    them, in the same transaction. Not case data: the case row itself is never written."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="funding")
    status = models.CharField(_("financiering"), max_length=10, choices=FundingStatus.choices)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("financiering van een traject")
        verbose_name_plural = _("financiering van trajecten")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in FundingStatus]),
                name="case_funding_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.status}"
