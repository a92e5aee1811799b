"""Keeping the summary tables up to date (decision 0150).

The worker runs `refresh_figures` every few minutes (`KRING_SCHEDULE`). It finds the flows (a
request and the trajectory it became) that changed since the last run by their own timestamps
(the request, the case, the conference record, the circle, the minimum requirements and their
assessments, the follow-ups recorded and the survey answered), computes each again in a few
batched queries, and then sums the affected groups (one week, month, region and municipality)
into `Cell` and `Tally` rows from their `FlowFigure` rows. Nothing here reads all cases; only
`full=True` (the management command `refresh_figures --full`, after an upgrade) does.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kring.accounts.models import Role, User
from kring.cases.models import Case
from kring.cases.states import COORDINATOR_TASK_STATES, FINISHED_STATES, Status, StopReason
from kring.conferences.models import ConferenceRecord
from kring.conferences.models import Invitation as ConferenceInvitation
from kring.coordinators.models import CoordinatorProfile
from kring.followup.models import FollowUp, SurveyAnswer, SurveyInvitation
from kring.intake.models import Request
from kring.intake.states import RequestStatus
from kring.network.models import Person, Ring, SafetyRequirement
from kring.network.states import PersonStatus
from kring.plans.models import Outcome, SafetyAssessment
from kring.reporting.models import Cell, CoordinatorLoad, FlowFigure, RefreshState, Tally

# Changes written while a refresh runs are picked up by the next one.
OVERLAP = datetime.timedelta(minutes=2)
BATCH = 500

RING_GROUP: dict[str, str] = {
    Ring.HOUSEHOLD: "family",
    Ring.FAMILY: "family",
    Ring.COMMUNITY: "network",
    Ring.PROFESSIONALS: "professional",
}
NOT_INVITED = frozenset({PersonStatus.SUGGESTED, PersonStatus.INFORMED})

# The per-flow booleans and counts that a cell sums, by cell field.
SUMS: dict[str, str] = {
    "info_conversations": "info_conversation",
    "trajectories": "trajectory",
    "conferences": "conference",
    "plans_at_conference": "plan_at_conference",
    "plans_without_conference": "plan_without_conference",
    "follow_ups": "follow_up",
    "stopped": "stopped",
    "stopped_early": "stopped_early",
    "invited_family": "invited_family",
    "invited_network": "invited_network",
    "invited_professional": "invited_professional",
    "present_family": "present_family",
    "present_network": "present_network",
    "present_professional": "present_professional",
    "requirements_set": "requirements_set",
    "requirements_met": "requirements_met",
}

# The outcome register's fields (docs/outcomes.md) and the survey's questions, as reported.
OUTCOME_FIELDS = ("agreements", "question_answered", "professional_help", "safety_holds")
QUESTIONS = ("heard", "plan", "coordinator")
# The follow-up after 6 and 12 months: the one nearest to that many months after the
# conference, within two months either side (decision 0156).
WINDOWS: dict[str, int] = {"6m": 6, "12m": 12}
WINDOW_MARGIN = 2

Group = tuple[int, int, datetime.date, datetime.date]  # region, municipality, week, month
# A group with the variant, source and topic.
CellKey = tuple[int, int, datetime.date, datetime.date, str, str, str]


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week `day` falls in."""
    return day - datetime.timedelta(days=day.weekday())


def _days(start: datetime.datetime | None, end: datetime.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, (timezone.localdate(end) - timezone.localdate(start)).days)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


Meeting = tuple[datetime.date, dict[str, str]]  # held on, the outcome register


def outcomes_at(anchor: datetime.date | None, meetings: list[Meeting]) -> dict[str, dict[str, str]]:
    """The outcome register at the first follow-up and, counted from `anchor` (the conference,
    else the plan), at the follow-up nearest to 6 and to 12 months within two months either
    side; of two equally near, the earlier. One meeting may be both the first and the 6-month
    one. `meetings` in the order they were held."""
    out: dict[str, dict[str, str]] = {}
    if not meetings:
        return out
    out["first"] = meetings[0][1]
    if anchor is None:
        return out
    for key, months in WINDOWS.items():
        target = add_months(anchor, months)
        low = add_months(anchor, months - WINDOW_MARGIN)
        high = add_months(anchor, months + WINDOW_MARGIN)
        inside = [m for m in meetings if low <= m[0] <= high]
        if inside:
            out[key] = min(inside, key=lambda m: abs((m[0] - target).days))[1]
    return out


def _chunks(items: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ids(rows: QuerySet[Any], field: str) -> set[int]:
    """The values of `field` in `rows`, without the model's default ordering (no sort)."""
    return set(rows.order_by().values_list(field, flat=True))


@dataclass
class Changed:
    request_ids: set[int]
    case_ids: set[int]  # cases without a request (made before requests led to cases)


def changed_since(since: datetime.datetime | None) -> Changed:
    """The flows to compute again: everything when `since` is None, else what changed."""
    if since is None:
        return _unfinished(
            set(Request.objects.values_list("id", flat=True)),
            set(Case.objects.filter(request__isnull=True).values_list("id", flat=True)),
        )
    # Each filter reads an index of its own (the ORs a BitmapOr of them), unsorted: the ids go
    # into sets (decision 146).
    request_ids = _ids(Request.objects.filter(updated_at__gte=since), "id")
    case_ids = _ids(Case.objects.filter(updated_at__gte=since), "id")
    case_ids |= _ids(ConferenceRecord.objects.filter(updated_at__gte=since), "case_id")
    case_ids |= _ids(
        Person.objects.filter(Q(created_at__gte=since) | Q(answered_at__gte=since)), "case_id"
    )
    case_ids |= _ids(ConferenceInvitation.objects.filter(sent_at__gte=since), "person__case_id")
    case_ids |= _ids(
        SafetyRequirement.all_objects.filter(
            Q(created_at__gte=since) | Q(changed_at__gte=since) | Q(withdrawn_at__gte=since)
        ),
        "case_id",
    )
    # Follow-ups are never changed after they are recorded; an answer to the survey has only
    # its month, so its person's marker (`answered_at`) says when the case got a new one.
    case_ids |= _ids(FollowUp.objects.filter(recorded_at__gte=since), "case_id")
    case_ids |= _ids(SurveyInvitation.objects.filter(answered_at__gte=since), "person__case_id")
    case_ids |= _ids(SafetyAssessment.objects.filter(assessed_at__gte=since), "plan__case_id")
    for case_id, request_id in Case.objects.filter(id__in=case_ids).values_list("id", "request_id"):
        if request_id is not None:
            request_ids.add(request_id)
            case_ids.discard(case_id)
    return _unfinished(request_ids, case_ids)


def _unfinished(request_ids: set[int], case_ids: set[int]) -> Changed:
    # A finished flow keeps its figures (see FlowFigure.finished).
    request_ids -= set(
        FlowFigure.objects.filter(request_id__in=request_ids, finished=True).values_list(
            "request_id", flat=True
        )
    )
    case_ids -= set(
        FlowFigure.objects.filter(case_id__in=case_ids, finished=True).values_list(
            "case_id", flat=True
        )
    )
    return Changed(request_ids, case_ids)


def _circle(case_ids: list[int]) -> dict[int, Counter[str]]:
    """Per case: invited and present people per group (family, network, professional)."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    rows = Person.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "ring", "status", "is_main_person"
    )
    for case_id, ring, status, is_main in rows:
        group = "family" if is_main else RING_GROUP.get(ring, "network")
        if status not in NOT_INVITED or is_main:
            counts[case_id][f"invited_{group}"] += 1
        if status == PersonStatus.PRESENT:
            counts[case_id][f"present_{group}"] += 1
    return counts


def _safety(case_ids: list[int]) -> dict[int, Counter[str]]:
    """Per case: minimum requirements in force, and how many of them were last judged met."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    requirement_case = dict(
        SafetyRequirement.objects.filter(case_id__in=case_ids).values_list("id", "case_id")
    )
    for case_id in requirement_case.values():
        counts[case_id]["requirements_set"] += 1
    last: dict[int, str] = {}
    for requirement_id, outcome in (
        SafetyAssessment.objects.filter(requirement_id__in=list(requirement_case))
        .order_by("assessed_at", "id")
        .values_list("requirement_id", "outcome")
    ):
        last[requirement_id] = outcome
    for requirement_id, outcome in last.items():
        if outcome == Outcome.MET:
            counts[requirement_case[requirement_id]]["requirements_met"] += 1
    return counts


def _follow_ups(case_ids: list[int]) -> dict[int, list[Meeting]]:
    """Per case: its follow-ups' outcome registers, in the order they were held."""
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    rows = (
        FollowUp.objects.filter(case_id__in=case_ids)
        .order_by("held_on", "id")
        .values_list("case_id", "held_on", *OUTCOME_FIELDS)
    )
    for case_id, held_on, *codes in rows:
        meetings[case_id].append((held_on, dict(zip(OUTCOME_FIELDS, codes, strict=True))))
    return meetings


def _scores(case_ids: list[int]) -> dict[int, list[list[str | int]]]:
    """Per case: the survey's scores with the respondent group (never the open answer)."""
    scores: dict[int, list[list[str | int]]] = defaultdict(list)
    rows = (
        SurveyAnswer.objects.filter(case_id__in=case_ids)
        .order_by("id")
        .values_list("case_id", "role", *QUESTIONS)
    )
    for case_id, role, *marks in rows:
        scores[case_id].append([role, *marks])
    return scores


def _anchor(case: Case) -> datetime.date | None:
    held = case.conference_held_at or case.plan_delivered_at
    return timezone.localdate(held) if held is not None else None


def flow_figure(
    request: Request | None,
    case: Case | None,
    circle: Counter[str] | None = None,
    safety: Counter[str] | None = None,
    meetings: list[Meeting] | None = None,
    scores: list[list[str | int]] | None = None,
) -> FlowFigure:
    """The figures of one flow (unsaved)."""
    assert request is not None or case is not None
    requested_at = request.created_at if request is not None else case.requested_at  # type: ignore[union-attr]
    day = timezone.localdate(requested_at)
    place = case if case is not None else request
    assert place is not None
    flow = FlowFigure(
        request=request,
        case=case,
        requested_on=day,
        week=week_of(day),
        month=day.replace(day=1),
        region_id=place.region_id,
        municipality_id=place.municipality_id,
        variant=case.variant if case is not None else "",
        source=request.requester_type if request is not None else "",
        topics=sorted(set(place.topics or [])),
        language=place.main_language or "",
        status=case.status if case is not None else "",
        info_conversation=request is not None and request.info_conversation_at is not None,
        trajectory=case is not None,
        refreshed_at=timezone.now(),
    )
    first_contact = (request.first_contact_at if request is not None else None) or (
        case.first_contact_at if case is not None else None
    )
    due = (request.contact_due if request is not None else None) or (
        case.contact_due if case is not None else None
    )
    flow.days_to_contact = _days(requested_at, first_contact)
    if first_contact is not None and due is not None:
        flow.contact_in_time = timezone.localdate(first_contact) <= due
    if case is not None:
        flow.conference = case.conference_held_at is not None
        flow.stopped = case.status == Status.STOPPED
        flow.stop_reason = case.stop_reason if flow.stopped else ""
        flow.plan_without_conference = case.stop_reason == StopReason.PLAN_WITHOUT_CONFERENCE
        flow.plan_at_conference = flow.conference and case.plan_delivered_at is not None
        flow.follow_up = case.follow_up_at is not None
        flow.stopped_early = (
            flow.stopped and not flow.conference and not flow.plan_without_conference
        )
        flow.days_to_conference = _days(requested_at, case.conference_held_at)
        flow.days_to_plan = _days(case.conference_held_at, case.plan_delivered_at)
        flow.finished = case.status in FINISHED_STATES
        for key, value in (circle or Counter()).items():
            setattr(flow, key, value)
        for key, value in (safety or Counter()).items():
            setattr(flow, key, value)
        flow.outcomes = outcomes_at(_anchor(case), meetings or [])
        flow.scores = scores or []
    else:
        flow.finished = request is not None and request.status == RequestStatus.CLOSED
    return flow


def _group(flow: FlowFigure) -> Group:
    return (flow.region_id, flow.municipality_id, flow.week, flow.month)


def refresh_flows(changed: Changed) -> set[Group]:
    """Compute the changed flows again; returns the groups whose cells must be summed again."""
    groups: set[Group] = set()
    for ids in _chunks(sorted(changed.request_ids)):
        requests = list(Request.objects.filter(id__in=ids))
        cases = {c.request_id: c for c in Case.objects.filter(request_id__in=ids)}
        groups |= _store(
            [(r, cases.get(r.id)) for r in requests], FlowFigure.objects.filter(request_id__in=ids)
        )
    for ids in _chunks(sorted(changed.case_ids)):
        cases_only = list(Case.objects.filter(id__in=ids, request__isnull=True))
        groups |= _store(
            [(None, c) for c in cases_only], FlowFigure.objects.filter(case_id__in=ids)
        )
    return groups


def _store(
    pairs: list[tuple[Request | None, Case | None]], old: Iterable[FlowFigure]
) -> set[Group]:
    old_rows = list(old)
    groups = {_group(f) for f in old_rows}
    case_ids = [c.id for _r, c in pairs if c is not None]
    circle = _circle(case_ids)
    safety = _safety(case_ids)
    meetings = _follow_ups(case_ids)
    scores = _scores(case_ids)
    flows = [
        flow_figure(r, c, circle.get(c.id), safety.get(c.id), meetings.get(c.id), scores.get(c.id))
        if c is not None
        else flow_figure(r, None)
        for r, c in pairs
    ]
    FlowFigure.objects.filter(id__in=[f.id for f in old_rows]).delete()
    FlowFigure.objects.bulk_create(flows)
    groups |= {_group(f) for f in flows}
    return groups


def _group_filter(groups: list[Group]) -> Q:
    q = Q(pk__in=[])
    for region, municipality, week, month in groups:
        q |= Q(region_id=region, municipality_id=municipality, week=week, month=month)
    return q


def rebuild_cells(groups: Iterable[Group]) -> int:
    """Sum the flows of these groups into their cells again; returns the number of cells."""
    made = 0
    ordered = sorted(groups)
    for i in range(0, len(ordered), 100):
        batch = ordered[i : i + 100]
        where = _group_filter(batch)
        Cell.objects.filter(where).delete()
        sums: dict[CellKey, Counter[str]] = defaultdict(Counter)
        tallies: dict[CellKey, Counter[tuple[str, str]]] = defaultdict(Counter)
        for flow in FlowFigure.objects.filter(where):
            for topic in ["", *flow.topics]:
                key = (*_group(flow), flow.variant, flow.source, topic)
                add = sums[key]
                add["requests"] += 1
                for cell_field, flow_field in SUMS.items():
                    add[cell_field] += int(getattr(flow, flow_field))
                if flow.contact_in_time is not None:
                    add["contact_measured"] += 1
                    add["contact_in_time"] += int(flow.contact_in_time)
                tally = tallies[key]
                if flow.stop_reason:
                    tally[("stop_reason", flow.stop_reason)] += 1
                if flow.language:
                    tally[("language", flow.language)] += 1
                for kind in ("days_to_contact", "days_to_conference", "days_to_plan"):
                    days = getattr(flow, kind)
                    if days is not None:
                        tally[(kind, str(days))] += 1
                for window, register in flow.outcomes.items():
                    for name, code in register.items():
                        tally[(f"outcome_{window}", f"{name}:{code}")] += 1
                for role, *marks in flow.scores:
                    for question, mark in zip(QUESTIONS, marks, strict=True):
                        tally[(f"score_{role}", f"{question}:{mark}")] += 1
        cells = [
            Cell(
                region_id=key[0],
                municipality_id=key[1],
                week=key[2],
                month=key[3],
                variant=key[4],
                source=key[5],
                topic=key[6],
                **values,
            )
            for key, values in sums.items()
        ]
        Cell.objects.bulk_create(cells)
        Tally.objects.bulk_create(
            [
                Tally(cell=cell, kind=kind, value=value, count=count)
                for key, cell in zip(sums, cells, strict=True)
                for (kind, value), count in tallies[key].items()
            ]
        )
        made += len(cells)
    return made


def refresh_loads() -> None:
    """Each coordinator's open trajectories (by the coordinator index) and languages."""
    open_cases = dict(
        Case.objects.filter(coordinator__isnull=False, status__in=sorted(COORDINATOR_TASK_STATES))
        .values_list("coordinator_id")
        .annotate(n=Count("id"))
        .values_list("coordinator_id", "n")
    )
    profiles = {
        p.user_id: p
        for p in CoordinatorProfile.objects.filter(
            user__role=Role.COORDINATOR, user__is_active=True
        )
    }
    ids = set(profiles) | set(open_cases)
    now = timezone.now()
    CoordinatorLoad.objects.exclude(coordinator_id__in=ids).delete()
    existing = set(User.objects.filter(id__in=ids).values_list("id", flat=True))
    CoordinatorLoad.objects.filter(coordinator_id__in=ids).delete()
    CoordinatorLoad.objects.bulk_create(
        [
            CoordinatorLoad(
                coordinator_id=uid,
                open_cases=open_cases.get(uid, 0),
                max_cases=profiles[uid].max_cases if uid in profiles else 0,
                languages=list(profiles[uid].languages or []) if uid in profiles else [],
                refreshed_at=now,
            )
            for uid in sorted(ids & existing)
        ]
    )


def refresh_figures(*, full: bool = False) -> int:
    """Bring the summary tables up to date; returns the number of flows computed again."""
    started = timezone.now()
    with transaction.atomic():
        state, _created = RefreshState.objects.select_for_update().get_or_create(pk=1)
        since = None if full else state.watermark
        changed = changed_since(since)
        groups = refresh_flows(changed)
        if full:
            Cell.objects.all().delete()
            groups = set(
                FlowFigure.objects.values_list("region_id", "municipality_id", "week", "month")
            )
        rebuild_cells(groups)
        refresh_loads()
        state.watermark = started - OVERLAP
        state.finished_at = timezone.now()
        state.flows = len(changed.request_ids) + len(changed.case_ids)
        state.save()
    return state.flows
