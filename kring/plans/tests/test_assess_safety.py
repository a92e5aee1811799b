"""The professional who set a minimum requirement assesses the plan against it."""

import pytest
from django.core import mail
from django.urls import reverse

from kring.accounts.models import Role
from kring.cases.states import Status
from kring.plans.models import SafetyAssessment
from kring.plans.tests.factories import RequirementFactory


def _url(requirement):
    return reverse("plans:assess", args=[requirement.uuid])


@pytest.mark.django_db
def test_professional_sees_only_their_own_requirements(
    client_for, professional, make_user, circle, ready_plan, requirement
):
    c = client_for(professional)
    case_page = reverse("portal:professional_case", args=[circle.case.uuid])
    start = c.get(case_page)
    assert start.status_code == 200
    assert requirement.text in start.content.decode()
    page = c.get(_url(requirement))
    assert page.status_code == 200
    assert "Oma brengt de kinderen" in page.content.decode()
    other = make_user(Role.PROFESSIONAL, organisation="Veilig Thuis")
    assert client_for(other).get(_url(requirement)).status_code == 404
    assert client_for(other).post(_url(requirement), {"outcome": "met"}).status_code == 404
    assert client_for(other).get(case_page).status_code == 404
    assert circle.case.reference not in client_for(other).get("/start/").content.decode()


@pytest.mark.django_db
def test_not_met_keeps_the_state_and_tells_the_family_what_is_missing(
    client_for, professional, coordinator, circle, ready_plan, requirement, post_commit, client
):
    c = client_for(professional)
    empty = c.post(_url(requirement), {"outcome": "not_met", "explanation": ""})
    assert empty.status_code == 200
    assert "Leg uit wat er ontbreekt" in empty.content.decode()
    response = post_commit(
        c, _url(requirement), {"outcome": "not_met", "explanation": "Wie let op in het weekend?"}
    )
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD
    # The main person is told, and so is the coordinator; the mails carry a link, never the
    # safety texts themselves.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([circle.main.email, coordinator.email])
    assert all("Wie let op in het weekend?" not in m.body for m in mail.outbox)
    assert all(requirement.text not in m.body for m in mail.outbox)
    mail.outbox.sort(key=lambda m: m.to[0] != circle.main.email)
    # The main person's link shows what is missing even before anything was delivered.
    path = "/plan/" + mail.outbox[0].body.split("/plan/", 1)[1].split("/", 1)[0] + "/"
    page = client.get(path)
    assert page.status_code == 200
    assert "Wie let op in het weekend?" in page.content.decode()
    # Delivery is refused while the requirement is not met.
    deliver = client_for(coordinator).post(reverse("plans:deliver", args=[circle.case.uuid]), {})
    assert "niet voldoet" in deliver.content.decode()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["met", "decision"])
def test_met_or_an_explicit_decision_lets_the_plan_go(
    client_for, professional, coordinator, circle, ready_plan, requirement, outcome, post_commit
):
    c = client_for(professional)
    c.post(_url(requirement), {"outcome": "not_met", "explanation": "Weekend ontbreekt"})
    c.post(_url(requirement), {"outcome": outcome, "explanation": "Nu goed geregeld"})
    assert SafetyAssessment.objects.filter(requirement=requirement).count() == 2
    response = post_commit(
        client_for(coordinator), reverse("plans:deliver", args=[circle.case.uuid]), {}
    )
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.PLAN_DELIVERED


@pytest.mark.django_db
def test_every_requirement_must_be_assessed(
    client_for, professional, coordinator, circle, ready_plan, requirement
):
    second = RequirementFactory(set_by=circle.prof, text="Moeder gaat naar de huisarts.")
    client_for(professional).post(_url(requirement), {"outcome": "met"})
    response = client_for(coordinator).post(reverse("plans:deliver", args=[circle.case.uuid]), {})
    assert second.text[:30] in response.content.decode()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD


@pytest.mark.django_db
def test_coordinator_and_manager_cannot_assess(
    client_for, coordinator, manager, requirement, ready_plan
):
    for user in (coordinator, manager):
        assert client_for(user).get(_url(requirement)).status_code == 403


@pytest.mark.django_db
def test_agreements_map_to_requirements(client_for, coordinator, circle, ready_plan, requirement):
    response = client_for(coordinator).post(
        reverse("plans:agreement_new", args=[circle.case.uuid]),
        {
            "what": "Vader drinkt niet als de kinderen er zijn.",
            "performers": [circle.uncle.pk],
            "due": "2030-01-01",
            "how_known": "",
            "meets_requirements": [requirement.pk],
        },
    )
    assert response.status_code == 302
    assert requirement.agreements.count() == 1
    page = client_for(coordinator).get(reverse("plans:detail", args=[circle.case.uuid]))
    assert "Afspraken die hierbij horen: 3" in page.content.decode()


@pytest.mark.django_db
def test_professional_answers_a_support_request(
    client_for, professional, coordinator, circle, ready_plan
):
    client_for(coordinator).post(
        reverse("plans:support_new", args=[circle.case.uuid]),
        {
            "what": "Opvoedondersteuning",
            "organisation": "Jeugdbescherming",
            "professional": circle.prof.pk,
        },
    )
    support = ready_plan.support_requests.get()
    c = client_for(professional)
    case_page = reverse("portal:professional_case", args=[circle.case.uuid])
    assert support.what in c.get(case_page).content.decode()
    response = c.post(
        reverse("plans:support_answer", args=[support.uuid]),
        {"answer": "accept", "note": "Vanaf maart"},
    )
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.status == "accepted"


@pytest.mark.django_db
def test_coordinator_asks_the_professional_to_assess(
    client_for, coordinator, professional, circle, ready_plan, requirement, post_commit
):
    url = reverse("plans:ask_assessment", args=[circle.case.uuid])
    assert client_for(coordinator).get(url).status_code == 405
    response = post_commit(client_for(coordinator), url)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[professional.email]]
    assert requirement.text not in mail.outbox[0].body
    assert circle.case.reference in mail.outbox[0].body
    # The mail leads to the professional's own page of this case.
    assert f"/professional/trajecten/{circle.case.uuid}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_asking_without_requirements_says_so(client_for, coordinator, circle, ready_plan):
    response = client_for(coordinator).post(
        reverse("plans:ask_assessment", args=[circle.case.uuid]), follow=True
    )
    assert "geen minimumeisen" in response.content.decode()
    assert not mail.outbox
