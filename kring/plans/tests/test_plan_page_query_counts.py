"""Query counts of the plan pages do not grow with the number of agreements or people."""

from typing import Any

import pytest
from django.urls import reverse

from kring.plans.tests.factories import AgreementFactory, PersonFactory, RequirementFactory


def _grow(circle, plan, n):
    people = [PersonFactory(case=circle.case, name=f"Neef {i}") for i in range(n)]
    requirement = RequirementFactory(set_by=circle.prof)
    for i in range(n):
        agreement: Any = AgreementFactory(plan=plan, what=f"Afspraak {i}")
        agreement.performers.set([people[i], circle.aunt])
        agreement.meets_requirements.set([requirement])
    plan.support_requests.create(what="Hulp", organisation="Wijkteam", professional=circle.prof)
    return requirement


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_staff_plan_pages(
    n, client_for, coordinator, circle, ready_plan, django_assert_max_num_queries
):
    _grow(circle, ready_plan, n)
    c = client_for(coordinator)
    u = circle.case.uuid
    for name, limit in [
        ("plans:detail", 26),
        ("conferences:record", 9),
        ("plans:edit", 10),
        ("plans:agreement_new", 11),
        ("plans:deliver", 13),
    ]:
        with django_assert_max_num_queries(limit):
            assert c.get(reverse(name, args=[u])).status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_delivered_and_link_pages(
    n,
    client_for,
    coordinator,
    circle,
    ready_plan,
    professional,
    post_commit,
    client,
    django_assert_max_num_queries,
):
    requirement = _grow(circle, ready_plan, n)
    client_for(professional).post(
        reverse("plans:assess", args=[requirement.uuid]), {"outcome": "met"}
    )
    c = client_for(coordinator)
    u = circle.case.uuid
    post_commit(c, reverse("plans:deliver", args=[u]), {"recipients": [circle.aunt.pk]})
    with django_assert_max_num_queries(9):
        assert c.get(reverse("plans:version", args=[u, 1])).status_code == 200
    with django_assert_max_num_queries(8):
        assert c.get(reverse("plans:version_pdf", args=[u, 1])).status_code == 200
    with django_assert_max_num_queries(18):
        assert c.get(reverse("plans:diff", args=[u]) + "?van=1&naar=0").status_code == 200
    p = client_for(professional)
    # Includes recomputing the fingerprints to mark assessments that became stale.
    with django_assert_max_num_queries(8):
        assert p.get(reverse("portal:professional")).status_code == 200
    with django_assert_max_num_queries(10):
        assert p.get(reverse("plans:assess", args=[requirement.uuid])).status_code == 200
    from kring.network.links import issue_link

    token = issue_link(circle.aunt, "plan")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("portal:link_plan", args=[token])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_check_in_worklist(n, client_for, coordinator, municipality, django_assert_max_num_queries):
    from kring.cases.tests.factories import CaseFactory

    CaseFactory.create_batch(n, delivered=True, coordinator=coordinator, municipality=municipality)
    c = client_for(coordinator)
    with django_assert_max_num_queries(8):
        page = c.get(reverse("plans:check_ins"))
    assert page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_main_person_draft_page(n, circle, ready_plan, client, django_assert_max_num_queries):
    from kring.network.links import issue_link

    _grow(circle, ready_plan, n)
    token = issue_link(circle.main, "plan")
    # Includes the fingerprints that mark a stale assessment in the draft.
    with django_assert_max_num_queries(21):
        page = client.get(reverse("portal:link_plan", args=[token]))
    assert page.status_code == 200
    assert "Wie mag het plan krijgen?" in page.content.decode()
