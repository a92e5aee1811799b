"""Each business verb: what it changes, what it refuses, what it audits and whom it mails."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from kring.accounts.models import Role
from kring.audit.events import describe
from kring.audit.models import AuditEvent
from kring.cases import transitions
from kring.cases.models import Case, Contact, CoordinatorAssignment, IndependenceDeclaration
from kring.cases.states import Status
from kring.cases.tests.factories import new_case
from kring.cases.transitions import TransitionError

pytestmark = pytest.mark.django_db


def _events(case, action="transition"):
    return list(AuditEvent.objects.filter(case_id=case.uuid, action=action).order_by("id"))


class TestDeclareIndependence:
    def test_no_conflict_opens_the_personal_details(self, assigned_case, coordinator):
        transitions.declare_independence(assigned_case, actor=coordinator, has_conflict=False)
        case = Case.objects.get(pk=assigned_case.pk)
        assert case.independence_declared_at is not None
        assert case.status == Status.COORDINATOR_ASSIGNED
        declaration = IndependenceDeclaration.objects.get(case=case)
        assert declaration.has_conflict is False
        [event] = AuditEvent.objects.filter(case_id=case.uuid, key="case.independence_declared")
        assert describe(event) == "Onafhankelijkheid verklaard"

    def test_conflict_returns_the_case_to_the_manager(
        self, assigned_case, coordinator, manager, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            transitions.declare_independence(
                assigned_case, actor=coordinator, has_conflict=True, note="Ik ken de buren"
            )
        case = Case.objects.get(pk=assigned_case.pk)
        assert case.status == Status.REQUESTED
        assert case.coordinator is None
        assert case.coordinator_assigned_at is None
        [message] = mail.outbox
        assert message.to == [manager.email]
        assert case.reference in message.subject

    def test_only_the_assigned_coordinator_declares(self, assigned_case, make_user):
        with pytest.raises(TransitionError):
            transitions.declare_independence(
                assigned_case, actor=make_user(Role.COORDINATOR), has_conflict=False
            )

    def test_declaring_twice_is_refused(self, declared_case, coordinator):
        with pytest.raises(TransitionError):
            transitions.declare_independence(declared_case, actor=coordinator, has_conflict=False)


class TestFirstContactAndContactLog:
    def test_first_contact_moves_to_preparation_and_logs_the_contact(
        self, declared_case, coordinator
    ):
        today = timezone.localdate()
        transitions.record_first_contact(
            declared_case,
            actor=coordinator,
            occurred_on=today,
            with_whom="De moeder",
            channel="phone",
            note="Afspraak voor huisbezoek",
        )
        case = Case.objects.get(pk=declared_case.pk)
        assert case.status == Status.IN_PREPARATION
        assert case.first_contact_at is not None
        assert case.in_preparation_at is not None
        contact = Contact.objects.get(case=case)
        assert contact.is_first_contact and contact.with_whom == "De moeder"
        assert AuditEvent.objects.filter(object_id=str(contact.uuid), action="create").exists()

    def test_first_contact_before_the_declaration_is_refused(self, assigned_case, coordinator):
        with pytest.raises(TransitionError) as refused:
            transitions.record_first_contact(
                assigned_case,
                actor=coordinator,
                occurred_on=timezone.localdate(),
                with_whom="De moeder",
                channel="phone",
            )
        assert "onafhankelijkheid" in refused.value.reasons[0]
        assert not Contact.objects.exists()

    def test_log_contact_adds_without_changing_state(self, declared_case, coordinator):
        transitions.log_contact(
            declared_case,
            actor=coordinator,
            occurred_on=timezone.localdate() - datetime.timedelta(days=1),
            with_whom="Oma",
            channel="visit",
        )
        assert Case.objects.get(pk=declared_case.pk).status == Status.COORDINATOR_ASSIGNED
        assert Contact.objects.filter(case=declared_case, is_first_contact=False).count() == 1


@pytest.mark.parametrize(
    ("trait", "verb", "expected"),
    [
        ("in_preparation", transitions.schedule_conference, Status.CONFERENCE_SCHEDULED),
        ("scheduled", transitions.cancel_conference, Status.IN_PREPARATION),
        ("scheduled", transitions.record_conference, Status.CONFERENCE_HELD),
        ("held", transitions.deliver_plan, Status.PLAN_DELIVERED),
        ("delivered", transitions.record_check_in, Status.CHECK_IN_DONE),
        ("checked_in", transitions.start_follow_up, Status.FOLLOW_UP),
        ("checked_in", transitions.close_case, Status.CLOSED),
    ],
)
def test_each_verb_moves_one_step_and_audits(trait, verb, expected, municipality, admin_user):
    case = new_case(municipality=municipality, **{trait: True})
    before = case.status
    # The state table alone: the preconditions other apps pass in are tested in those apps.
    kwargs = (
        {"check": transitions.no_check}
        if verb in (transitions.schedule_conference, transitions.deliver_plan)
        else {}
    )
    verb(case, actor=admin_user, **kwargs)
    case.refresh_from_db()
    assert case.status == expected
    [event] = _events(case)
    assert event.changes["status"] == [before, expected]
    # Doing it again is refused: the table no longer allows it from the new state.
    if expected != Status.IN_PREPARATION:
        with pytest.raises(TransitionError):
            verb(case, actor=admin_user, **kwargs)


def test_cancelling_a_conference_clears_its_scheduled_time(municipality, admin_user):
    case = new_case(municipality=municipality, scheduled=True)
    transitions.cancel_conference(case, actor=admin_user, reason="Oma ligt in het ziekenhuis")
    case.refresh_from_db()
    assert case.conference_scheduled_at is None
    # The reason is the conference's own (Conference.cancel_reason); the trail gets no words.
    event = _events(case)[0]
    assert event.key == "case.conference_cancelled"
    assert "Oma" not in event.reason + str(event.changes)


def test_follow_up_can_be_closed(municipality, admin_user):
    case = new_case(municipality=municipality, checked_in=True, status=Status.FOLLOW_UP)
    transitions.close_case(case, actor=admin_user)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at is not None


class TestStopCase:
    def test_stops_with_a_reason(self, declared_case, manager):
        transitions.stop_case(declared_case, actor=manager, reason="network_too_small")
        case = Case.objects.get(pk=declared_case.pk)
        assert case.status == Status.STOPPED
        assert case.stop_reason == "network_too_small"
        assert case.stopped_at is not None
        [event] = _events(case)
        assert event.changes["stop_reason"] == "network_too_small"
        assert describe(event) == "Traject gestopt: Netwerk te klein"
        with translation.override("en"):
            assert describe(event) == "Case stopped: Network too small"

    def test_other_needs_a_note(self, declared_case, manager):
        with pytest.raises(TransitionError):
            transitions.stop_case(declared_case, actor=manager, reason="other")
        transitions.stop_case(declared_case, actor=manager, reason="other", note="Verhuisd")
        assert Case.objects.get(pk=declared_case.pk).stop_note == "Verhuisd"
        event = _events(declared_case)[0]
        assert "Verhuisd" not in event.reason + str(event.changes)

    def test_unknown_reason_is_refused(self, declared_case, manager):
        with pytest.raises(TransitionError):
            transitions.stop_case(declared_case, actor=manager, reason="boredom")

    @pytest.mark.parametrize("trait", ["stopped", "closed"])
    def test_a_finished_case_cannot_be_stopped(self, trait, municipality, manager):
        extra = (
            {"stopped": True} if trait == "stopped" else {"checked_in": True, "status": "closed"}
        )
        case = new_case(municipality=municipality, **extra)
        with pytest.raises(TransitionError):
            transitions.stop_case(case, actor=manager, reason="withdrawn")


class TestWithdrawAssignment:
    def test_manager_takes_the_case_back(
        self, declared_case, coordinator, manager, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            transitions.withdraw_assignment(
                declared_case, actor=manager, reason="Coördinator reageert niet"
            )
        case = Case.objects.get(pk=declared_case.pk)
        assert case.status == Status.REQUESTED
        assert case.coordinator is None and case.independence_declared_at is None
        assert mail.outbox[0].to == [coordinator.email]
        event = _events(case)[0]
        assert event.reason == ""
        row = CoordinatorAssignment.objects.get(case=case)
        assert event.changes["assignment"] == str(row.uuid)
        assert (row.kind, row.from_coordinator, row.to_coordinator) == (
            "withdrawn",
            coordinator,
            None,
        )
        assert row.reason == "Coördinator reageert niet"

    def test_needs_a_reason(self, declared_case, manager):
        with pytest.raises(TransitionError):
            transitions.withdraw_assignment(declared_case, actor=manager, reason=" ")

    def test_not_after_first_contact(self, municipality, manager, coordinator):
        case = new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
        with pytest.raises(TransitionError):
            transitions.withdraw_assignment(case, actor=manager, reason="x")
