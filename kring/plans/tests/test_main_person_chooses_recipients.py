"""The main person reads the draft through their link and chooses who receives the plan."""

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.network.links import issue_link
from kring.plans.models import PlanRecipient


@pytest.mark.django_db
def test_main_person_chooses_and_the_coordinator_delivers_to_that_choice(
    client_for, coordinator, circle, ready_plan, post_commit, client
):
    c = client_for(coordinator)
    ask = reverse("plans:ask_main_person", args=[circle.case.uuid])
    assert c.get(ask).status_code == 405
    post_commit(c, ask)
    assert [m.to for m in mail.outbox] == [[circle.main.email]]
    match: Any = re.search(r"/plan/\S+/", str(mail.outbox[0].body))
    path = match.group(0)
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Wie mag het plan krijgen?" in body
    assert "Oma brengt de kinderen elke ochtend naar school." in body  # the draft
    response = client.post(path + "ontvangers/", {"recipients": [circle.uncle.pk]})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        object_type="plans.plan", action="update", actor_label__startswith="link:plan:"
    ).exists()
    form = c.get(reverse("plans:deliver", args=[circle.case.uuid])).content.decode()
    assert "koos zelf de ontvangers" in form
    assert re.search(rf'value="{circle.uncle.pk}"[^>]*checked', form)
    assert not re.search(rf'value="{circle.aunt.pk}"[^>]*checked', form)
    post_commit(
        c, reverse("plans:deliver", args=[circle.case.uuid]), {"recipients": [circle.uncle.pk]}
    )
    names = set(PlanRecipient.objects.values_list("person__name", flat=True))
    assert names == {"Fatima Amrani", "Karim Amrani"}
    # After delivery the choice form is gone; the main person reads the delivered version.
    assert "Mijn keuze opslaan" not in client.get(path).content.decode()


@pytest.mark.django_db
def test_only_the_main_person_may_choose(circle, ready_plan, client):
    token = issue_link(circle.aunt, "plan")
    url = reverse("portal:link_choose_recipients", args=[token])
    assert client.post(url, {"recipients": [circle.aunt.pk]}).status_code == 404
    assert client.get(reverse("portal:link_plan", args=[token])).status_code == 404
    main_token = issue_link(circle.main, "plan")
    assert (
        client.get(reverse("portal:link_choose_recipients", args=[main_token])).status_code == 405
    )
