"""Adding people, the main person's consent (and withdrawing it), and informing."""

import pytest
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.network.links import issue_link
from kring.network.models import Person, PersonalLink, PersonStatus
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_person_suggested_by_someone(client_for, coordinator, case, main_person):
    c = client_for(coordinator)
    url = reverse("network:add_person", args=[case.uuid])
    assert c.get(url).status_code == 200
    response = c.post(
        url,
        {
            "name": "Oma Riet Bakker",
            "relation": "grandparent",
            "ring": "family",
            "language": "nl",
            "email": "riet@voorbeeld.test",
            "suggested_by": main_person.pk,
            "needs_interpreter": "",
            "needs_travel": "on",
        },
    )
    assert response.status_code == 302
    riet = Person.objects.get(name="Oma Riet Bakker")
    assert riet.suggested_by == main_person
    assert riet.needs_travel is True
    assert riet.status == PersonStatus.SUGGESTED
    assert riet.parts == ["information", "planning", "presentation"]
    assert AuditEvent.objects.filter(action="create", object_id=str(riet.uuid)).exists()


def test_professional_gets_the_public_parts_only(client_for, coordinator, case):
    client_for(coordinator).post(
        reverse("network:add_person", args=[case.uuid]),
        {
            "name": "Sanne Visser",
            "relation": "professional",
            "ring": "professionals",
            "language": "nl",
        },
    )
    assert Person.objects.get(name="Sanne Visser").parts == ["information", "presentation"]


def test_missing_name_shows_an_error_and_keeps_input(client_for, coordinator, case):
    response = client_for(coordinator).post(
        reverse("network:add_person", args=[case.uuid]),
        {"name": "", "relation": "friend", "ring": "community", "language": "nl", "phone": "0612"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and 'value="0612"' in html


def test_consent_is_recorded_with_who_and_on_whose_behalf(client_for, coordinator, case):
    person = PersonFactory(case=case)
    response = client_for(coordinator).post(
        reverse("network:give_consent", args=[case.uuid, person.uuid]),
        {"consent-given_by": "Moeder Fatima", "consent-on_behalf_of_minor": "on"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.has_consent
    assert person.consent_given_by == "Moeder Fatima"
    assert person.consent_on_behalf_of_minor is True


def test_withdrawing_consent_revokes_links_and_stops_invitations(
    client_for, coordinator, case, mailoutbox, django_capture_on_commit_callbacks
):
    person = PersonFactory(case=case, consented=True)
    raw = issue_link(person, "rsvp")
    c = client_for(coordinator)
    c.post(reverse("network:withdraw_consent", args=[case.uuid, person.uuid]))
    person.refresh_from_db()
    assert not person.has_consent
    assert PersonalLink.objects.filter(person=person, revoked_at__isnull=True).count() == 0
    assert c.get(reverse("portal:rsvp", args=[raw])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("conferences:invite", args=[case.uuid, person.uuid]))
    assert mailoutbox == []


def test_informing_is_recorded_and_the_person_leaves_the_to_inform_list(
    client_for, coordinator, case
):
    person = PersonFactory(case=case, consented=True, name="Henk Jansen")
    c = client_for(coordinator)
    circle = reverse("network:circle", args=[case.uuid])
    assert "Henk Jansen</a></li>" in c.get(circle).content.decode()
    response = c.post(
        reverse("network:record_informed", args=[case.uuid, person.uuid]),
        {
            "informed-informed_on": "2026-11-20",
            "informed-channel": "phone",
            "informed-note": "Vraagt of buurman Piet ook mag komen.",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == PersonStatus.INFORMED
    assert person.informed_by == coordinator
    assert "buurman Piet" in person.informed_note
    assert "Henk Jansen</a></li>" not in c.get(circle).content.decode()


def test_informing_in_the_future_is_refused(client_for, coordinator, case):
    person = PersonFactory(case=case, consented=True)
    response = client_for(coordinator).post(
        reverse("network:record_informed", args=[case.uuid, person.uuid]),
        {"informed-informed_on": "2099-01-01", "informed-channel": "phone"},
    )
    assert response.status_code == 400
    assert "toekomst" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["edit_person", "give_consent", "withdraw_consent", "record_informed", "set_status"],
)
def test_changes_are_post_only(client_for, coordinator, case, name):
    person = PersonFactory(case=case)
    assert (
        client_for(coordinator)
        .get(reverse(f"network:{name}", args=[case.uuid, person.uuid]))
        .status_code
        == 405
    )


@pytest.mark.parametrize("name", ["give_consent", "withdraw_consent", "set_status"])
def test_other_roles_cannot_change_people(client_for, professional, funder, case, name):
    person = PersonFactory(case=case)
    for user in (professional, funder):
        url = reverse(f"network:{name}", args=[case.uuid, person.uuid])
        assert client_for(user).post(url, {"status-status": "coming"}).status_code == 404


def test_person_of_another_case_is_not_found(client_for, coordinator, case):
    other = PersonFactory()
    url = reverse("network:person", args=[case.uuid, other.uuid])
    assert client_for(coordinator).get(url).status_code == 404


def test_coordinator_removes_someone_from_the_circle(client_for, coordinator, case):
    person = PersonFactory(case=case, consented=True)
    issue_link(person, "rsvp")
    response = client_for(coordinator).post(
        reverse("network:remove_person", args=[case.uuid, person.uuid])
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not PersonalLink.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(person.uuid)).exists()


def test_someone_who_set_a_requirement_cannot_be_removed(client_for, coordinator, case):
    from kring.network.tests.factories import SafetyRequirementFactory

    requirement = SafetyRequirementFactory(case=case)
    response = client_for(coordinator).post(
        reverse("network:remove_person", args=[case.uuid, requirement.set_by.uuid]), follow=True
    )
    assert "minimumeis" in response.content.decode()
    assert Person.objects.filter(pk=requirement.set_by.pk).exists()
