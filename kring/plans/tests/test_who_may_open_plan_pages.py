"""URL x role table: the right role succeeds, others get 403/404, POST-only refuses GET."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role
from kring.plans.tests.factories import RequirementFactory


@pytest.fixture
def delivered_case(client_for, coordinator, circle, ready_plan, post_commit):
    post_commit(client_for(coordinator), reverse("plans:deliver", args=[circle.case.uuid]), {})
    return circle


def _case_get_urls(case, agreement):
    u = case.uuid
    return [
        reverse("conferences:record", args=[u]),
        reverse("plans:detail", args=[u]),
        reverse("plans:edit", args=[u]),
        reverse("plans:agreement_new", args=[u]),
        reverse("plans:agreement_edit", args=[u, agreement.uuid]),
        reverse("plans:support_new", args=[u]),
        reverse("plans:deliver", args=[u]),
        reverse("plans:version", args=[u, 1]),
        reverse("plans:version_pdf", args=[u, 1]),
        reverse("plans:diff", args=[u]) + "?van=1&naar=0",
        reverse("plans:check_in", args=[u]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", 200),
        ("manager", 200),
        ("admin", 200),
        ("other_coordinator", 404),
        ("undeclared_coordinator", 404),
        ("other_manager", 404),
        ("professional", 404),
        ("funder", 404),
        ("anonymous", 302),
    ],
)
def test_case_plan_pages_by_role(
    who,
    expected,
    delivered_case,
    ready_plan,
    make_user,
    other_region,
    coordinator,
    manager,
    admin_user,
    professional,
    funder,
):
    case = delivered_case.case
    users = {
        "coordinator": coordinator,
        "manager": manager,
        "admin": admin_user,
        "other_coordinator": make_user(Role.COORDINATOR),
        "other_manager": make_user(Role.REGIONAL_MANAGER, regions=[other_region]),
        "professional": professional,
        "funder": funder,
    }
    if who == "undeclared_coordinator":
        type(case).objects.filter(pk=case.pk).update(independence_declared_at=None)
        users[who] = coordinator
    client = Client()
    if who != "anonymous":
        client.force_login(users[who])
    agreement = ready_plan.agreements.first()
    for url in _case_get_urls(case, agreement):
        assert client.get(url).status_code == expected, (who, url)
    post_only = [
        reverse("plans:start", args=[case.uuid]),
        reverse("plans:agreement_delete", args=[case.uuid, agreement.uuid]),
    ]
    for url in post_only:
        assert client.get(url).status_code == (405 if expected != 302 else 302), url
    if expected in {404, 302}:
        for url in post_only:
            assert client.post(url).status_code == expected, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("professional", 200),
        ("coordinator", 403),
        ("manager", 403),
        ("funder", 403),
        ("anonymous", 302),
    ],
)
def test_professional_pages_by_role(
    who, expected, circle, ready_plan, coordinator, manager, funder, professional
):
    requirement: Any = RequirementFactory(set_by=circle.prof)
    support = ready_plan.support_requests.create(
        what="Hulp", organisation="Jeugdbescherming", professional=circle.prof
    )
    users = {
        "professional": professional,
        "coordinator": coordinator,
        "manager": manager,
        "funder": funder,
    }
    client = Client()
    if who != "anonymous":
        client.force_login(users[who])
    for url in (
        reverse("plans:assess", args=[requirement.uuid]),
        reverse("plans:support_answer", args=[support.uuid]),
    ):
        assert client.get(url).status_code == expected, url
    # The case page does not exist for anyone but the professional in its circle.
    case_page = client.get(reverse("portal:professional_case", args=[circle.case.uuid]))
    assert case_page.status_code == (404 if expected == 403 else expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"), [("coordinator", 200), ("manager", 403), ("professional", 403)]
)
def test_check_in_worklist_is_for_coordinators(
    who, expected, coordinator, manager, professional, client_for
):
    user = {"coordinator": coordinator, "manager": manager, "professional": professional}[who]
    assert client_for(user).get(reverse("plans:check_ins")).status_code == expected


@pytest.mark.django_db
def test_link_pages_refuse_other_purposes_and_withdrawn_consent(delivered_case, client):
    from kring.network.links import issue_link

    aunt = delivered_case.aunt
    rsvp = issue_link(aunt, "rsvp")
    assert client.get(reverse("portal:link_plan", args=[rsvp])).status_code == 404
    from kring.plans.models import PlanRecipient, PlanVersion

    PlanRecipient.objects.create(version=PlanVersion.objects.get(), person=aunt)
    token = issue_link(aunt, "plan")
    assert client.get(reverse("portal:link_plan", args=[token])).status_code == 200
    from django.utils import timezone

    aunt.consent_withdrawn_at = timezone.now()
    aunt.save()
    assert client.get(reverse("portal:link_plan", args=[token])).status_code == 404
    assert client.get(reverse("portal:link_plan_pdf", args=[token])).status_code == 404
    assert client.get(reverse("portal:link_my_agreements_pdf", args=[token])).status_code == 404


@pytest.mark.django_db
def test_professional_loses_assessment_and_support_pages_when_consent_is_withdrawn(
    circle, ready_plan, professional, coordinator
):
    from kring.network.services import withdraw_consent

    requirement: Any = RequirementFactory(set_by=circle.prof, text="Nooit alleen met vader.")
    support = ready_plan.support_requests.create(
        what="Gezinscoach nodig", organisation="Jeugdbescherming", professional=circle.prof
    )
    client = Client()
    client.force_login(professional)
    assess_url = reverse("plans:assess", args=[requirement.uuid])
    support_url = reverse("plans:support_answer", args=[support.uuid])
    assert client.get(assess_url).status_code == 200
    assert client.get(support_url).status_code == 200

    withdraw_consent(circle.prof, actor=coordinator)

    assert client.get(assess_url).status_code == 404
    assert client.post(assess_url, {"outcome": "met"}).status_code == 404
    assert client.get(support_url).status_code == 404
    assert (
        client.get(reverse("portal:professional_case", args=[circle.case.uuid])).status_code == 404
    )
    start = client.get(reverse("portal:start")).content.decode()
    assert circle.case.reference not in start
    assert "Nooit alleen met vader." not in start
    assert "Gezinscoach nodig" not in start
