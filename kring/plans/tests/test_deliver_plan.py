"""Delivering the plan: the guard, the versions, the notices with personal links, the PDF."""

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from kring.audit.models import AuditEvent
from kring.cases.states import Status
from kring.plans.models import PlanRecipient, PlanVersion
from kring.plans.tests.factories import AgreementFactory, PlanFactory


def _deliver_url(case):
    return reverse("plans:deliver", args=[case.uuid])


def _link_from_mail(message) -> str:
    match = re.search(r"https?://\S+/plan/\S+/", message.body)
    assert match, message.body
    return match.group(0)


@pytest.mark.django_db
def test_plan_without_follow_up_cannot_be_delivered(post_commit, client_for, coordinator, circle):
    plan = PlanFactory(case=circle.case)
    agreement: Any = AgreementFactory(plan=plan)
    agreement.performers.set([circle.aunt])
    response = post_commit(
        client_for(coordinator), _deliver_url(circle.case), {"recipients": [circle.aunt.pk]}
    )
    assert response.status_code == 200
    assert "vervolgbijeenkomst" in response.content.decode()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD
    assert not PlanVersion.objects.exists()


@pytest.mark.django_db
def test_plan_with_unassessed_requirement_cannot_be_delivered(
    post_commit, client_for, coordinator, circle, ready_plan, requirement
):
    response = post_commit(client_for(coordinator), _deliver_url(circle.case), {"recipients": []})
    assert response.status_code == 200
    assert "nog niet beoordeeld" in response.content.decode()
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD


@pytest.mark.django_db
def test_the_delivery_check_refuses_the_case_verb_too(circle, coordinator):
    from kring.cases import transitions
    from kring.plans.delivery import delivery_blockers

    with pytest.raises(transitions.TransitionError):
        transitions.deliver_plan(circle.case, actor=coordinator, check=delivery_blockers)
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD


@pytest.mark.django_db
def test_delivery_sends_personal_links_and_participant_reads_the_plan(
    post_commit, client_for, coordinator, circle, ready_plan, client
):
    response = post_commit(
        client_for(coordinator),
        _deliver_url(circle.case),
        {"recipients": [circle.aunt.pk, circle.prof.pk]},
    )
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.PLAN_DELIVERED
    version = PlanVersion.objects.get()
    assert version.number == 1
    recipients = set(PlanRecipient.objects.values_list("person__name", flat=True))
    # The main person always receives it; the uncle was not chosen.
    assert recipients == {"Fatima Amrani", "Ria Amrani", "Sanne Visser"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [circle.main.email, circle.aunt.email, circle.prof.email]
    )
    for message in mail.outbox:
        assert not message.attachments
    # The PDF was rendered after commit and cached by version, in file storage.
    version.refresh_from_db()
    assert version.pdf_file.name == f"plan-versions/{version.uuid}.pdf"
    assert version.pdf_file.storage.exists(version.pdf_file.name)

    aunt_mail = next(m for m in mail.outbox if m.to == [circle.aunt.email])
    link = _link_from_mail(aunt_mail)
    path = link.split("testserver", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Oma brengt de kinderen elke ochtend naar school." in body
    assert AuditEvent.objects.filter(
        action="view", object_type="plans.planversion", actor_label__startswith="link:plan:"
    ).exists()

    pdf = client.get(path + "pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="export", object_type="plans.planversion").exists()


@pytest.mark.django_db
def test_pdf_holds_question_agreements_follow_up_and_language(
    post_commit, client_for, coordinator, circle, ready_plan
):
    c = client_for(coordinator)
    r = post_commit(c, _deliver_url(circle.case), {"recipients": []})
    assert r.status_code == 302, r.content.decode()
    response = c.get(reverse("plans:version_pdf", args=[circle.case.uuid, 1]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert " ".join(circle.case.question.split()) in flat
    for agreement in ready_plan.agreements.all():
        assert " ".join(agreement.what.split()) in flat
    follow_up = ready_plan.follow_up_at
    from django.utils import timezone
    from django.utils.formats import date_format

    assert date_format(timezone.localtime(follow_up), "j F Y") in flat
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert "Pagina 1 / " in flat


@pytest.mark.django_db
def test_pdf_is_in_the_main_persons_language(
    post_commit, client_for, coordinator, circle, ready_plan
):
    circle.main.language = "en"
    circle.main.save()
    c = client_for(coordinator)
    post_commit(c, _deliver_url(circle.case), {"recipients": []})
    response = c.get(reverse("plans:version_pdf", args=[circle.case.uuid, 1]))
    reader = PdfReader(io.BytesIO(response.content))
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "en"


@pytest.mark.django_db
def test_my_agreements_holds_only_my_tasks(
    post_commit, client_for, coordinator, circle, ready_plan, client
):
    post_commit(
        client_for(coordinator), _deliver_url(circle.case), {"recipients": [circle.aunt.pk]}
    )
    link = _link_from_mail(next(m for m in mail.outbox if m.to == [circle.aunt.email]))
    path = link.split("testserver", 1)[-1]
    response = client.get(path + "mijn-afspraken.pdf")
    assert response.status_code == 200
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Oma brengt de kinderen elke ochtend naar school." in text
    assert "administratie" not in text
    assert "Buurthuis De Pijp" in text


@pytest.mark.django_db
def test_a_change_after_delivery_makes_a_new_version_and_old_stays_readable(
    post_commit, client_for, coordinator, circle, ready_plan
):
    c = client_for(coordinator)
    post_commit(c, _deliver_url(circle.case), {"recipients": []})
    # Delivering the same version twice is refused.
    again = post_commit(c, _deliver_url(circle.case), {"recipients": []})
    assert "al verstuurd" in again.content.decode()
    response = c.post(
        reverse("plans:agreement_new", args=[circle.case.uuid]),
        {
            "what": "Ria kookt op woensdag.",
            "performers": [circle.aunt.pk],
            "organisation": "",
            "due": "2030-01-31",
            "how_known": "Ze stuurt een foto in de groepsapp.",
        },
    )
    assert response.status_code == 302
    ready_plan.refresh_from_db()
    assert ready_plan.version == 2
    post_commit(c, _deliver_url(circle.case), {"recipients": []})
    assert PlanVersion.objects.filter(plan=ready_plan).count() == 2
    old = c.get(reverse("plans:version", args=[circle.case.uuid, 1]))
    assert old.status_code == 200
    assert "Ria kookt op woensdag." not in old.content.decode()
    diff = c.get(reverse("plans:diff", args=[circle.case.uuid]) + "?van=1&naar=2")
    assert diff.status_code == 200
    assert "<ins>Afspraak 3: Ria kookt op woensdag." in diff.content.decode()


@pytest.mark.django_db
def test_a_link_of_someone_who_did_not_receive_the_plan_gives_404(
    post_commit, client_for, coordinator, circle, ready_plan, client
):
    from kring.network.links import issue_link

    post_commit(client_for(coordinator), _deliver_url(circle.case), {"recipients": []})
    token = issue_link(circle.uncle, "plan")
    assert client.get(reverse("portal:link_plan", args=[token])).status_code == 404
    assert client.get(reverse("portal:link_plan_pdf", args=[token])).status_code == 404
    assert client.get(reverse("portal:link_plan", args=["niet-echt"])).status_code == 404


@pytest.mark.django_db
def test_every_staff_view_and_download_of_the_plan_is_audited(
    post_commit, client_for, coordinator, manager, circle, ready_plan
):
    post_commit(client_for(coordinator), _deliver_url(circle.case), {"recipients": []})
    m = client_for(manager)
    before = AuditEvent.objects.filter(actor=manager).count()
    m.get(reverse("plans:detail", args=[circle.case.uuid]))
    m.get(reverse("plans:version", args=[circle.case.uuid, 1]))
    m.get(reverse("plans:version_pdf", args=[circle.case.uuid, 1]))
    events = list(
        AuditEvent.objects.filter(actor=manager).order_by("id").values_list("action", "object_type")
    )[before:]
    assert ("view", "cases.case") in events
    assert ("view", "plans.planversion") in events
    assert ("export", "plans.planversion") in events
    assert all(e[0] in {"view", "export"} for e in events)
