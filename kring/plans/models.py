"""The family's plan: agreements, support, safety assessment, versions, delivery, check-in.

The plan is the family's. Kring stores what they agreed (written down by the coordinator), the
safety assessment by the professional who set a minimum requirement, and every delivered
version as a frozen snapshot so that old versions stay readable and can be compared.
"""

import uuid

from django.conf import settings
from django.core.files.storage import InvalidStorageError, Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class Plan(LabelledModel):
    """The family's plan for one case: the live text that the coordinator writes down.

    `version` is the number the next delivery gets; after a delivery the first change starts a
    new version (the delivered ones are frozen in PlanVersion).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    question = models.TextField(_("centrale vraag"), max_length=2000)
    contingency = models.TextField(
        _("als het anders gaat"),
        blank=True,
        help_text=_("Wat doen jullie als het anders gaat dan afgesproken?"),
    )
    follow_up_at = models.DateTimeField(
        _("datum en tijd vervolgbijeenkomst"), null=True, blank=True
    )
    follow_up_place = models.CharField(_("plaats vervolgbijeenkomst"), max_length=250, blank=True)
    follow_up_organiser = models.CharField(
        _("wie organiseert de vervolgbijeenkomst"), max_length=150, blank=True
    )
    agreed_by = models.ManyToManyField(
        "network.Person",
        blank=True,
        related_name="plans_agreed",
        verbose_name=_("eens met het plan"),
    )
    # The main person's own choice of who receives the plan, made through their personal link.
    chosen_recipients = models.ManyToManyField(
        "network.Person", blank=True, related_name="+", verbose_name=_("gekozen ontvangers")
    )
    recipients_chosen_at = models.DateTimeField(null=True, blank=True)
    made_without_conference = models.BooleanField(
        _("plan gemaakt zonder conferentie"), default=False
    )
    no_conference_reason = models.TextField(_("waarom er geen conferentie was"), blank=True)
    version = models.PositiveIntegerField(default=1)
    # Goes up on every change; a safety assessment is given on one revision.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        constraints = [
            models.CheckConstraint(
                condition=Q(made_without_conference=False) | ~Q(no_conference_reason=""),
                name="plan_without_conference_has_reason",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_positive"),
        ]

    def __str__(self) -> str:
        return f"Plan {self.case_id}"


class Agreement(LabelledModel):
    """One agreement: what will be done, by whom, by when, and how everyone will know."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agreements")
    position = models.PositiveIntegerField(default=0)
    what = models.TextField(_("wat gaat er gebeuren"), max_length=1000)
    performers = models.ManyToManyField(
        "network.Person", blank=True, related_name="agreements", verbose_name=_("wie doet het")
    )
    organisation = models.CharField(_("of: welke organisatie doet het"), max_length=150, blank=True)
    due = models.DateField(_("wanneer is het klaar"))
    how_known = models.CharField(
        _("hoe weet iedereen dat het gedaan is"), max_length=500, blank=True
    )
    meets_requirements = models.ManyToManyField(
        "network.SafetyRequirement",
        blank=True,
        related_name="agreements",
        verbose_name=_("voldoet aan minimumeis"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["plan", "position", "id"], name="agreement_plan_pos")]

    def __str__(self) -> str:
        return self.what[:60]


class SupportStatus(models.TextChoices):
    ASKED = "asked", _("Gevraagd")
    ACCEPTED = "accepted", _("Toegezegd")
    DECLINED = "declined", _("Afgewezen")


class SupportRequest(LabelledModel):
    """Support the plan asks from a professional organisation; the professional answers it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="support_requests")
    what = models.TextField(_("welke steun"), max_length=1000)
    organisation = models.CharField(_("van welke organisatie"), max_length=150)
    professional = models.ForeignKey(
        "network.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name=_("aan welke professional"),
    )
    status = models.CharField(
        max_length=10, choices=SupportStatus.choices, default=SupportStatus.ASKED
    )
    answer = models.TextField(_("toelichting"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="asked") | Q(answered_at__isnull=False),
                name="support_answer_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["asked", "accepted", "declined"]),
                name="support_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:60]


class Outcome(models.TextChoices):
    MET = "met", _("Voldoet")
    NOT_MET = "not_met", _("Voldoet niet")
    DECISION = "decision", _("Voldoet niet helemaal, maar ik besluit dat het plan door kan")


class SafetyAssessment(LabelledModel):
    """The professional's judgement of one minimum requirement against the plan (one round)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessments")
    requirement = models.ForeignKey(
        "network.SafetyRequirement", on_delete=models.CASCADE, related_name="assessments"
    )
    plan_revision = models.PositiveIntegerField()
    # What the requirement's safety rested on when it was assessed: a sha256 over the
    # requirement text, the linked agreements and the contingency (see
    # plans.services.safety_basis), and the same facts as readable lines for "what changed".
    # Empty on rows made before fingerprints existed; those fall back to `plan_revision`.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    basis = models.TextField(blank=True, editable=False)
    outcome = models.CharField(_("oordeel"), max_length=10, choices=Outcome.choices)
    explanation = models.TextField(_("toelichting"), max_length=2000, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)
    # The outbox messages that told the family and the organisation of a "not met" judgement,
    # by uuid (ids only), so the professional sees who was told and who could not be reached.
    # None: nothing was sent (a "met", or a judgement from before this was kept); []: nobody
    # could be sent anything.
    notices = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["assessed_at", "id"]
        indexes = [
            models.Index(fields=["requirement", "assessed_at"], name="assessment_req_time"),
            # The figures' refresh: judged since its last run (decision 146).
            models.Index(fields=["assessed_at"], name="assessment_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="met") | ~Q(explanation=""),
                name="assessment_explains_not_met",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["met", "not_met", "decision"]),
                name="assessment_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.outcome}"


def plan_pdf_storage() -> Storage:
    """Where plan PDFs are kept: the `plan_pdfs` entry of STORAGES (so that S3-compatible
    storage can be configured for them alone), else the default (private) storage."""
    try:
        return storages["plan_pdfs"]
    except InvalidStorageError:
        return storages["default"]


def plan_pdf_name(version: "PlanVersion", filename: str) -> str:
    """A stored name that says nothing about the family: the version's own uuid."""
    return f"plan-versions/{version.uuid}.pdf"


class PlanVersion(LabelledModel):
    """A delivered version of the plan, frozen: its content, canonical text and PDF."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    text = models.TextField()
    language = models.CharField(max_length=10, default="nl")
    delivered_at = models.DateTimeField(default=timezone.now)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The rendered PDF, cached by version (rendered by a task after delivery, or on first use)
    # in private file storage, never in the database (decision 0094). The name is random.
    pdf_file = models.FileField(
        storage=plan_pdf_storage, upload_to=plan_pdf_name, blank=True, editable=False
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number"),
        ]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} v{self.number}"


class PlanRecipient(LabelledModel):
    """Someone the main person chose to receive a delivered version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="plan_recipient_once")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} -> {self.person_id}"


class CheckIn(LabelledModel):
    """The check-in call with the main person about four weeks after the conference."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="check_in")
    held_on = models.DateField(_("datum van het gesprek"))
    note = models.TextField(_("hoe gaat het met het plan"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Nabelgesprek {self.case_id}"


class Progress(models.TextChoices):
    DONE = "done", _("Klaar")
    BUSY = "busy", _("Bezig")
    STUCK = "stuck", _("Loopt vast")


class AgreementProgress(LabelledModel):
    """How one person says their agreement is going (done / busy / stuck), with a short note.

    One row per agreement and person: marking again replaces the mark. Set through the family
    portal by someone who takes part in the agreement (`kring.plans.progress`).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="progress")
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("hoe gaat het"), max_length=8, choices=Progress.choices)
    note = models.CharField(_("korte toelichting"), max_length=280, blank=True)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agreement", "marked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="progress_once"),
            models.CheckConstraint(
                condition=Q(status__in=["done", "busy", "stuck"]), name="progress_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.status}"


class FollowUpRequest(LabelledModel):
    """The main person asks to move the follow-up meeting; the coordinator sees it on the plan
    and marks it handled once they acted on it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_up_requests")
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    wished_date = models.DateField(_("liever op"))
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    asked_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["plan", "handled_at"], name="followup_request_open")]

    def __str__(self) -> str:
        return f"{self.plan_id} -> {self.wished_date}"


class FamilyDraft(LabelledModel):
    """The family's own draft of the plan, written in the portal by the signed-in network.

    Invisible to the coordinator and the professionals until the main person presents it
    (`presented_at`); the coordinator then takes it over as the start of the plan
    (`adopted_at`), and `adopted_text` keeps the family's words as they were, to show next to
    what the plan says now. `revision` goes up on every save: a save made on an older revision
    is refused (last write wins, but never unseen).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="family_draft")
    question = models.TextField(_("wat willen we bereiken"), max_length=2000, blank=True)
    agreements = models.TextField(
        _("onze afspraken"),
        max_length=6000,
        blank=True,
        help_text=_("Eén afspraak per regel: wat, wie en wanneer."),
    )
    contingency = models.TextField(_("als het anders gaat"), max_length=2000, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    presented_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_text = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(adopted_at__isnull=True) | Q(presented_at__isnull=False),
                name="family_draft_adopted_after_presented",
            )
        ]

    def __str__(self) -> str:
        return f"Familieplan {self.case_id}"
