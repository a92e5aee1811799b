"""Two managers assigning at the same moment, with real concurrent transactions.

SQLite serialises writers and has no row locks, so this runs on PostgreSQL (CI); the
sequential variant in test_transitions.py covers the locked re-read everywhere.
"""

import threading

import pytest
from django.db import connection

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases import transitions
from kring.cases.models import Case
from kring.cases.transitions import TransitionError


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
            transitions.assign_coordinator(stale, coordinator, actor=manager, override_reason="x")
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
