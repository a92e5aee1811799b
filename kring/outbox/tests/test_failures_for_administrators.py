"""A message that did not arrive is visible to administrators in the admin (what, when, why;
never its content), and to nobody else there (issue 9, deliverable 7)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from kring.outbox import services
from kring.outbox.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


def _failed() -> Message:
    with override_settings(
        MAILERS={"default": {"BACKEND": "kring.outbox.tests.backends.BrokenBackend"}}
    ):
        message = services.queue(
            "plan.notice", to="ayten@voorbeeld.test", subject="Uw plan", text="Geheime link"
        )
        assert message is not None
        for _ in services.BACKOFF_MINUTES:
            services.deliver(str(message.uuid))
            Message.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    return message


def test_administrators_see_what_did_not_arrive_and_why_without_the_content(client_for, admin_user):
    message = _failed()
    c = client_for(admin_user)
    listing = c.get(reverse("admin:outbox_message_changelist"), {"status__exact": "failed"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "plan.notice" in html and "ConnectionRefusedError" in html
    detail = c.get(reverse("admin:outbox_message_change", args=[message.pk])).content.decode()
    assert "ConnectionRefusedError" in detail
    assert "Geheime link" not in html + detail and "ayten@voorbeeld.test" not in html + detail


def test_nobody_else_reaches_the_message_list(client_for, manager, coordinator):
    for user in (manager, coordinator):
        response = client_for(user).get(reverse("admin:outbox_message_changelist"))
        assert response.status_code in (302, 403, 404), user.role
