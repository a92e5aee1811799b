"""A failing mail server never loses a request; the worker delivers the mail later."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from kring.intake.models import Request
from kring.intake.tests.helpers import form_data
from kring.outbox import services as outbox
from kring.outbox.models import Message, MessageStatus

FAILING = {"default": {"BACKEND": "kring.intake.tests.helpers.FailingBackend"}}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def test_failing_mail_server_loses_nothing_and_the_worker_delivers_later(
    client, municipality, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/aanvraag/", form_data(municipality))
    # The person still gets the confirmation page, and the request is stored.
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    req = Request.objects.get()
    message = Message.objects.get(about_id=str(req.uuid))
    assert message.status == MessageStatus.RETRYING
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError"
    assert mail.outbox == []

    # Still down: the next due round records another failed attempt and keeps the message.
    later = timezone.now() + datetime.timedelta(hours=1)
    outbox.send_due(now=later)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.RETRYING, 2)

    # The server is back: the worker delivers it, once.
    settings.MAILERS = LOCMEM
    outbox.send_due(now=later + datetime.timedelta(hours=1))
    outbox.send_due(now=later + datetime.timedelta(hours=2))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    assert req.reference in mail.outbox[0].subject


def test_mail_is_not_sent_when_the_transaction_rolls_back(municipality, db):
    from django.db import transaction

    from kring.intake import services
    from kring.intake.forms import PublicRequestForm, people_formset

    data = form_data(municipality)
    form = PublicRequestForm(data)
    people = people_formset(data)  # type: ignore[arg-type]
    assert form.is_valid(), form.errors
    assert people.is_valid(), people.errors
    with pytest.raises(RuntimeError), transaction.atomic():
        services.receive_request(
            form.cleaned_data,
            people=people.people,
            channel="web",
            submission_token=form.cleaned_data["submission_token"],
        )
        raise RuntimeError
    assert Request.objects.count() == 0
    assert mail.outbox == []
