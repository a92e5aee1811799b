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
    c.post(f"/aanvragen/{req.uuid}/eerste-contact/", {"note": ""})
    c.post(f"/aanvragen/{req.uuid}/informatief-gesprek/", {"at": "2026-01-05T10:00"})
    c.post(f"/aanvragen/{req.uuid}/afsluiten/", {"reason": "withdrawn"})
    assert events(req) == ["create", "view", "transition", "transition", "transition"]
    assert all(
        e.actor == manager
        for e in AuditEvent.objects.filter(object_id=str(req.uuid)).exclude(action="create")
    )

    settings.KRING_INFO_REQUEST_RETENTION_DAYS = 1
    Request.objects.filter(pk=req.pk).update(closed_at=timezone.now() - datetime.timedelta(days=2))
    call_command("purge_info_requests")
    assert events(req)[-1] == "delete"


def test_the_queue_lists_without_writing_read_events(client_for, manager, municipality):
    from kring.intake.tests.factories import RequestFactory

    RequestFactory.create_batch(3, municipality=municipality)
    client_for(manager).get("/aanvragen/")
    assert not AuditEvent.objects.filter(action="view").exists()
