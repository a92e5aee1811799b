"""After the conference: follow-up meetings with their outcome register, the satisfaction
survey, and the reminders that were sent (each exactly once).

The outcome register's fields and values are documented in docs/outcomes.md; reporting reads
them, so a value never changes meaning (add a new one instead).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class AgreementsOutcome(models.TextChoices):
    DONE = "done", _("Gedaan")
    PARTLY = "partly", _("Deels gedaan")
    NOT_DONE = "not_done", _("Niet gedaan")


class QuestionAnswered(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Deels")
    NO = "no", _("Nee")


class ProfessionalHelp(models.TextChoices):
    REDUCED = "reduced", _("Minder")
    SAME = "same", _("Hetzelfde")
    INCREASED = "increased", _("Meer")


class SafetyHolds(models.TextChoices):
    YES = "yes", _("Ja, er geldt nog een minimumeis")
    NO = "no", _("Nee, er geldt geen minimumeis meer")
    NONE = "none", _("Er was geen minimumeis")


class Progress(models.TextChoices):
    DONE = "done", _("Gedaan")
    PARTLY = "partly", _("Deels gedaan")
    NOT_DONE = "not_done", _("Niet gedaan")


class FollowUp(LabelledModel):
    """One follow-up meeting (vervolgbijeenkomst): who came, how the plan went, what's next.

    `planned_for` is the date the plan had for this meeting when it was recorded (the late
    follow-up signal looks for it). Either the next meeting is planned (`next_at`) or the
    case was closed with it (`closes_case`), never both, never neither.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    planned_for = models.DateField(null=True, blank=True, editable=False)
    held_on = models.DateField(_("datum van de vervolgbijeenkomst"))
    present = models.ManyToManyField(
        "network.Person", blank=True, related_name="+", verbose_name=_("wie waren er")
    )
    # The outcome register (docs/outcomes.md).
    agreements = models.CharField(
        _("zijn de afspraken gedaan?"), max_length=10, choices=AgreementsOutcome.choices
    )
    question_answered = models.CharField(
        _("is de centrale vraag beantwoord?"), max_length=10, choices=QuestionAnswered.choices
    )
    professional_help = models.CharField(
        _("hulp van professionals"), max_length=10, choices=ProfessionalHelp.choices
    )
    safety_holds = models.CharField(
        _("geldt er nog een minimumeis?"), max_length=10, choices=SafetyHolds.choices
    )
    changes = models.TextField(_("wat verandert er?"), max_length=2000, blank=True)
    next_at = models.DateTimeField(_("volgende vervolgbijeenkomst"), null=True, blank=True)
    closes_case = models.BooleanField(_("traject afsluiten"), default=False)
    # Staff (manager, coordinator) or the case's main person in the family portal; one of the two.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_person = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("vervolgbijeenkomst")
        verbose_name_plural = _("vervolgbijeenkomsten")
        indexes = [
            models.Index(fields=["case", "planned_for"], name="followup_case_planned"),
            # The figures' refresh: follow-ups recorded since its last run (decision 146).
            models.Index(fields=["recorded_at"], name="followup_recorded"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreements__in=AgreementsOutcome.values),
                name="followup_agreements_valid",
            ),
            models.CheckConstraint(
                condition=Q(question_answered__in=QuestionAnswered.values),
                name="followup_question_valid",
            ),
            models.CheckConstraint(
                condition=Q(professional_help__in=ProfessionalHelp.values),
                name="followup_help_valid",
            ),
            models.CheckConstraint(
                condition=Q(safety_holds__in=SafetyHolds.values), name="followup_safety_valid"
            ),
            models.CheckConstraint(
                condition=(Q(closes_case=True) & Q(next_at__isnull=True))
                | (Q(closes_case=False) & Q(next_at__isnull=False)),
                name="followup_next_or_close",
            ),
        ]

    def __str__(self) -> str:
        return f"Vervolg {self.case_id} {self.held_on}"


class AgreementProgress(LabelledModel):
    """How one agreement of the plan went, as told at a follow-up meeting."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="progress")
    # SET_NULL: an agreement taken out of the plan later keeps its progress (with `what`).
    agreement = models.ForeignKey(
        "plans.Agreement", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    what = models.TextField(max_length=1000, editable=False)
    status = models.CharField(_("hoe ging het"), max_length=10, choices=Progress.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "agreement"], name="progress_once_per_agreement"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Progress.values), name="followup_progress_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follow_up_id}: {self.status}"


class OverdueSignal(LabelledModel):
    """Nothing was recorded two weeks after a planned follow-up: the manager's signal.

    One per case and planned date (the database holds it); resolved when a follow-up is
    recorded.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    planned_for = models.DateField()
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["planned_for", "id"]
        indexes = [models.Index(fields=["resolved_at", "planned_for", "id"], name="signal_open")]
        constraints = [
            models.UniqueConstraint(fields=["case", "planned_for"], name="signal_once_per_date")
        ]

    def __str__(self) -> str:
        return f"Vervolg te laat {self.case_id} {self.planned_for}"


class Reminder(LabelledModel):
    """A reminder that was queued: (kind, object, recipient, due date) at most once.

    Written in the same transaction as its outbox message, so two workers or a restart never
    send a reminder twice: the second insert fails on the unique constraint and its message is
    rolled back with it. The recipient is a person in a circle or a user (coordinator,
    manager); exactly one of the two.
    """

    kind = models.CharField(max_length=40)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    about_id = models.CharField(max_length=64)
    person = models.ForeignKey(
        "network.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    due = models.DateField()
    message_uuid = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about_id", "person", "due"],
                condition=Q(person__isnull=False),
                name="reminder_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["kind", "about_id", "user", "due"],
                condition=Q(user__isnull=False),
                name="reminder_once_per_user",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True, user__isnull=False)
                | Q(person__isnull=False, user__isnull=True),
                name="reminder_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.about_id} {self.due}"


class SurveyRole(models.TextChoices):
    PARTICIPANT = "participant", _("Deelnemer")
    PROFESSIONAL = "professional", _("Professional")


class SurveyInvitation(LabelledModel):
    """That this person was asked for the survey, and whether they answered: the marker that
    prevents a second answer. Their answer itself (`SurveyAnswer`) does not point back here."""

    person = models.OneToOneField(
        "network.Person", on_delete=models.CASCADE, related_name="survey_invitation"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The figures' refresh: answered since its last run; most never answer (decision 146).
        indexes = [
            models.Index(
                fields=["answered_at"],
                name="survey_answered",
                condition=Q(answered_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"Vragenlijst {self.person_id}"


def _score(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__gte": 1}) & Q(**{f"{name}__lte": 10}),
        name=f"survey_{name}_1_to_10",
    )


class SurveyAnswer(LabelledModel):
    """One filled-in satisfaction survey, without a name: no link to the person who gave it.

    Only the case (for the region, retention and reporting) and whether a participant or a
    professional answered; the date is kept to the month so that the order of answers does
    not point at a person either.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=SurveyRole.choices)
    heard = models.PositiveSmallIntegerField(_("voelde u zich gehoord?"))
    plan = models.PositiveSmallIntegerField(_("hoe tevreden bent u over het plan?"))
    coordinator = models.PositiveSmallIntegerField(_("hoe tevreden bent u over de coördinator?"))
    open_answer = models.TextField(_("wat wilt u ons nog zeggen?"), max_length=1000, blank=True)
    month = models.DateField()

    class Meta:
        ordering = ["month", "id"]
        indexes = [models.Index(fields=["month", "id"], name="survey_month")]
        constraints = [
            _score("heard"),
            _score("plan"),
            _score("coordinator"),
            models.CheckConstraint(
                condition=Q(role__in=SurveyRole.values), name="survey_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Vragenlijst {self.month:%Y-%m}"
