"""A regional manager enters a request received by phone or e-mail."""

import pytest
from django.core import mail

from kring.audit.models import AuditEvent
from kring.intake.models import ReceivedVia, Request
from kring.intake.tests.helpers import form_data

URL = "/aanvragen/nieuw/"


def staff_data(municipality, **overrides):
    data = form_data(municipality, **{"channel": "phone", **overrides})
    data.pop("website")
    return data


def test_phone_request_is_recorded_with_channel_and_author(
    client_for, manager, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(URL, staff_data(municipality))
    req = Request.objects.get()
    assert response.status_code == 302
    assert response.url == f"/aanvragen/{req.uuid}/"
    assert req.channel == ReceivedVia.PHONE
    assert req.entered_by == manager
    assert req.region == municipality.region
    event = AuditEvent.objects.get(action="create", object_id=str(req.uuid))
    assert event.actor == manager
    # The requester gave an e-mail address, so they get their reference number too.
    assert len(mail.outbox) == 1


def test_email_channel(client_for, manager, municipality):
    client_for(manager).post(URL, staff_data(municipality, channel="email"))
    assert Request.objects.get().channel == ReceivedVia.EMAIL


def test_channel_and_consent_are_required(client_for, manager, municipality):
    data = staff_data(municipality)
    data.pop("channel")
    data.pop("consent")
    html = client_for(manager).post(URL, data).content.decode()
    assert "Kies telefoon of e-mail." in html
    assert "Vraag eerst toestemming" in html
    assert Request.objects.count() == 0


def test_web_channel_cannot_be_chosen_by_staff(client_for, manager, municipality):
    client_for(manager).post(URL, staff_data(municipality, channel="web"))
    assert Request.objects.count() == 0


def test_request_for_another_region_is_routed_there(
    client_for, manager, other_municipality, municipality
):
    response = client_for(manager).post(URL, staff_data(other_municipality), follow=True)
    req = Request.objects.get()
    assert req.region == other_municipality.region
    assert "doorgestuurd naar regio Zuid" in response.content.decode()


def test_double_save_creates_one_request(client_for, manager, municipality):
    data = staff_data(municipality)
    c = client_for(manager)
    c.post(URL, data)
    c.post(URL, data)
    assert Request.objects.count() == 1


@pytest.mark.parametrize("field", ["requester_phone"])
def test_wrong_phone_number_gets_a_message(client_for, manager, municipality, field):
    html = (
        client_for(manager).post(URL, staff_data(municipality, **{field: "0612"})).content.decode()
    )
    assert "Dit telefoonnummer klopt niet" in html
