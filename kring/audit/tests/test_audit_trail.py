import pytest
from django.db import DatabaseError, connection, transaction

from kring.audit.models import Action, AuditEvent
from kring.audit.services import diff, record

pytestmark = pytest.mark.django_db


def test_record_writes_one_event_with_actor_role_and_changes(manager, rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    request.user = manager
    event = record(
        Action.UPDATE,
        manager,
        request=request,
        changes=diff({"status": "new"}, {"status": "contacted"}),
    )
    event.refresh_from_db()
    assert event.actor == manager
    assert event.role == "regional_manager"
    assert event.object_type == "accounts.user"
    assert event.object_id == str(manager.uuid)
    assert event.ip == "192.0.2.7"
    assert event.changes == {"status": ["new", "contacted"]}


def test_anonymous_actor_is_recorded_as_public(rf, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    event = record(Action.CREATE, object_type="intake.request", object_id="x", request=request)
    assert event.actor is None
    assert event.actor_label == "public"


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL-only")
def test_postgresql_refuses_update_and_delete_of_audit_events(manager):
    event = record(Action.VIEW, manager, actor=manager)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(key="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk, key="").exists()


def test_audit_admin_is_read_only(client_for, admin_user):
    record(Action.VIEW, admin_user, actor=admin_user)
    c = client_for(admin_user)
    assert c.get("/beheer/audit/auditevent/").status_code == 200
    assert c.get("/beheer/audit/auditevent/add/").status_code == 403
