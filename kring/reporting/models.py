"""Summary tables for the figures (decision 0150).

Reporting reads the other apps and never writes into them. It keeps its own tables, refreshed by
the worker (`kring.reporting.refresh`):

- `FlowFigure`: one row per request and the trajectory it became, holding only the dimensions
  (week, month, region, municipality, variant, source, topics, language) and the measures of
  that one flow (stages reached, stop reason, lead times in days, attendance counts, safety
  requirements). No names, no contact details, no free text.
- `Cell` and `Tally`: the flows summed per week, month, region, municipality, variant, source
  and topic. Dashboards read only these: their size follows the number of weeks and
  municipalities, never the number of cases.
- `CoordinatorLoad`: each coordinator's open trajectories and languages, for workload and
  language coverage.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class FlowFigure(LabelledModel):
    """One request and the trajectory it became, reduced to figures."""

    # Kept when the request or case is deleted by retention: the figures stay, the link goes.
    request = models.OneToOneField(
        "intake.Request", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_on = models.DateField()
    week = models.DateField()  # the Monday of the week the request came in
    month = models.DateField()  # the first day of that month
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    variant = models.CharField(max_length=12, blank=True)  # "" while no trajectory started
    source = models.CharField(max_length=20, blank=True)  # who asked: self, family, professional
    topics = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=12, blank=True)  # the family's main language
    status = models.CharField(max_length=24, blank=True)

    info_conversation = models.BooleanField(default=False)
    trajectory = models.BooleanField(default=False)
    conference = models.BooleanField(default=False)
    plan_at_conference = models.BooleanField(default=False)
    plan_without_conference = models.BooleanField(default=False)
    follow_up = models.BooleanField(default=False)
    stopped = models.BooleanField(default=False)
    stopped_early = models.BooleanField(default=False)  # stopped before a conference
    stop_reason = models.CharField(max_length=30, blank=True)

    days_to_contact = models.PositiveIntegerField(null=True, blank=True)
    contact_in_time = models.BooleanField(null=True, blank=True)
    days_to_conference = models.PositiveIntegerField(null=True, blank=True)
    days_to_plan = models.PositiveIntegerField(null=True, blank=True)

    invited_family = models.PositiveSmallIntegerField(default=0)
    invited_network = models.PositiveSmallIntegerField(default=0)
    invited_professional = models.PositiveSmallIntegerField(default=0)
    present_family = models.PositiveSmallIntegerField(default=0)
    present_network = models.PositiveSmallIntegerField(default=0)
    present_professional = models.PositiveSmallIntegerField(default=0)
    requirements_set = models.PositiveSmallIntegerField(default=0)
    requirements_met = models.PositiveSmallIntegerField(default=0)
    # The outcome register at the first follow-up and after 6 and 12 months (decision 0156):
    # {"first" | "6m" | "12m": {field: code}}; codes only, never what was said.
    outcomes = models.JSONField(default=dict, blank=True)
    # The satisfaction scores given for this case (decision 0157): [[role, heard, plan,
    # coordinator], ...], without the open answers and without anything that points at a person.
    scores = models.JSONField(default=list, blank=True)

    # A finished flow is not computed again: retention may later delete the circle it was
    # counted from, and the figures of a closed year must not change.
    finished = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cijfers van een aanvraag")
        verbose_name_plural = _("cijfers van aanvragen")
        indexes = [
            models.Index(fields=["region", "municipality", "week", "month"], name="flow_group"),
        ]

    def __str__(self) -> str:
        return f"flow {self.pk}"


class Cell(LabelledModel):
    """The flows of one week (within one month), region, municipality, variant, source and
    topic, summed. `topic` "" holds every flow once; a row per topic holds the flows with that
    topic (a flow with two topics is in both), so a topic filter reads only its own rows."""

    week = models.DateField()
    month = models.DateField()
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    variant = models.CharField(max_length=12, blank=True)
    source = models.CharField(max_length=20, blank=True)
    topic = models.CharField(max_length=30, blank=True)

    requests = models.PositiveIntegerField(default=0)
    info_conversations = models.PositiveIntegerField(default=0)
    trajectories = models.PositiveIntegerField(default=0)
    conferences = models.PositiveIntegerField(default=0)
    plans_at_conference = models.PositiveIntegerField(default=0)
    plans_without_conference = models.PositiveIntegerField(default=0)
    follow_ups = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    stopped_early = models.PositiveIntegerField(default=0)
    contact_measured = models.PositiveIntegerField(default=0)
    contact_in_time = models.PositiveIntegerField(default=0)
    invited_family = models.PositiveIntegerField(default=0)
    invited_network = models.PositiveIntegerField(default=0)
    invited_professional = models.PositiveIntegerField(default=0)
    present_family = models.PositiveIntegerField(default=0)
    present_network = models.PositiveIntegerField(default=0)
    present_professional = models.PositiveIntegerField(default=0)
    requirements_set = models.PositiveIntegerField(default=0)
    requirements_met = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cijfercel")
        verbose_name_plural = _("cijfercellen")
        constraints = [
            models.UniqueConstraint(
                fields=["week", "month", "region", "municipality", "variant", "source", "topic"],
                name="cell_unique",
            )
        ]
        indexes = [
            models.Index(fields=["topic", "month", "region"], name="cell_topic_month_region"),
            models.Index(fields=["topic", "municipality", "month"], name="cell_topic_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.municipality_id} {self.variant} {self.source} {self.topic}"


class TallyKind(models.TextChoices):
    STOP_REASON = "stop_reason", _("reden van stoppen")
    DAYS_TO_CONTACT = "days_to_contact", _("dagen tot eerste contact")
    DAYS_TO_CONFERENCE = "days_to_conference", _("dagen tot conferentie")
    DAYS_TO_PLAN = "days_to_plan", _("dagen van conferentie tot plan")
    LANGUAGE = "language", _("taal")
    # Outcomes per window (value "field:code") and scores per respondent group (value
    # "question:score"): decisions 0156 and 0157.
    OUTCOME_FIRST = "outcome_first", _("uitkomst bij het eerste vervolg")
    OUTCOME_6M = "outcome_6m", _("uitkomst na 6 maanden")
    OUTCOME_12M = "outcome_12m", _("uitkomst na 12 maanden")
    SCORE_PARTICIPANT = "score_participant", _("cijfer van deelnemers")
    SCORE_PROFESSIONAL = "score_professional", _("cijfer van professionals")


class Tally(LabelledModel):
    """How many flows of a cell have one value of something that has many values: a stop
    reason, a language, or a lead time in days (the histogram medians are read from)."""

    cell = models.ForeignKey(Cell, on_delete=models.CASCADE, related_name="tallies")
    kind = models.CharField(max_length=20, choices=TallyKind.choices)
    value = models.CharField(max_length=30)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cell", "kind", "value"], name="tally_unique"),
            models.CheckConstraint(condition=Q(kind__in=TallyKind.values), name="tally_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.cell_id} {self.kind}={self.value}: {self.count}"


class CoordinatorLoad(LabelledModel):
    """A coordinator's open trajectories now, their maximum and their languages."""

    coordinator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    open_cases = models.PositiveIntegerField(default=0)
    max_cases = models.PositiveSmallIntegerField(default=0)
    languages = models.JSONField(default=list, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"load {self.coordinator_id}"


class RefreshState(LabelledModel):
    """Where the last refresh of the figures got to (one row)."""

    watermark = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    flows = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"refresh {self.finished_at}"
