"""Every create, change, view and deletion of a request writes an audit event."""

import datetime

from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.intake.models import Request
from kring.intake.tests.helpers import form_data


def events(req):
    return list(
        AuditEvent.objects.filter(object_type="intake.request", object_id=str(req.uuid))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_request_leaves_a_complete_trail(client, client_for, manager, municipality, settings):
    cache.clear()
    client.post("/aanvraag/", form_data(municipality, wants_info_conversation="yes"))
    req = Request.objects.get()
    created = AuditEvent.objects.get(action="create", object_id=str(req.uuid))
    assert created.actor is None and created.actor_label == "public"
    assert created.ip == "127.0.0.1"

    c = client_for(manager)
    c.get(f"/aanvragen/{req.uuid}/")
    c.post(f"/aanvragen/{req.uuid}/eerste-contact/", {"contact-note": ""})
    c.post(f"/aanvragen/{req.uuid}/informatief-gesprek/", {"info-at": "2026-01-05T10:00"})
    c.post(f"/aanvragen/{req.uuid}/afsluiten/", {"close-reason": "withdrawn"})
    assert events(req) == ["create", "view", "transition", "transition", "transition"]
    keys = list(
        AuditEvent.objects.filter(object_id=str(req.uuid))
        .order_by("id")
        .values_list("key", flat=True)
    )
    assert keys == [
        "intake.request_received",
        "intake.request_viewed",
        "intake.first_contact",
        "intake.info_conversation_planned",
        "intake.closed",
    ]
    assert all(
        e.actor == manager
        for e in AuditEvent.objects.filter(object_id=str(req.uuid)).exclude(action="create")
    )

    settings.KRING_INFO_REQUEST_RETENTION_DAYS = 1
    Request.objects.filter(pk=req.pk).update(closed_at=timezone.now() - datetime.timedelta(days=2))
    call_command("purge_info_requests")
    assert events(req)[-1] == "delete"


def test_the_queue_writes_one_read_event_per_page_without_the_names(
    client_for, manager, municipality
):
    from kring.intake.tests.factories import RequestFactory

    RequestFactory.create_batch(3, municipality=municipality, main_person_names="Ayten Yılmaz")
    client_for(manager).get("/aanvragen/")
    event = AuditEvent.objects.get(action="view")
    assert event.key == "intake.list_viewed"
    assert event.actor == manager
    assert event.changes == {"list": "queue", "rows": 3, "searched": False}
    assert "Ayten" not in str(event.changes) + event.reason + event.message


def test_a_name_search_in_the_queue_is_recorded_without_the_search_term(
    client_for, manager, municipality
):
    from kring.intake.tests.factories import RequestFactory

    RequestFactory.create(municipality=municipality, main_person_names="Ayten Yılmaz")
    RequestFactory.create(municipality=municipality, main_person_names="Kees Jansen")
    client_for(manager).get("/aanvragen/", {"q": "Ayten"})
    event = AuditEvent.objects.get(action="view")
    assert event.changes == {"list": "queue", "rows": 1, "searched": True}
    assert "Ayten" not in str(event.changes)
