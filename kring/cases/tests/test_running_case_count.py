"""The kept count of running cases per coordinator (`RunningCaseCount`, decision 192) equals a
fresh count from the cases after every transition, is set right by `recount` and by the
migration's fill, and the nightly job reports what it had to correct."""

from __future__ import annotations

import datetime
import importlib
import logging
import random
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from kring.accounts.models import Role, User
from kring.audit.models import AuditEvent
from kring.cases import load, transitions
from kring.cases.models import Case, ContactChannel, RunningCaseCount
from kring.cases.states import COORDINATOR_TASK_STATES, OPEN_STATES, Status, StopReason
from kring.cases.tasks import recount_running_cases
from kring.cases.tests.factories import new_case

pytestmark = pytest.mark.django_db


def fresh_counts() -> dict[int, int]:
    """Running cases per coordinator, counted from the cases (those with none left out)."""
    return dict(
        Counter(
            Case.objects.filter(
                status__in=COORDINATOR_TASK_STATES, coordinator__isnull=False
            ).values_list("coordinator_id", flat=True)
        )
    )


def kept_counts() -> dict[int, int]:
    """The kept counts (rows at 0 left out, as a fresh count has no entry for them)."""
    return {c: n for c, n in RunningCaseCount.objects.values_list("coordinator_id", "running") if n}


def assert_counts_right() -> None:
    assert kept_counts() == fresh_counts()
    # Every coordinator a case names has a row, even at 0 (one per coordinator who had a case).
    named = set(
        Case.objects.filter(coordinator__isnull=False).values_list("coordinator", flat=True)
    )
    assert named <= set(RunningCaseCount.objects.values_list("coordinator_id", flat=True))


# How often, against 1 for the rest, a walk takes a move that ends a case or sends it back.
BACKWARDS = {
    "stop": 0.1,
    "withdraw": 0.3,
    "conflict": 0.3,
    "conflict_later": 0.4,
    "replace": 0.4,
    "cancel": 0.4,
}


def _vet(case: Case) -> dict[str, object]:
    return {"rank": 1, "score": 100}


class Walk:
    """Random walks through the real transition functions, over a few cases and coordinators;
    every verb that changes a case's status or coordinator is one of the moves."""

    def __init__(self, rng: random.Random, municipality, manager: User, coordinators: list[User]):
        self.rng = rng
        self.municipality = municipality
        self.manager = manager
        self.coordinators = coordinators
        self.done: Counter[str] = Counter()

    def new(self) -> Case:
        return new_case(municipality=self.municipality, regional_manager=self.manager)

    def moves(self, case: Case) -> dict[str, Callable[[], object]]:
        """The verbs `case` allows now, each as a call with made-up but valid arguments."""
        T, s, m = transitions, case.status, self.manager
        rng = self.rng
        moves: dict[str, Callable[[], object]] = {}
        others = [c for c in self.coordinators if c.pk != case.coordinator_id]
        if s == Status.REQUESTED:
            moves["assign"] = lambda: T.assign_coordinator(
                case, rng.choice(self.coordinators), actor=m, check=_vet
            )
        if s in COORDINATOR_TASK_STATES:
            moves["replace"] = lambda: T.replace_coordinator(
                case, rng.choice(others), actor=m, reason="Ziek", check=_vet
            )
            if case.coordinator is not None and case.independence_declared_at is None:
                coordinator = case.coordinator
                moves["declare"] = lambda: T.declare_independence(
                    case, actor=coordinator, has_conflict=False
                )
                key = "conflict" if s == Status.COORDINATOR_ASSIGNED else "conflict_later"
                moves[key] = lambda: T.declare_independence(
                    case, actor=coordinator, has_conflict=True, note="Buurman"
                )
        if s == Status.COORDINATOR_ASSIGNED:
            moves["withdraw"] = lambda: T.withdraw_assignment(case, actor=m, reason="Ander")
            if case.independence_declared_at is not None:
                moves["first_contact"] = lambda: T.record_first_contact(
                    case,
                    actor=case.coordinator or m,
                    occurred_on=timezone.localdate(),
                    with_whom="Moeder",
                    channel=ContactChannel.PHONE,
                )
        later: dict[str, list[tuple[str, Callable[[], object]]]] = {
            Status.IN_PREPARATION: [
                ("schedule", lambda: T.schedule_conference(case, actor=m, check=T.no_check))
            ],
            Status.CONFERENCE_SCHEDULED: [
                ("cancel", lambda: T.cancel_conference(case, actor=m)),
                ("hold", lambda: T.record_conference(case, actor=m)),
            ],
            Status.CONFERENCE_HELD: [
                ("deliver", lambda: T.deliver_plan(case, actor=m, check=T.no_check))
            ],
            Status.PLAN_DELIVERED: [("check_in", lambda: T.record_check_in(case, actor=m))],
            Status.CHECK_IN_DONE: [
                ("follow_up", lambda: T.start_follow_up(case, actor=m)),
                ("close", lambda: T.close_case(case, actor=m)),
            ],
            Status.FOLLOW_UP: [("close", lambda: T.close_case(case, actor=m))],
        }
        moves.update(later.get(s, []))
        if s in OPEN_STATES:
            moves["stop"] = lambda: T.stop_case(
                case, actor=m, reason=rng.choice([StopReason.WITHDRAWN, StopReason.NO_FUNDING])
            )
        return moves

    def step(self, cases: list[Case]) -> None:
        index = self.rng.randrange(len(cases))
        case = Case.objects.get(pk=cases[index].pk)
        moves = self.moves(case)
        if not moves:  # finished: a new case takes its place
            cases[index] = self.new()
            return
        # The moves that end a case early or send it back are taken less often, so that
        # walks also reach the end of the coordinator's task and beyond.
        names = sorted(moves)
        name = self.rng.choices(names, weights=[BACKWARDS.get(n, 1.0) for n in names])[0]
        moves[name]()
        self.done[name] += 1


@pytest.mark.parametrize("seed", [192, 15, 2026])
def test_every_transition_keeps_the_count_equal_to_a_fresh_count(
    seed, municipality, manager, make_user
):
    coordinators = [make_user(Role.COORDINATOR) for _i in range(3)]
    walk = Walk(random.Random(seed), municipality, manager, coordinators)
    cases = [walk.new() for _i in range(4)]
    for _n in range(160):
        walk.step(cases)
        assert_counts_right()
    # The walk went everywhere: a verb never taken proves nothing about its count.
    assert set(walk.done) >= {
        "assign",
        "declare",
        "conflict",
        "conflict_later",
        "withdraw",
        "first_contact",
        "replace",
        "schedule",
        "cancel",
        "hold",
        "deliver",
        "check_in",
        "follow_up",
        "close",
        "stop",
    }, walk.done


def test_a_case_that_runs_is_counted_once_however_it_moves(municipality, manager, coordinator):
    """One case from start to close, checked at each step: the count is 1 exactly while the
    coordinator's task runs."""
    case = new_case(municipality=municipality, regional_manager=manager)

    def running() -> int:
        row = RunningCaseCount.objects.filter(coordinator=coordinator).first()
        return row.running if row else 0

    T, m = transitions, manager
    T.assign_coordinator(case, coordinator, actor=m, check=_vet)
    assert running() == 1
    T.declare_independence(case, actor=coordinator, has_conflict=False)
    T.record_first_contact(
        case,
        actor=coordinator,
        occurred_on=timezone.localdate() - datetime.timedelta(days=1),
        with_whom="Moeder",
        channel=ContactChannel.PHONE,
    )
    T.schedule_conference(case, actor=m, check=T.no_check)
    T.cancel_conference(case, actor=m)
    T.schedule_conference(case, actor=m, check=T.no_check)
    T.record_conference(case, actor=m)
    T.deliver_plan(case, actor=m, check=T.no_check)
    assert running() == 1
    T.record_check_in(case, actor=m)
    assert running() == 0
    T.close_case(case, actor=m)
    assert running() == 0
    assert_counts_right()


def test_recount_corrects_rows_set_wrong_on_purpose(municipality, make_user):
    a, b, c, d = (make_user(Role.COORDINATOR) for _i in range(4))
    for coordinator, n in ((a, 2), (b, 1)):
        for _i in range(n):
            new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
    new_case(municipality=municipality, coordinator=c, checked_in=True)
    assert load.recount() == 0  # the factory left them right
    RunningCaseCount.objects.filter(coordinator=a).update(running=7)  # wrong
    RunningCaseCount.objects.filter(coordinator=b).delete()  # missing
    RunningCaseCount.objects.create(coordinator=d, running=3)  # d never had a case
    assert load.recount([a.pk]) == 1  # only the one asked for
    RunningCaseCount.objects.filter(coordinator=a).update(running=7)
    assert load.recount() == 3  # a, b and d; c's row (0) was right
    assert dict(RunningCaseCount.objects.values_list("coordinator_id", "running")) == {
        a.pk: 2,
        b.pk: 1,
        c.pk: 0,
        d.pk: 0,
    }
    assert load.recount() == 0


def test_the_nightly_job_reports_what_it_corrected(municipality, coordinator, settings, caplog):
    assert settings.KRING_SCHEDULE["kring.cases.tasks.recount_running_cases"].startswith("daily")
    new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
    with caplog.at_level(logging.INFO, logger="kring.cases.tasks"):
        assert recount_running_cases.call() == 0
    assert not AuditEvent.objects.filter(key="case.running_recounted").exists()
    RunningCaseCount.objects.filter(coordinator=coordinator).update(running=5)
    with caplog.at_level(logging.INFO, logger="kring.cases.tasks"):
        assert recount_running_cases.call() == 1
    [event] = AuditEvent.objects.filter(key="case.running_recounted")
    assert event.changes == {"corrected": 1}
    assert "1 coordinators' counts corrected" in caplog.text
    assert_counts_right()


def test_the_migration_fills_the_counts_from_the_cases(municipality, make_user):
    migration = importlib.import_module("kring.cases.migrations.0011_running_case_count")
    a, b, c = (make_user(Role.COORDINATOR) for _i in range(3))
    new_case(municipality=municipality, coordinator=a, in_preparation=True)
    new_case(municipality=municipality, coordinator=a, delivered=True)
    new_case(municipality=municipality, coordinator=b, assigned=True)
    new_case(municipality=municipality, coordinator=c, checked_in=True)
    new_case(municipality=municipality, coordinator=c, stopped=True)
    # As before the migration: no counts at all (and the frozen state list still the code's).
    assert sorted(migration.RUNNING) == sorted(COORDINATOR_TASK_STATES)
    RunningCaseCount.objects.all().delete()
    migration.fill_running_counts(apps, SimpleNamespace(connection=connection))
    assert dict(RunningCaseCount.objects.values_list("coordinator_id", "running")) == {
        a.pk: 2,
        b.pk: 1,
        c.pk: 0,
    }
    # Run again (an interrupted migration): the rows are set right, not doubled.
    RunningCaseCount.objects.filter(coordinator=a).update(running=9)
    migration.fill_running_counts(apps, SimpleNamespace(connection=connection))
    assert RunningCaseCount.objects.get(coordinator=a).running == 2
    assert_counts_right()


def test_a_count_never_goes_below_zero(municipality, manager, coordinator):
    """A count too low (a case written around the transitions) does not stop a case from
    moving; the nightly recount sets it right."""
    case = new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
    RunningCaseCount.objects.filter(coordinator=coordinator).update(running=0)
    transitions.stop_case(case, actor=manager, reason=StopReason.WITHDRAWN)
    assert RunningCaseCount.objects.get(coordinator=coordinator).running == 0
    assert Case.objects.get(pk=case.pk).status == Status.STOPPED
