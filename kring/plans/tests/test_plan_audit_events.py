"""The plan's audit trail records facts, not content (issue 11): every event written by the
plan and portal pages has a registered key and reads in Dutch and English; no name, e-mail
address, question, agreement, note or explanation is copied into it; every read of a plan
version, its PDF and "my agreements" names the version."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from kring.audit.events import describe, known_keys
from kring.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

AGREEMENT = "Tante Ria kookt elke woensdag voor de kinderen."
CHANGED = "Tante Ria kookt elke donderdag voor de kinderen."
NOTE = "Moeder klinkt opgelucht, de school belt minder."
EXPLANATION = "Het weekend is nog niet geregeld."
CONTINGENCY = "Als Ria ziek is, kookt Karim."


def _link(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [to])
    return re.search(r"/plan/\S+/", str(message.body)).group(0)  # type: ignore[union-attr]


def _walk_the_plan(
    client_for, coordinator, professional, circle, ready_plan, requirement, post_commit, client
):
    """Everything the plan and portal pages write, through the screens."""
    c = client_for(coordinator)
    p = client_for(professional)
    u = circle.case.uuid
    plan_form = {
        "question": ready_plan.question,
        "contingency": CONTINGENCY,
        "follow_up_at": timezone.localtime(ready_plan.follow_up_at).strftime("%Y-%m-%dT%H:%M"),
        "follow_up_place": ready_plan.follow_up_place,
        "follow_up_organiser": ready_plan.follow_up_organiser,
        "agreed_by": [circle.aunt.pk],
    }
    assert c.post(reverse("plans:edit", args=[u]), plan_form).status_code == 302
    new = {
        "what": AGREEMENT,
        "performers": [circle.aunt.pk],
        "due": "2030-01-31",
        "how_known": "Foto in de groepsapp",
        "meets_requirements": [requirement.pk],
    }
    assert c.post(reverse("plans:agreement_new", args=[u]), new).status_code == 302
    agreement = ready_plan.agreements.get(what=AGREEMENT)
    edit = reverse("plans:agreement_edit", args=[u, agreement.uuid])
    assert c.post(edit, {**new, "what": CHANGED}).status_code == 302
    first = ready_plan.agreements.exclude(pk=agreement.pk).first()
    assert c.post(reverse("plans:agreement_delete", args=[u, first.uuid])).status_code == 302
    support = {
        "what": "Gezinscoach",
        "organisation": "Jeugdbescherming",
        "professional": circle.prof.pk,
    }
    assert c.post(reverse("plans:support_new", args=[u]), support).status_code == 302
    post_commit(c, reverse("plans:ask_assessment", args=[u]))
    assess = reverse("plans:assess", args=[requirement.uuid])
    post_commit(p, assess, {"outcome": "not_met", "explanation": EXPLANATION})
    post_commit(p, assess, {"outcome": "met"})
    support_obj = ready_plan.support_requests.get()
    answer = reverse("plans:support_answer", args=[support_obj.uuid])
    assert p.post(answer, {"answer": "accept", "note": "Vanaf maart"}).status_code == 302
    post_commit(c, reverse("plans:ask_main_person", args=[u]))
    main_link = _link(circle.main.email)
    assert client.get(main_link).status_code == 200
    choose = {"recipients": [circle.aunt.pk, circle.prof.pk]}
    assert client.post(main_link + "ontvangers/", choose).status_code == 302
    post_commit(c, reverse("plans:deliver", args=[u]), choose)
    assert c.get(reverse("plans:version", args=[u, 1])).status_code == 200
    assert c.get(reverse("plans:version_pdf", args=[u, 1])).status_code == 200
    assert c.get(reverse("plans:diff", args=[u]) + "?van=1&naar=0").status_code == 200
    aunt_link = _link(circle.aunt.email)
    assert client.get(aunt_link).status_code == 200
    assert client.get(aunt_link + "pdf/").status_code == 200
    assert client.get(aunt_link + "mijn-afspraken.pdf").status_code == 200
    assert p.get(reverse("portal:professional_case", args=[u])).status_code == 200
    assert p.get(reverse("portal:professional_plan", args=[u])).status_code == 200
    assert p.get(reverse("portal:professional_plan_pdf", args=[u])).status_code == 200
    type(circle.case).objects.filter(pk=circle.case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=30)
    )
    check_in = {"held_on": timezone.localdate().isoformat(), "note": NOTE}
    assert c.post(reverse("plans:check_in", args=[u]), check_in).status_code == 302


@pytest.fixture
def walked(
    client_for, coordinator, professional, circle, ready_plan, requirement, post_commit, client
):
    _walk_the_plan(
        client_for, coordinator, professional, circle, ready_plan, requirement, post_commit, client
    )
    return circle


def _events() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(key__regex=r"^(plans|portal)\.")
        | AuditEvent.objects.filter(object_type__startswith="plans.")
    )


def test_every_plan_event_has_a_registered_key_that_reads_in_both_languages(walked):
    events = _events()
    keys = {e.key for e in events}
    for expected in (
        "plans.plan_changed",
        "plans.agreement_added",
        "plans.agreement_changed",
        "plans.agreement_removed",
        "plans.support_requested",
        "plans.support_answered",
        "plans.assessment_requested",
        "plans.requirement_assessed",
        "plans.not_met_notified",
        "plans.main_person_asked",
        "plans.choice_link_sent",
        "plans.recipients_chosen",
        "plans.delivered",
        "plans.link_sent",
        "plans.version_viewed",
        "plans.version_downloaded",
        "plans.versions_compared",
        "plans.requirement_viewed",
        "plans.support_request_viewed",
        "plans.professional_case_viewed",
        "plans.check_in_recorded",
        "portal.draft_read",
        "portal.plan_read",
        "portal.plan_downloaded",
        "portal.my_agreements_downloaded",
        "portal.professional_plan_read",
        "portal.professional_plan_downloaded",
    ):
        assert expected in keys, expected
    unknown = sorted(
        {e.key or f"(no key: {e.object_type} {e.action})" for e in events} - known_keys()
    )
    assert not unknown, unknown
    for event in events:
        assert not event.message, event.key
        for language in ("nl", "en"):
            with translation.override(language):
                text = describe(event)
            assert text and "%(" not in text and "–" not in text.split(":")[0], (event.key, text)


def test_no_plan_event_holds_personal_content(walked, ready_plan, coordinator):
    secrets = [
        *(p.name for p in walked.people),
        *(p.email for p in walked.people),
        ready_plan.question,
        AGREEMENT,
        CHANGED,
        NOTE,
        EXPLANATION,
        CONTINGENCY,
        "Gezinscoach",
        "Vanaf maart",
        "Foto in de groepsapp",
        ready_plan.follow_up_place,
        coordinator.email,
    ]
    for event in _events():
        stored = json.dumps(event.changes, ensure_ascii=False) + event.reason + event.message
        for secret in secrets:
            assert secret not in stored, (event.key, secret)


def test_every_read_of_a_version_names_it(walked):
    for key in (
        "plans.version_viewed",
        "plans.version_downloaded",
        "portal.plan_read",
        "portal.plan_downloaded",
        "portal.my_agreements_downloaded",
        "portal.professional_plan_read",
        "portal.professional_plan_downloaded",
    ):
        event = AuditEvent.objects.filter(key=key).latest("id")
        assert event.object_type == "plans.planversion", key
        assert event.changes["version"] == 1, key
    changed = AuditEvent.objects.filter(key="plans.plan_changed").latest("id")
    # The names of the changed fields (the time lost its seconds in the form), never values.
    assert {"agreed_by", "contingency"} <= set(changed.changes["fields"])
    with translation.override("nl"):
        assert describe(changed).startswith(
            "Plan gewijzigd: eens met het plan, als het anders gaat"
        )
