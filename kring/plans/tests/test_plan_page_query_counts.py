"""Exact query counts of the plan pages: the same with 1 and with 50 agreements, people
(present at the conference), minimum requirements (each assessed) and support requests."""

from typing import Any

import pytest
from django.urls import reverse

from kring.network.links import issue_link
from kring.plans.tests.factories import AgreementFactory, PersonFactory, RequirementFactory


def _grow(circle, plan, n):
    """n more people, each performing one agreement that meets one requirement of its own,
    and n support requests; returns the requirements."""
    people = [PersonFactory(case=circle.case, name=f"Neef {i}") for i in range(n)]
    requirements = [RequirementFactory(set_by=circle.prof, text=f"Eis {i}") for i in range(n)]
    for i in range(n):
        agreement: Any = AgreementFactory(plan=plan, what=f"Afspraak {i}")
        agreement.performers.set([people[i], circle.aunt])
        agreement.meets_requirements.set([requirements[i]])
        plan.support_requests.create(
            what=f"Hulp {i}", organisation="Wijkteam", professional=circle.prof
        )
    return requirements


def _assess_all(client, requirements):
    for requirement in requirements:
        client.post(reverse("plans:assess", args=[requirement.uuid]), {"outcome": "met"})


def _record_everyone_present(client, case):
    data: dict[str, Any] = {"held_on": "2026-11-20"}
    for person in case.people.all():
        data[f"parts_{person.uuid.hex}"] = ["information", "presentation"]
    response = client.post(reverse("conferences:record", args=[case.uuid]), data)
    assert response.status_code == 302


# The staff pages of a case with a plan, as the coordinator sees them.
STAFF_PAGES = [
    # session, user, case (+region, municipality, coordinator, manager, request) once for the
    # access check and the page, audit insert, timeline (+actor), main people, contacts
    # (+author), undelivered messages, circle summary, plan summary
    ("cases:detail", 10),
    # session, user, case (+region, municipality, coordinator, manager, request) for the access
    # check and for viewing, audit insert, the plan (+case) with its content (agreements,
    # performers, requirements met, support (+professional), agreed by, assessments), people,
    # the case's requirements once for the snapshot and the safety rows (then assessments,
    # linked agreements, their performers), versions, record, attendance per part; the family
    # portal: a presented family draft, open requests to move the follow-up, progress marks
    # (+agreement, person)
    ("plans:detail", 22),
    # session, user, case (+...), audit insert, record, people, attendances (+person)
    ("conferences:record", 7),
    # session, user, case (+...), audit insert, plan, people, who agreed, people for the form
    ("plans:edit", 8),
    # session, user, case (+...), audit insert, plan, requirements, people, people and
    # requirements for the form
    ("plans:agreement_new", 9),
    # session, user, case (+...), audit insert, plan, people, plan again, a first agreement,
    # requirements, the safety rows (assessments, linked agreements, their performers), contact
    # restrictions and attendance (the cautions)
    ("plans:deliver", 14),
]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_staff_plan_pages_exact(
    n, client_for, coordinator, professional, circle, ready_plan, django_assert_num_queries
):
    requirements = _grow(circle, ready_plan, n)
    _assess_all(client_for(professional), requirements)
    c = client_for(coordinator)
    _record_everyone_present(c, circle.case)
    u = circle.case.uuid
    for name, count in STAFF_PAGES:
        with django_assert_num_queries(count, info=name):
            response = c.get(reverse(name, args=[u]))
        assert response.status_code == 200, name
        if name == "plans:detail":
            assert response.content.decode().count("Afspraak ") >= n


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_delivered_and_link_pages_exact(
    n,
    client_for,
    coordinator,
    circle,
    ready_plan,
    professional,
    post_commit,
    client,
    django_assert_num_queries,
):
    requirements = _grow(circle, ready_plan, n)
    p = client_for(professional)
    _assess_all(p, requirements)
    c = client_for(coordinator)
    u = circle.case.uuid
    post_commit(c, reverse("plans:deliver", args=[u]), {"recipients": [circle.aunt.pk]})
    # session, user, case (+...), audit insert, version, audit insert (version read), versions
    with django_assert_num_queries(7):
        assert c.get(reverse("plans:version", args=[u, 1])).status_code == 200
    # session, user, case (+...), audit insert, version, audit insert (export)
    with django_assert_num_queries(6):
        assert c.get(reverse("plans:version_pdf", args=[u, 1])).status_code == 200
    # session, user, case (+...), audit insert, plan, versions, the current content (plan+case,
    # agreements, performers, requirements met, support, agreed by, assessments), people,
    # requirements, audit insert (plan read)
    with django_assert_num_queries(16):
        assert c.get(reverse("plans:diff", args=[u]) + "?van=1&naar=0").status_code == 200
    # see kring/portal/tests/test_professional_query_counts.py
    with django_assert_num_queries(15):
        assert p.get(reverse("portal:professional_case", args=[u])).status_code == 200
    # session, user, requirement (+case, plan), audit insert, agreements, their performers,
    # linked agreements, assessments, the basis (linked agreements, their performers)
    with django_assert_num_queries(10):
        assert p.get(reverse("plans:assess", args=[requirements[0].uuid])).status_code == 200
    token = issue_link(circle.aunt, "plan")
    # link (+person, case), link last used, audit insert, version received, audit insert
    with django_assert_num_queries(5):
        assert client.get(reverse("portal:link_plan", args=[token])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_check_in_worklist_exact(
    n, client_for, coordinator, municipality, django_assert_num_queries
):
    from kring.cases.tests.factories import CaseFactory

    CaseFactory.create_batch(n, delivered=True, coordinator=coordinator, municipality=municipality)
    c = client_for(coordinator)
    # session, user, delivered cases
    with django_assert_num_queries(3):
        page = c.get(reverse("plans:check_ins"))
    assert len(page.context["rows"]) == min(n, 25)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_main_person_draft_page_exact(
    n, circle, ready_plan, client, client_for, professional, django_assert_num_queries
):
    _assess_all(client_for(professional), _grow(circle, ready_plan, n))
    token = issue_link(circle.main, "plan")
    # link (+person, case), link last used, audit insert, version received, plan, the safety
    # rows (requirements, assessments, linked agreements, their performers), draft version,
    # the content (plan+case, agreements, performers, requirements met, support, agreed by,
    # assessments), people, requirements, people who may receive it, contact restrictions and
    # attendance (the cautions), audit insert (the draft read)
    with django_assert_num_queries(23):
        page = client.get(reverse("portal:link_plan", args=[token]))
    assert page.status_code == 200
    assert "Wie mag het plan krijgen?" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_check_in_and_shared_plan_pages_exact(
    n,
    client_for,
    coordinator,
    circle,
    ready_plan,
    professional,
    post_commit,
    django_assert_num_queries,
):
    import datetime

    from django.utils import timezone

    requirements = _grow(circle, ready_plan, n)
    p = client_for(professional)
    _assess_all(p, requirements)
    c = client_for(coordinator)
    u = circle.case.uuid
    post_commit(c, reverse("plans:deliver", args=[u]), {"recipients": [circle.prof.pk]})
    type(circle.case).objects.filter(pk=circle.case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=25)
    )
    # session, user, case (+...), audit insert
    with django_assert_num_queries(4):
        assert c.get(reverse("plans:check_in", args=[u])).status_code == 200
    # session, user, case (+...), their place in the circle, shared version, audit insert
    with django_assert_num_queries(6):
        page = p.get(reverse("portal:professional_plan", args=[u]))
    assert page.status_code == 200
    assert page.content.decode().count("Afspraak ") >= n
