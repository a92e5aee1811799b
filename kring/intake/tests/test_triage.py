"""Triage: first contact, then plan an informational conversation or close (starting a
trajectory is tested with the case app, which owns that verb)."""

import pytest

from kring.audit.models import AuditEvent
from kring.intake.states import RequestStatus
from kring.intake.tests.factories import RequestFactory


def url(req, action=""):
    return f"/aanvragen/{req.uuid}/{action}"


def test_detail_shows_everything_and_writes_a_read_event(client_for, manager, municipality):
    req = RequestFactory.create(
        municipality=municipality,
        coordinator_wish="Een vrouw",
        languages=["nl", "ar"],
        topics=["education"],
    )
    html = client_for(manager).get(url(req)).content.decode()
    assert req.reference in html
    assert req.main_person_names in html
    assert req.requester_name in html
    assert "Een vrouw" in html
    assert "Onderwijs en school" in html
    assert AuditEvent.objects.filter(
        action="view", object_type="intake.request", object_id=str(req.uuid), actor=manager
    ).exists()


def test_record_first_contact(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality)
    response = client_for(manager).post(
        url(req, "eerste-contact/"), {"contact-note": "Gebeld, zij wil graag."}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.CONTACTED
    assert req.first_contact_at is not None
    assert req.first_contact_note == "Gebeld, zij wil graag."
    assert AuditEvent.objects.filter(action="transition", object_id=str(req.uuid)).exists()


def test_plan_informational_conversation(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, contacted=True)
    response = client_for(manager).post(
        url(req, "informatief-gesprek/"), {"info-at": "2027-03-12T14:00"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.INFO_CONVERSATION
    assert req.info_conversation_at is not None


def test_plan_informational_conversation_needs_a_valid_date(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, contacted=True)
    response = client_for(manager).post(url(req, "informatief-gesprek/"), {"info-at": "morgen"})
    assert response.status_code == 400
    assert "Vul een datum en tijd in" in response.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.CONTACTED


@pytest.mark.parametrize(
    "reason", ["no_question", "withdrawn", "not_reachable", "referred", "other"]
)
def test_close_with_a_reason(client_for, manager, municipality, reason):
    req = RequestFactory.create(municipality=municipality)
    response = client_for(manager).post(
        url(req, "afsluiten/"), {"close-reason": reason, "close-note": "Uitleg"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.CLOSED
    assert req.close_reason == reason
    event = AuditEvent.objects.get(action="transition", object_id=str(req.uuid))
    # The reason is a code in the event's data; the note stays on the request only.
    assert event.key == "intake.closed"
    assert event.changes["close_reason"] == reason
    assert event.reason == ""
    assert "Uitleg" not in str(event.changes)
    assert req.close_note == "Uitleg"


def test_close_needs_a_reason_and_other_needs_a_note(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality)
    c = client_for(manager)
    assert "Kies een reden." in c.post(url(req, "afsluiten/"), {}).content.decode()
    assert (
        "Schrijf kort op waarom."
        in c.post(url(req, "afsluiten/"), {"close-reason": "other"}).content.decode()
    )
    req.refresh_from_db()
    assert req.status == RequestStatus.NEW


def test_closed_request_cannot_be_closed_again(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, closed=True)
    response = client_for(manager).post(
        url(req, "afsluiten/"), {"close-reason": "withdrawn"}, follow=True
    )
    assert "Dit kan nu niet" in response.content.decode()


def test_manager_of_another_region_gets_404(client_for, make_user, other_region, municipality):
    other_manager = make_user(regions=[other_region])
    req = RequestFactory.create(municipality=municipality, contacted=True)
    c = client_for(other_manager)
    assert c.get(url(req)).status_code == 404
    for action in ["eerste-contact/", "informatief-gesprek/", "afsluiten/"]:
        assert c.post(url(req, action), {"close-reason": "withdrawn"}).status_code == 404
    req.refresh_from_db()
    assert req.status == RequestStatus.CONTACTED


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_exact_query_count(
    client_for, manager, municipality, rows, django_assert_num_queries
):
    from kring.audit.services import record

    reqs = RequestFactory.create_batch(rows, municipality=municipality)
    req = reqs[-1]
    for _ in range(rows):
        record("update", req, actor=manager, key="intake.first_contact")
    c = client_for(manager)
    c.get(url(reqs[0]))
    # session, user (+region ids), request (+municipality, region, author, flagged original), audit
    # insert, main people, history (+actor), later requests flagged as repeating this one
    with django_assert_num_queries(7):
        assert c.get(url(req)).status_code == 200


def test_detail_shows_the_history_of_changes(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality)
    c = client_for(manager)
    c.post(url(req, "eerste-contact/"), {"contact-note": ""})
    html = c.get(url(req)).content.decode()
    assert "Geschiedenis" in html
    assert "Eerste contact vastgelegd" in html
    assert manager.full_name in html
