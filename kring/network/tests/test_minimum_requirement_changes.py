"""A minimum requirement after it was set: its author changes or withdraws it, a colleague of
the same organisation takes it over, the old values stay readable; and the professional's
safety page gets only what a professional may see."""

import pytest
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.network.models import RequirementChange, SafetyRequirement
from kring.network.tests.factories import (
    ContactRestrictionFactory,
    PersonFactory,
    SafetyRequirementFactory,
)

pytestmark = pytest.mark.django_db

TEXT = "De kinderen slapen elke nacht op een veilige plek."
NEW_TEXT = "De kinderen slapen elke nacht thuis of bij oma, nooit bij vader."


@pytest.fixture
def author(case, professional):
    return PersonFactory(
        case=case,
        professional=True,
        consented=True,
        user=professional,
        name="Sanne Visser",
        organisation="Jeugdbescherming",
    )


@pytest.fixture
def requirement(case, author):
    return SafetyRequirementFactory(case=case, set_by=author, text=TEXT)


def _url(name, requirement):
    return reverse(f"network:{name}", args=[requirement.case.uuid, requirement.uuid])


def _prefix(kind, requirement):
    return f"{kind}-{requirement.uuid.hex}"


def test_the_author_changes_the_text_and_the_old_one_is_kept(client_for, professional, requirement):
    c = client_for(professional)
    page = c.get(reverse("network:safety", args=[requirement.case.uuid])).content.decode()
    assert "Wijzigen" in page and "Intrekken" in page
    p = _prefix("change", requirement)
    response = c.post(
        _url("change_requirement", requirement),
        {f"{p}-text": NEW_TEXT, f"{p}-organisation": "Jeugdbescherming"},
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.text == NEW_TEXT and requirement.changed_at is not None
    change = RequirementChange.objects.get(requirement=requirement)
    assert (
        change.kind == "changed" and change.old_text == TEXT and change.changed_by == professional
    )
    event = AuditEvent.objects.get(key="requirement.changed")
    assert event.changes == {"fields": ["text"]} and event.actor == professional
    assert TEXT not in str(event.changes) + event.reason + event.message
    page = c.get(reverse("network:safety", args=[requirement.case.uuid])).content.decode()
    assert "Eerdere versies" in page and TEXT in page


def test_an_empty_change_is_refused_in_plain_dutch_and_keeps_what_was_typed(
    client_for, professional, requirement
):
    p = _prefix("change", requirement)
    response = client_for(professional).post(
        _url("change_requirement", requirement),
        {f"{p}-text": "", f"{p}-organisation": "Jeugdbescherming Noord"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "Jeugdbescherming Noord" in html
    assert f'id="id_{p}-text"' in html


def test_the_author_withdraws_it_with_a_reason(client_for, professional, requirement):
    c = client_for(professional)
    p = _prefix("withdraw", requirement)
    assert c.post(_url("withdraw_requirement", requirement), {}).status_code == 400
    response = c.post(
        _url("withdraw_requirement", requirement), {f"{p}-reason": "Vader is verhuisd."}
    )
    assert response.status_code == 302
    assert not SafetyRequirement.objects.filter(pk=requirement.pk).exists()
    withdrawn = SafetyRequirement.all_objects.get(pk=requirement.pk)
    assert withdrawn.withdrawn_at is not None
    assert RequirementChange.objects.get(requirement=requirement).note == "Vader is verhuisd."
    event = AuditEvent.objects.get(key="requirement.withdrawn")
    assert "verhuisd" not in str(event.changes) + event.reason + event.message
    page = c.get(reverse("network:safety", args=[requirement.case.uuid])).content.decode()
    assert "1 ingetrokken minimumeis" in page and "Vader is verhuisd." in page
    # Gone from everywhere it counted, and it cannot be changed any more.
    p = _prefix("change", requirement)
    again = c.post(
        _url("change_requirement", requirement), {f"{p}-text": "x", f"{p}-organisation": "y"}
    )
    assert again.status_code == 404


def test_the_coordinator_may_change_it_on_the_authors_behalf(client_for, coordinator, requirement):
    p = _prefix("change", requirement)
    response = client_for(coordinator).post(
        _url("change_requirement", requirement),
        {f"{p}-text": NEW_TEXT, f"{p}-organisation": "Jeugdbescherming"},
    )
    assert response.status_code == 302
    assert RequirementChange.objects.get().changed_by == coordinator


def test_another_professional_in_the_circle_cannot_touch_it(
    client_for, make_user, case, requirement
):
    from kring.accounts.models import Role

    other = make_user(Role.PROFESSIONAL)
    PersonFactory(case=case, professional=True, consented=True, user=other)
    c = client_for(other)
    assert c.get(reverse("network:safety", args=[case.uuid])).status_code == 200
    page = c.get(reverse("network:safety", args=[case.uuid])).content.decode()
    assert TEXT in page and "Wijzigen" not in page
    for name in ("change_requirement", "withdraw_requirement", "hand_over_requirement"):
        assert c.post(_url(name, requirement), {}).status_code == 404


def test_a_colleague_of_the_same_organisation_takes_it_over(
    client_for, coordinator, make_user, case, author, requirement
):
    from kring.accounts.models import Role

    colleague_user = make_user(Role.PROFESSIONAL)
    colleague = PersonFactory(
        case=case,
        professional=True,
        consented=True,
        user=colleague_user,
        name="Ruud de Wit",
        organisation=" jeugdbescherming ",
    )
    stranger = PersonFactory(
        case=case, professional=True, consented=True, name="Huisarts Kramer", organisation="GGD"
    )
    c = client_for(coordinator)
    page = c.get(reverse("network:safety", args=[case.uuid])).content.decode()
    assert "Overdragen aan een collega" in page
    assert "Ruud de Wit" in page
    p = _prefix("handover", requirement)
    # Someone of another organisation is not a choice.
    refused = c.post(
        _url("hand_over_requirement", requirement),
        {f"{p}-to": stranger.uuid.hex, f"{p}-reason": "Sanne werkt er niet meer."},
    )
    assert refused.status_code == 400
    response = c.post(
        _url("hand_over_requirement", requirement),
        {f"{p}-to": colleague.uuid.hex, f"{p}-reason": "Sanne werkt er niet meer."},
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.set_by == colleague
    change = RequirementChange.objects.get(kind="handed_over")
    assert change.old_set_by == author and change.note == "Sanne werkt er niet meer."
    event = AuditEvent.objects.get(key="requirement.handed_over")
    assert event.changes == {"set_by": [str(author.uuid), str(colleague.uuid)]}
    # The colleague now holds it; the author who left can leave the circle.
    assert (
        client_for(colleague_user).post(_url("withdraw_requirement", requirement)).status_code
        == 400
    )
    removed = c.post(reverse("network:remove_person", args=[case.uuid, author.uuid]))
    assert removed.status_code == 302


def test_without_a_colleague_there_is_no_hand_over(client_for, coordinator, case, requirement):
    page = client_for(coordinator).get(reverse("network:safety", args=[case.uuid]))
    assert "Overdragen aan een collega" not in page.content.decode()


def test_the_author_of_a_withdrawn_requirement_stays_in_the_circle(
    client_for, coordinator, case, author, requirement
):
    c = client_for(coordinator)
    p = _prefix("withdraw", requirement)
    c.post(_url("withdraw_requirement", requirement), {f"{p}-reason": "Niet meer nodig."})
    response = c.post(reverse("network:remove_person", args=[case.uuid, author.uuid]), follow=True)
    assert "Draag de minimumeis eerst over" in response.content.decode()


def test_the_professionals_safety_page_gets_no_contact_restrictions(
    client_for, professional, coordinator, case, requirement
):
    restriction = ContactRestrictionFactory(case=case, note="Contactverbod tot maart")
    response = client_for(professional).get(reverse("network:safety", args=[case.uuid]))
    assert response.status_code == 200
    for key in ("restrictions", "conflicts", "restriction_form", "decision_form"):
        assert key not in response.context, key
    html = response.content.decode()
    assert restriction.person_a.name not in html and "Contactverbod tot maart" not in html
    staff = client_for(coordinator).get(reverse("network:safety", args=[case.uuid]))
    assert restriction.person_a.name in staff.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_professionals_safety_page_exact_query_count(
    client_for, professional, case, author, rows, django_assert_num_queries
):
    for i in range(rows):
        requirement = SafetyRequirementFactory(case=case, set_by=author, text=f"Eis {i}")
        RequirementChange.objects.create(requirement=requirement, kind="changed", old_text="x")
    PersonFactory.create_batch(rows, case=case, professional=True, organisation="Jeugdbescherming")
    c = client_for(professional)
    # session, user, case (+region, municipality, coordinator), audit insert, people,
    # requirements (also withdrawn), their history (+who changed), people the form offers
    with django_assert_num_queries(8):
        response = c.get(reverse("network:safety", args=[case.uuid]))
    assert response.content.decode().count("Eerdere versies") == rows
