"""The state table, tested exhaustively: every pair of states is either allowed or refused."""

import itertools
from typing import Any

import pytest

from kring.accounts.models import Role, User
from kring.accounts.tests.factories import UserFactory
from kring.audit.models import AuditEvent
from kring.cases import transitions
from kring.cases.models import Case
from kring.cases.states import ALLOWED, OPEN_STATES, Status, can_move
from kring.cases.tests.factories import new_case
from kring.cases.transitions import TransitionError, move
from kring.cases.views import SIMPLE_ACTIONS

S = Status
# Written out independently of states.py: the process as the issue describes it.
EXPECTED = {
    (S.REQUESTED, S.COORDINATOR_ASSIGNED),
    (S.COORDINATOR_ASSIGNED, S.IN_PREPARATION),
    (S.COORDINATOR_ASSIGNED, S.REQUESTED),  # conflict of interest declared
    (S.IN_PREPARATION, S.CONFERENCE_SCHEDULED),
    (S.CONFERENCE_SCHEDULED, S.CONFERENCE_HELD),
    (S.CONFERENCE_SCHEDULED, S.IN_PREPARATION),  # conference cancelled
    (S.CONFERENCE_HELD, S.PLAN_DELIVERED),
    (S.PLAN_DELIVERED, S.CHECK_IN_DONE),
    (S.CHECK_IN_DONE, S.FOLLOW_UP),
    (S.CHECK_IN_DONE, S.CLOSED),
    (S.FOLLOW_UP, S.CLOSED),
    *((state, S.STOPPED) for state in OPEN_STATES),
}
ALL_PAIRS = list(itertools.product(Status, Status))


def test_every_open_state_can_be_stopped_and_closed_states_are_final():
    assert set(OPEN_STATES) == set(Status) - {S.CLOSED, S.STOPPED}
    assert ALLOWED[S.CLOSED] == frozenset()
    assert ALLOWED[S.STOPPED] == frozenset()


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=lambda s: str(s))
def test_table_allows_exactly_the_expected_moves(current, target):
    assert can_move(current, target) is ((current, target) in EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=lambda s: str(s))
def test_move_follows_the_table_for_every_pair(current, target, municipality):
    coordinator: User = UserFactory.create(role=Role.COORDINATOR)
    case = new_case(
        municipality=municipality,
        status=current,
        coordinator=coordinator,
        stop_reason="other" if current == S.STOPPED else "",
    )
    actor: User = UserFactory.create(role=Role.ADMIN, is_superuser=True)
    extra: dict[str, Any] = {"stop_reason": "withdrawn"} if target == S.STOPPED else {}
    if target == S.REQUESTED:
        extra["coordinator"] = None
    if (current, target) in EXPECTED:
        with transitions.locked(case) as locked:
            move(locked, target, actor=actor, **extra)
        case.refresh_from_db()
        assert case.status == target
        assert getattr(case, f"{target}_at") is not None
        event = AuditEvent.objects.get(case_id=case.uuid, action="transition")
        assert event.changes["status"] == [current, target]
    else:
        with pytest.raises(TransitionError) as refused, transitions.locked(case) as locked:
            move(locked, target, actor=actor, **extra)
        assert "Dit kan nu niet" in refused.value.reasons[0]
        assert Case.objects.get(pk=case.pk).status == current
        assert not AuditEvent.objects.filter(case_id=case.uuid).exists()


@pytest.mark.django_db
def test_a_check_refuses_with_its_reasons(municipality, coordinator):
    case = new_case(in_preparation=True, coordinator=coordinator, municipality=municipality)

    def needs_a_date(c):
        return ["Vul eerst de datum van de conferentie in."]

    with pytest.raises(TransitionError) as refused:
        transitions.schedule_conference(case, actor=coordinator, check=needs_a_date)
    assert refused.value.reasons == ["Vul eerst de datum van de conferentie in."]
    assert Case.objects.get(pk=case.pk).status == S.IN_PREPARATION


def test_every_button_on_the_case_page_is_a_move_in_the_table():
    targets = {
        "close_case": S.CLOSED,
    }
    assert {a.name for a in SIMPLE_ACTIONS} == set(targets)
    for action in SIMPLE_ACTIONS:
        for state in action.from_states:
            assert can_move(state, targets[action.name]), action.name
