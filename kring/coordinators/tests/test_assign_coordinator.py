"""Assigning a coordinator: the registry's rules on top of the case's verb, the audit, the mail,
and two managers at once (the concurrent variant needs PostgreSQL's row locks)."""

import threading

import pytest
from django.core import mail
from django.db import connection

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases.models import Case, CoordinatorAssignment
from kring.cases.states import Status
from kring.coordinators import assignment
from kring.coordinators.assignment import OverrideReasonRequired
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.core.states import TransitionError

pytestmark = pytest.mark.django_db


def _events(case, action="transition"):
    return list(AuditEvent.objects.filter(case_id=case.uuid, action=action).order_by("id"))


class TestAssignCoordinator:
    def test_assigns_stamps_audits_and_mails_the_coordinator(
        self, requested_case, coordinator, manager, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assignment.assign(requested_case, coordinator, actor=manager)
        case = Case.objects.get(pk=requested_case.pk)
        assert case.status == Status.COORDINATOR_ASSIGNED
        assert case.coordinator == coordinator
        assert case.coordinator_assigned_at is not None
        assert case.independence_declared_at is None
        [event] = _events(case)
        assert event.actor == manager
        assert event.changes["status"] == ["requested", "coordinator_assigned"]
        [message] = mail.outbox
        assert message.to == [coordinator.email]
        assert case.reference in message.subject
        # No personal detail in the mail: the coordinator has not declared independence yet.
        assert "Fatima el Idrissi" not in message.body
        assert case.question not in message.body

    def test_refuses_a_coordinator_without_training(self, requested_case, manager, make_user):
        untrained = make_user(Role.COORDINATOR)
        CoordinatorProfileFactory(user=untrained, untrained=True)
        with pytest.raises(TransitionError) as refused:
            assignment.assign(requested_case, untrained, actor=manager)
        assert "Training nog niet afgerond" in refused.value.reasons
        assert Case.objects.get(pk=requested_case.pk).status == Status.REQUESTED

    def test_refuses_someone_not_in_the_registry(self, requested_case, manager, make_user):
        without_profile = make_user(Role.COORDINATOR)
        with pytest.raises(TransitionError):
            assignment.assign(requested_case, without_profile, actor=manager)

    def test_a_lower_ranked_pick_needs_a_reason(
        self, requested_case, coordinator, manager, make_coordinator, other_region
    ):
        elsewhere = make_coordinator(regions=[other_region])
        with pytest.raises(OverrideReasonRequired):
            assignment.assign(requested_case, elsewhere, actor=manager)
        assignment.assign(
            requested_case,
            elsewhere,
            actor=manager,
            override_reason="Kent de wijk goed en spreekt het dialect",
        )
        [event] = _events(requested_case)
        # The reason is kept in the assignment history; the audit row points at it.
        assert event.reason == ""
        assert event.changes["rank"] == 2
        row = CoordinatorAssignment.objects.get(case=requested_case)
        assert str(row.uuid) == event.changes["assignment"]
        assert (row.kind, row.to_coordinator, row.rank) == ("assigned", elsewhere, 2)
        assert row.reason == "Kent de wijk goed en spreekt het dialect"
        assert row.actor == manager

    def test_refuses_when_already_assigned(self, assigned_case, manager, make_coordinator):
        other = make_coordinator()
        with pytest.raises(TransitionError) as refused:
            assignment.assign(assigned_case, other, actor=manager)
        assert "al een coördinator" in refused.value.reasons[0]

    def test_two_managers_assigning_at_once_leave_one_assignment(
        self, requested_case, coordinator, manager, make_user, make_coordinator
    ):
        second_manager = make_user(Role.REGIONAL_MANAGER)
        other = make_coordinator()
        # Both managers loaded the page while the case was still requested.
        seen_by_first = Case.objects.get(pk=requested_case.pk)
        seen_by_second = Case.objects.get(pk=requested_case.pk)
        assignment.assign(seen_by_first, coordinator, actor=manager)
        with pytest.raises(TransitionError):
            # The stale copy still says "requested"; the locked re-read refuses it.
            assignment.assign(seen_by_second, other, actor=second_manager, override_reason="gelijk")
        case = Case.objects.get(pk=requested_case.pk)
        assert case.coordinator == coordinator
        assert len(_events(case)) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_managers_assigning_at_once_leave_one_assignment(
    requested_case, make_user, make_coordinator
):
    from django.db import connections

    first, second = make_coordinator(), make_coordinator()
    managers = [make_user(Role.REGIONAL_MANAGER), make_user(Role.REGIONAL_MANAGER)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(coordinator, manager):
        try:
            stale = Case.objects.get(pk=requested_case.pk)
            barrier.wait()
            assignment.assign(stale, coordinator, actor=manager, override_reason="x")
            outcomes.append("ok")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(c, m))
        for c, m in zip([first, second], managers, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    case = Case.objects.get(pk=requested_case.pk)
    assert case.coordinator in {first, second}
    assert AuditEvent.objects.filter(case_id=case.uuid, action="transition").count() == 1
