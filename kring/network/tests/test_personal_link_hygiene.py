"""Personal links: one open link per person and purpose, a corrected address stops the links
mailed to the old one, the coordinator can stop them all, and a letter's short code opens the
same page as the link, with wrong guesses limited."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.network.links import (
    CODE_ALPHABET,
    CODE_LENGTH,
    format_code,
    issue_letter_link,
    issue_link,
)
from kring.network.models import PersonalLink, RevokeReason
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_attempts_left_over():
    cache.clear()


def _person_data(person, **changes):
    data = {
        "name": person.name,
        "relation": person.relation,
        "ring": person.ring,
        "organisation": person.organisation,
        "email": person.email,
        "phone": person.phone,
        "language": person.language,
        "parts": person.parts,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _rsvp(client, token):
    return client.get(reverse("portal:rsvp", args=[token])).status_code


def test_a_new_link_of_the_same_purpose_replaces_the_older_one(client, case):
    person = PersonFactory(case=case, invited=True)
    first = issue_link(person, "rsvp")
    plan = issue_link(person, "plan")
    second = issue_link(person, "rsvp")
    assert _rsvp(client, first) == 404
    assert _rsvp(client, second) == 200
    old = PersonalLink.objects.get(person=person, revoked_at__isnull=False)
    assert old.revoked_reason == RevokeReason.SUPERSEDED
    # Another purpose is another link: the plan link is still open.
    assert PersonalLink.objects.get(person=person, purpose="plan").revoked_at is None
    assert plan


def test_sending_the_invitation_again_makes_the_first_mail_link_stop_working(
    client,
    client_for,
    coordinator,
    case,
    main_person,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    person = PersonFactory(case=case, consented=True)
    c = client_for(coordinator)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            c.post(reverse("conferences:invite", args=[case.uuid, person.uuid]))
    links = [re.findall(r"/u/([^/\s]+)/", m.body)[0] for m in mailoutbox]
    assert len(links) == 2
    assert _rsvp(client, links[0]) == 404
    assert _rsvp(client, links[1]) == 200


def test_correcting_an_email_address_revokes_the_links_mailed_to_the_old_one(
    client, client_for, coordinator, case
):
    person = PersonFactory(case=case, invited=True, email="oud@voorbeeld.test")
    mailed = issue_link(person, "plan")
    letter = issue_letter_link(person, "rsvp")
    response = client_for(coordinator).post(
        reverse("network:edit_person", args=[case.uuid, person.uuid]),
        _person_data(person, email="nieuw@voorbeeld.test"),
    )
    assert response.status_code == 302
    assert mailed
    plan_link = PersonalLink.objects.get(person=person, purpose="plan")
    assert plan_link.revoked_reason == RevokeReason.EMAIL_CHANGED
    # The letter went to the postal address: its link and code still work.
    assert _rsvp(client, letter.token) == 200
    assert _rsvp(client, letter.code) == 200
    event = AuditEvent.objects.filter(key="person.changed").latest("id")
    assert event.changes == {"fields": ["email"], "links_revoked": 1}
    assert "oud@" not in str(event.changes) and "nieuw@" not in str(event.changes)


def test_changing_other_details_keeps_the_links(client, client_for, coordinator, case):
    person = PersonFactory(case=case, invited=True)
    token = issue_link(person, "rsvp")
    client_for(coordinator).post(
        reverse("network:edit_person", args=[case.uuid, person.uuid]),
        _person_data(person, phone="06 9999 0000"),
    )
    assert _rsvp(client, token) == 200


def test_the_coordinator_revokes_every_link_from_the_person_page(
    client, client_for, coordinator, case
):
    person = PersonFactory(case=case, invited=True)
    rsvp = issue_link(person, "rsvp")
    plan = issue_link(person, "plan")
    c = client_for(coordinator)
    page = c.get(reverse("network:person", args=[case.uuid, person.uuid])).content.decode()
    assert "2 persoonlijke links werken nog." in page
    assert "Alle links intrekken" in page
    response = c.post(reverse("network:revoke_links", args=[case.uuid, person.uuid]))
    assert response.status_code == 302
    assert _rsvp(client, rsvp) == 404
    assert plan and not PersonalLink.objects.filter(person=person, revoked_at__isnull=True)
    event = AuditEvent.objects.get(key="person.links_revoked")
    assert event.actor == coordinator
    assert event.changes == {"count": 2, "reason": "by_hand"}
    page = c.get(reverse("network:person", args=[case.uuid, person.uuid])).content.decode()
    assert "0 persoonlijke links werken nog." in page and "Alle links intrekken" not in page


def test_revoking_links_is_for_the_people_who_run_the_case_and_post_only(
    client_for, coordinator, professional, case
):
    person = PersonFactory(case=case, invited=True)
    url = reverse("network:revoke_links", args=[case.uuid, person.uuid])
    assert client_for(coordinator).get(url).status_code == 405
    assert client_for(professional).post(url).status_code == 404


def test_a_persons_page_writes_a_read_event_for_that_person(client_for, coordinator, case):
    person = PersonFactory(case=case)
    client_for(coordinator).get(reverse("network:person", args=[case.uuid, person.uuid]))
    event = AuditEvent.objects.get(key="person.viewed")
    assert event.object_id == str(person.uuid) and event.case_id == case.uuid
    assert event.action == "view" and event.actor == coordinator


def test_a_page_shown_again_after_a_form_error_is_a_read_too(client_for, coordinator, case):
    person = PersonFactory(case=case, consented=True)
    response = client_for(coordinator).post(
        reverse("network:record_informed", args=[case.uuid, person.uuid]),
        {"informed-informed_on": "2099-01-01", "informed-channel": "phone"},
    )
    assert response.status_code == 400
    assert AuditEvent.objects.filter(key="person.viewed", object_id=str(person.uuid)).exists()


# --- Letter codes ------------------------------------------------------------------------------


def test_a_letter_code_is_short_unambiguous_and_still_hard_to_guess(case):
    person = PersonFactory(case=case, invited=True)
    code = issue_letter_link(person, "rsvp").code
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert len(CODE_ALPHABET) ** CODE_LENGTH >= 2**40
    # Only a keyed hash of the code is stored.
    link = PersonalLink.objects.get(person=person)
    assert link.code_hash is not None
    assert code not in link.code_hash and len(link.code_hash) == 64


def test_the_short_address_and_the_typed_code_open_the_same_page(client, case):
    person = PersonFactory(case=case, invited=True, name="Ria Bakker")
    code = issue_letter_link(person, "rsvp").code
    short = reverse("portal:code", args=[format_code(code)])
    response = client.get(short)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Hallo Ria" in page.content.decode()
    # Typed by hand: small letters, spaces and a dash are fine.
    typed = client.post(
        reverse("portal:code_entry"), {"code": f" {code[:5].lower()} - {code[5:].lower()} "}
    )
    assert typed.status_code == 302 and typed["Location"] == response["Location"]


def test_a_wrong_code_gets_a_plain_dutch_message(client):
    page = client.get(reverse("portal:code_entry"))
    assert page.status_code == 200 and "Code uit uw brief" in page.content.decode()
    response = client.post(reverse("portal:code_entry"), {"code": "ABCDE-FGHJK"})
    assert response.status_code == 400
    assert "Deze code kennen we niet" in response.content.decode()
    response = client.post(reverse("portal:code_entry"), {"code": "10OIL"})
    assert response.status_code == 400
    assert "Een code heeft 10 letters en cijfers" in response.content.decode()


def test_guessing_codes_is_stopped_after_twenty_wrong_ones(client, case):
    person = PersonFactory(case=case, invited=True)
    code = issue_letter_link(person, "rsvp").code
    for _ in range(20):
        client.post(reverse("portal:code_entry"), {"code": "ABCDEFGHJK"})
    response = client.post(reverse("portal:code_entry"), {"code": code})
    assert response.status_code == 400
    assert "Te vaak een verkeerde code" in response.content.decode()
    # The short address and the page refuse codes from this address too.
    assert client.get(reverse("portal:code", args=[code])).status_code == 404
    assert _rsvp(client, code) == 404
    # Another address is not affected.
    from django.test import Client

    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.get(reverse("portal:code", args=[code])).status_code == 302


def test_an_expired_revoked_or_superseded_code_is_not_found(client, case):
    person = PersonFactory(case=case, invited=True)
    expired = issue_letter_link(person, "rsvp").code
    PersonalLink.objects.filter(person=person).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(reverse("portal:code", args=[expired])).status_code == 404
    superseded = issue_letter_link(person, "rsvp").code
    current = issue_letter_link(person, "rsvp").code
    assert client.get(reverse("portal:code", args=[superseded])).status_code == 404
    assert client.get(reverse("portal:code", args=[current])).status_code == 302
