"""When a professional changes, withdraws or hands over a minimum requirement (the circle's
screens), the plan's safety assessment follows: stale after a change, gone after a withdrawal,
with the new author after a hand-over."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from kring.accounts.models import Role
from kring.cases.states import Status
from kring.plans.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

STALE = "zijn veranderd na de beoordeling"


@pytest.fixture
def assessed(client_for, professional, circle, ready_plan, requirement):
    """The requirement is met by the aunt's agreement and judged "met"."""
    ready_plan.agreements.first().meets_requirements.set([requirement])
    response = client_for(professional).post(
        reverse("plans:assess", args=[requirement.uuid]), {"outcome": "met"}
    )
    assert response.status_code == 302
    return requirement


def _deliver_page(client: Any, case: Any) -> str:
    return client.get(reverse("plans:deliver", args=[case.uuid])).content.decode()


def test_a_changed_requirement_makes_the_assessment_stale(
    client_for, coordinator, professional, circle, assessed
):
    c = client_for(coordinator)
    assert STALE not in _deliver_page(c, circle.case)
    assessed.text = "De kinderen zijn nooit alleen met vader, ook niet overdag."
    assessed.save()
    assert STALE in _deliver_page(c, circle.case)
    page = client_for(professional).get(reverse("plans:assess", args=[assessed.uuid]))
    assert "Nu:</strong> Minimumeis: De kinderen zijn nooit alleen met vader, ook niet" in (
        page.content.decode()
    )


def test_a_withdrawn_requirement_is_gone_from_the_plan(
    client_for, coordinator, professional, circle, ready_plan, assessed, post_commit
):
    text = assessed.text
    assessed.delete()  # withdrawn by its author
    c = client_for(coordinator)
    plan_page = c.get(reverse("plans:detail", args=[circle.case.uuid])).content.decode()
    assert text not in plan_page
    assert "Minimumeis van" not in plan_page
    case_page = client_for(professional).get(
        reverse("portal:professional_case", args=[circle.case.uuid])
    )
    assert text not in case_page.content.decode()
    response = post_commit(c, reverse("plans:deliver", args=[circle.case.uuid]), {})
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.PLAN_DELIVERED
    assert circle.case.plan.versions.get().content["safety"] == []


def test_a_handed_over_requirement_follows_its_new_author(
    client_for, make_user, coordinator, professional, circle, ready_plan, assessed, post_commit
):
    colleague = make_user(Role.PROFESSIONAL, organisation="Jeugdbescherming")
    successor = PersonFactory(
        case=circle.case, professional=True, name="Lotte Jansen", user=colleague
    )
    assessed.set_by = successor
    assessed.save()
    old = client_for(professional)
    new = client_for(colleague)
    assert old.get(reverse("plans:assess", args=[assessed.uuid])).status_code == 404
    page = new.get(reverse("portal:professional_case", args=[circle.case.uuid])).content.decode()
    assert assessed.text in page
    # The earlier judgement stays with the requirement: nothing changed in what it rests on.
    assert "Voldoet" in page and "opnieuw beoordelen" not in page
    assert STALE not in _deliver_page(client_for(coordinator), circle.case)
    # Asking for a new look goes to the new author.
    post_commit(client_for(coordinator), reverse("plans:ask_assessment", args=[circle.case.uuid]))
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    response = new.post(reverse("plans:assess", args=[assessed.uuid]), {"outcome": "met"})
    assert response.status_code == 302
