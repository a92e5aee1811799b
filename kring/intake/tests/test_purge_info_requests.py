"""Informational-conversation requests that do not become a conference are deleted in time."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.intake.models import Request
from kring.intake.tasks import purge_info_requests
from kring.intake.tests.factories import RequestFactory
from kring.outbox.models import Message


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def test_old_info_requests_are_deleted_and_audited_without_personal_data(municipality, settings):
    settings.KRING_INFO_REQUEST_RETENTION_DAYS = 90
    old = RequestFactory.create(
        municipality=municipality,
        info_conversation=True,
        created_at=days_ago(120),
        info_conversation_at=days_ago(100),
        main_person_names="Zeer Geheim",
    )
    Message.objects.create(
        kind="request.confirmation",
        to="a@example.nl",
        subject="s",
        text="b",
        about_type="intake.request",
        about_id=str(old.uuid),
    )
    call_command("purge_info_requests")
    assert not Request.objects.filter(pk=old.pk).exists()
    assert not Message.objects.exists()
    event = AuditEvent.objects.get(action="delete", object_id=str(old.uuid))
    assert event.actor_label == "system"
    assert event.key == "intake.request_purged"
    assert event.changes["basis"] == "retention"
    assert "Zeer Geheim" not in str(event.changes) + event.message


def test_closed_info_request_is_deleted_after_retention(municipality):
    old = RequestFactory.create(
        municipality=municipality,
        wants_info_conversation=True,
        closed=True,
        created_at=days_ago(200),
        closed_at=days_ago(91),
    )
    assert purge_info_requests.enqueue().return_value == 1
    assert not Request.objects.filter(pk=old.pk).exists()


def test_what_is_kept(municipality, settings):
    settings.KRING_INFO_REQUEST_RETENTION_DAYS = 90
    recent = RequestFactory.create(
        municipality=municipality, info_conversation=True, info_conversation_at=days_ago(10)
    )
    # Still being handled: never deleted, however old.
    waiting = RequestFactory.create(
        municipality=municipality, wants_info_conversation=True, created_at=days_ago(400)
    )
    # Not an informational conversation.
    closed_conference = RequestFactory.create(
        municipality=municipality, closed=True, closed_at=days_ago(400)
    )
    # Became a conference.
    converted = RequestFactory.create(
        municipality=municipality,
        converted=True,
        wants_info_conversation=True,
        created_at=days_ago(400),
    )
    call_command("purge_info_requests")
    assert set(Request.objects.values_list("pk", flat=True)) == {
        recent.pk,
        waiting.pk,
        closed_conference.pk,
        converted.pk,
    }


def test_retention_is_configurable(municipality, settings):
    settings.KRING_INFO_REQUEST_RETENTION_DAYS = 5
    RequestFactory.create(
        municipality=municipality, info_conversation=True, info_conversation_at=days_ago(10)
    )
    call_command("purge_info_requests")
    assert not Request.objects.exists()
