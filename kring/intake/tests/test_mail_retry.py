"""A failing mail server never loses a request; the mail is delivered on retry."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from kring.intake.models import MailStatus, Request, RequestMail
from kring.intake.tests.helpers import form_data

FAILING = {"default": {"BACKEND": "kring.intake.tests.helpers.FailingBackend"}}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def test_failing_mail_server_loses_nothing_and_retry_delivers(
    client, municipality, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/aanvraag/", form_data(municipality))
    # The person still gets the confirmation page, and the request is stored.
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    req = Request.objects.get()
    outbox = RequestMail.objects.get(request=req)
    assert outbox.status == MailStatus.FAILED
    assert outbox.attempts == 1
    assert outbox.last_error == "ConnectionRefusedError"
    assert mail.outbox == []

    # Still down: the retry records another failed attempt and keeps the message.
    call_command("retry_mail")
    outbox.refresh_from_db()
    assert (outbox.status, outbox.attempts) == (MailStatus.FAILED, 2)

    # The server is back: the retry delivers it, once.
    settings.MAILERS = LOCMEM
    call_command("retry_mail")
    call_command("retry_mail")
    outbox.refresh_from_db()
    assert outbox.status == MailStatus.SENT
    assert outbox.sent_at is not None
    assert len(mail.outbox) == 1
    assert req.reference in mail.outbox[0].subject


def test_rerunning_the_task_delivers_a_failed_mail(
    client, municipality, settings, django_capture_on_commit_callbacks
):
    from kring.intake.mail import send_request_mail

    settings.MAILERS = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/aanvraag/", form_data(municipality))
    outbox = RequestMail.objects.get()
    settings.MAILERS = LOCMEM
    result = send_request_mail.enqueue(str(outbox.uuid))
    assert result.status == "SUCCESSFUL"
    outbox.refresh_from_db()
    assert outbox.status == MailStatus.SENT
    assert len(mail.outbox) == 1


def test_mail_is_not_sent_when_the_transaction_rolls_back(municipality, db):
    from django.db import transaction

    from kring.intake import services
    from kring.intake.forms import PublicRequestForm

    form = PublicRequestForm(form_data(municipality))
    assert form.is_valid(), form.errors
    with pytest.raises(RuntimeError), transaction.atomic():
        services.receive_request(
            form.cleaned_data, channel="web", submission_token=form.cleaned_data["submission_token"]
        )
        raise RuntimeError
    assert Request.objects.count() == 0
    assert mail.outbox == []
