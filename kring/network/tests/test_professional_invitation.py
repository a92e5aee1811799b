"""A coordinator invites a professional in the circle into the case (issue 9, finding 1)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role, User
from kring.accounts.second_factor import code_for
from kring.audit.models import AuditEvent
from kring.network.tests.factories import PersonFactory
from kring.outbox.models import Message

pytestmark = pytest.mark.django_db

PASSWORD = "een zin van een paar woorden"


def _invite(client, case, person):
    return client.post(reverse("network:invite_professional", args=[case.uuid, person.uuid]))


def test_a_new_professional_activates_and_then_reaches_the_case(
    client_for, coordinator, case, main_person
):
    pro = PersonFactory(
        case=case, professional=True, consented=True, name="Sanne Visser", email="Sanne@GGZ.test"
    )
    c = client_for(coordinator)
    page = c.get(reverse("network:person", args=[case.uuid, pro.uuid])).content.decode()
    assert "Uitnodigen voor Kring" in page
    response = _invite(c, case, pro)
    assert response.status_code == 302
    pro.refresh_from_db()
    account = User.objects.get(email="sanne@ggz.test")
    assert pro.user == account and account.role == Role.PROFESSIONAL
    assert not account.has_usable_password()
    mail = Message.objects.get(to="sanne@ggz.test")
    assert case.reference not in mail.text and "Fatima" not in mail.text
    found = re.search(r"testserver(/activeren/[^/\s]+/)", mail.text)
    assert found is not None
    path = found.group(1)

    browser = Client()
    browser.get(path)
    browser.post(
        reverse("accounts:activation"), {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    browser.get(reverse("accounts:enrol"))
    browser.post(
        reverse("accounts:enrol"), {"code": code_for(browser.session["kring_enrol_secret"])}
    )
    assert browser.get(reverse("network:safety", args=[case.uuid])).status_code == 200
    assert browser.get(reverse("conferences:information", args=[case.uuid])).status_code == 200
    # ... and nothing else of the case.
    assert browser.get(reverse("cases:detail", args=[case.uuid])).status_code in {403, 404}
    event = AuditEvent.objects.get(key="account.case_invitation_sent")
    assert event.case_id == case.uuid
    assert "ggz.test" not in str(event.changes) and "Sanne" not in str(event.changes)


def test_an_existing_professional_account_is_linked_at_once(
    client_for, coordinator, case, main_person, professional
):
    pro = PersonFactory(case=case, professional=True, consented=True, email=professional.email)
    _invite(client_for(coordinator), case, pro)
    pro.refresh_from_db()
    assert pro.user == professional
    assert Message.objects.filter(to=professional.email, kind="account.case_linked").exists()
    assert (
        client_for(professional).get(reverse("network:safety", args=[case.uuid])).status_code == 200
    )
    assert AuditEvent.objects.filter(key="account.linked_to_case", case_id=case.uuid).exists()


def test_without_consent_or_address_or_for_family_there_is_no_invitation(
    client_for, coordinator, case, main_person, manager
):
    c = client_for(coordinator)
    no_consent = PersonFactory(case=case, professional=True)
    no_email = PersonFactory(case=case, professional=True, consented=True, email="")
    family = PersonFactory(case=case, consented=True)
    staff_address = PersonFactory(case=case, professional=True, consented=True, email=manager.email)
    for person, message in (
        (no_consent, "Eerst toestemming"),
        (no_email, "Vul eerst het e-mailadres"),
        (family, "Alleen professionals"),
        (staff_address, "andere rol"),
    ):
        response = _invite(c, case, person)
        assert response.status_code == 302
        assert message in c.get(response["Location"]).content.decode()
        person.refresh_from_db()
        assert person.user is None
    assert not User.objects.filter(role=Role.PROFESSIONAL).exists()


def test_only_who_runs_the_case_invites(client_for, case, main_person, professional, funder):
    pro = PersonFactory(case=case, professional=True, consented=True)
    for user in (professional, funder):
        assert _invite(client_for(user), case, pro).status_code in {403, 404}
    assert (
        client_for(case.coordinator)
        .get(reverse("network:invite_professional", args=[case.uuid, pro.uuid]))
        .status_code
        == 405
    )
