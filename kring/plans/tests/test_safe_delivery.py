"""Sending the plan safely (issue 9, finding 3): nobody is ticked but as the main person chose;
someone under a contact restriction with a main person, someone who declined and someone absent
from the conference is shown with a warning and needs a second, explicit tick."""

import re
from typing import Any

import pytest
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.cases.models import Variant
from kring.network.links import issue_link
from kring.plans import delivery
from kring.plans.models import PlanRecipient, PlanVersion
from kring.plans.tests.factories import PersonFactory
from kring.plans.writing import PlanError

pytestmark = pytest.mark.django_db

RESTRICTED = "contactverbod of een afspraak om niet samen te zijn"
DECLINED = "niet naar de conferentie te komen"
ABSENT = "Was niet bij de conferentie"


def _deliver_url(case: Any) -> str:
    return reverse("plans:deliver", args=[case.uuid])


def _ticked(html: str, name: str = "recipients") -> set[str]:
    """The values of the ticked checkboxes called `name`."""
    return {
        m.group(1)
        for tag in re.findall(r"<input[^>]*>", html)
        if f'name="{name}"' in tag and " checked" in tag
        for m in [re.search(r'value="([^"]+)"', tag)]
        if m
    }


def _restrict(client: Any, case: Any, a: Any, b: Any) -> None:
    """Record a contact restriction through the safety page."""
    response = client.post(
        reverse("network:add_restriction", args=[case.uuid]),
        {
            "res-person_a": a.pk,
            "res-person_b": b.pk,
            "res-kind": "restraining_order",
            "res-note": "",
        },
    )
    assert response.status_code == 302


def _row(html: str, name: str) -> str:
    """The delivery form's row of one person."""
    rows = html.split('<div class="plans-recipient')
    return next(r for r in rows if name in r.split("</label>")[0])


def test_nobody_is_pre_ticked_until_the_main_person_chooses(
    client_for, coordinator, circle, ready_plan
):
    page = client_for(coordinator).get(_deliver_url(circle.case)).content.decode()
    # Only the main person, who always receives the plan (ticked, not changeable).
    assert _ticked(page) == {str(circle.main.pk)}
    assert re.search(rf'value="{circle.main.pk}"[^>]*checked disabled', page)
    assert "Nog niemand is aangevinkt" in page


def test_delivering_to_nobody_sends_only_to_the_main_person(
    client_for, coordinator, circle, ready_plan, post_commit
):
    response = post_commit(client_for(coordinator), _deliver_url(circle.case), {})
    assert response.status_code == 302
    assert set(PlanRecipient.objects.values_list("person", flat=True)) == {circle.main.pk}


def test_a_contact_restriction_with_the_main_person_needs_a_second_tick(
    client_for, coordinator, circle, ready_plan, post_commit
):
    c = client_for(coordinator)
    _restrict(c, circle.case, circle.uncle, circle.main)
    # A restriction between two others is not about the main person: no warning for them.
    _restrict(c, circle.case, circle.aunt, circle.prof)
    page = c.get(_deliver_url(circle.case)).content.decode()
    assert RESTRICTED in _row(page, "Karim Amrani")
    assert "Ik heb dit gecontroleerd: Karim Amrani mag het plan toch krijgen." in page
    assert RESTRICTED not in _row(page, "Ria Amrani")
    assert RESTRICTED not in _row(page, "Sanne Visser")

    refused = post_commit(c, _deliver_url(circle.case), {"recipients": [circle.uncle.pk]})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Karim Amrani: bevestig eerst dat deze persoon het plan toch mag krijgen" in body
    assert 'id="error-summary"' in body and 'href="#id_recipients"' in body
    # Nothing ticked is lost.
    assert str(circle.uncle.pk) in _ticked(body)
    assert not PlanVersion.objects.exists()

    sent = post_commit(
        c,
        _deliver_url(circle.case),
        {"recipients": [circle.uncle.pk], "confirmed": [circle.uncle.pk]},
    )
    assert sent.status_code == 302
    assert PlanRecipient.objects.filter(person=circle.uncle).exists()
    event = AuditEvent.objects.get(key="plans.delivered")
    assert event.changes == {"version": 1, "recipients": 2, "confirmed": 1}


def test_someone_who_declined_needs_a_second_tick(
    client_for, coordinator, circle, ready_plan, post_commit
):
    c = client_for(coordinator)
    # The aunt said on the phone that she will not come.
    response = c.post(
        reverse("network:set_status", args=[circle.case.uuid, circle.aunt.uuid]),
        {"status-status": "not_coming"},
    )
    assert response.status_code == 302
    page = c.get(_deliver_url(circle.case)).content.decode()
    assert DECLINED in _row(page, "Ria Amrani")
    assert DECLINED not in _row(page, "Karim Amrani")
    refused = post_commit(c, _deliver_url(circle.case), {"recipients": [circle.aunt.pk]})
    assert "Ria Amrani: bevestig eerst" in refused.content.decode()
    sent = post_commit(
        c,
        _deliver_url(circle.case),
        {"recipients": [circle.aunt.pk], "confirmed": [circle.aunt.pk]},
    )
    assert sent.status_code == 302


def test_someone_absent_from_the_conference_needs_a_second_tick(
    client_for, coordinator, circle, ready_plan, post_commit
):
    c = client_for(coordinator)
    # Attendance recorded: everyone came except the uncle.
    data: dict[str, Any] = {"held_on": circle.case.conference_held_at.date().isoformat()}
    for person in (circle.main, circle.aunt, circle.prof):
        data[f"parts_{person.uuid.hex}"] = ["information", "presentation"]
    assert c.post(reverse("conferences:record", args=[circle.case.uuid]), data).status_code == 302
    page = c.get(_deliver_url(circle.case)).content.decode()
    assert ABSENT in _row(page, "Karim Amrani")
    assert ABSENT not in _row(page, "Ria Amrani")
    assert ABSENT not in _row(page, "Sanne Visser")
    refused = post_commit(
        c, _deliver_url(circle.case), {"recipients": [circle.uncle.pk, circle.aunt.pk]}
    )
    assert "Karim Amrani: bevestig eerst" in refused.content.decode()
    assert "Ria Amrani: bevestig eerst" not in refused.content.decode()
    # Leaving the absent uncle out is the other way through.
    sent = post_commit(c, _deliver_url(circle.case), {"recipients": [circle.aunt.pk]})
    assert sent.status_code == 302
    assert not PlanRecipient.objects.filter(person=circle.uncle).exists()


def test_the_main_persons_choice_is_ticked_but_a_caution_is_confirmed_again(
    client_for, coordinator, circle, ready_plan, post_commit, client
):
    c = client_for(coordinator)
    _restrict(c, circle.case, circle.main, circle.uncle)
    token = issue_link(circle.main, "plan")
    own = client.get(reverse("portal:link_plan", args=[token])).content.decode()
    # Nobody ticked on the main person's own page either; the restriction is theirs to see.
    assert _ticked(own) == {str(circle.main.pk)}
    assert RESTRICTED in _row(own, "Karim Amrani")
    choose = reverse("portal:link_choose_recipients", args=[token])
    refused = client.post(choose, {"recipients": [circle.uncle.pk, circle.aunt.pk]})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Karim Amrani: bevestig eerst" in body
    assert {str(circle.uncle.pk), str(circle.aunt.pk)} <= _ticked(body)
    ok = client.post(
        choose,
        {"recipients": [circle.uncle.pk, circle.aunt.pk], "confirmed": [circle.uncle.pk]},
    )
    assert ok.status_code == 302
    assert AuditEvent.objects.get(key="plans.recipients_chosen").changes == {
        "chosen": 2,
        "confirmed": 1,
    }

    # The coordinator sees the main person's choice ticked, the second tick not: sending is
    # their act, so they confirm it themselves.
    page = c.get(_deliver_url(circle.case)).content.decode()
    assert _ticked(page) == {str(p.pk) for p in (circle.main, circle.uncle, circle.aunt)}
    assert not _ticked(page, "confirmed")
    refused = post_commit(
        c, _deliver_url(circle.case), {"recipients": [circle.uncle.pk, circle.aunt.pk]}
    )
    assert "Karim Amrani: bevestig eerst" in refused.content.decode()


def test_a_main_person_does_not_see_a_restriction_that_is_not_theirs(
    make_circle, client_for, coordinator, post_commit, client
):
    circle = make_circle(Variant.GROUP)
    other_main = PersonFactory(case=circle.case, main=True, name="Henk Visser")
    from kring.plans.tests.factories import PlanFactory

    PlanFactory(case=circle.case, ready=True)
    _restrict(client_for(coordinator), circle.case, other_main, circle.uncle)
    token = issue_link(circle.main, "plan")
    own = client.get(reverse("portal:link_plan", args=[token])).content.decode()
    assert RESTRICTED not in own
    staff = client_for(coordinator).get(_deliver_url(circle.case)).content.decode()
    assert RESTRICTED in _row(staff, "Karim Amrani")


def test_the_domain_refuses_an_unconfirmed_caution_whatever_the_form_sent(
    coordinator, circle, ready_plan
):
    circle.uncle.status = "not_coming"
    circle.uncle.save()
    with pytest.raises(PlanError, match="Karim Amrani"):
        delivery.deliver(circle.case, [circle.uncle], actor=coordinator)
    assert not PlanVersion.objects.exists()
    with pytest.raises(PlanError, match="Karim Amrani"):
        delivery.choose_recipients(ready_plan, [circle.uncle], person=circle.main)
