"""The family portal (issue 12, deliverables 1-3): signing in with a personal link and a
one-time code, what a participant and the main person see and do, and the family's own draft
that nobody else sees until it is presented."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.access import Purpose, get_case_for
from kring.cases.states import Status
from kring.network.access import CODE_ATTEMPTS
from kring.network.links import issue_link, revoke_links
from kring.outbox import sms
from kring.plans import delivery, family, writing
from kring.plans.models import AgreementProgress, FamilyDraft, FollowUpRequest
from kring.portal.family import viewings
from kring.portal.family_access import COOKIE
from kring.portal.models import FamilySession, SignInCode
from kring.portal.tasks import purge_family_sign_in, purge_sign_in

pytestmark = pytest.mark.django_db


def _code_from_mail(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return re.search(r"\b(\d{6})\b", str(message.body)).group(1)  # type: ignore[union-attr]


def sign_in(client: Client, person: Any, post_commit: Any, channel: str = "email") -> str:
    """Through the screens: open the link, ask for a code, type it."""
    token = issue_link(person, "portal")
    assert client.get(reverse("portal:family_entry", args=[token])).status_code == 200
    response = post_commit(
        client, reverse("portal:family_send_code", args=[token]), {"channel": channel}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    code = _code_from_mail(person.email) if channel == "email" else _code_from_sms(person.phone)
    response = client.post(reverse("portal:family_code", args=[token]), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:family_home")
    return token


def _code_from_sms(phone: str) -> str:
    text = [m for m in sms.sent if m.to == sms.normalise_phone(phone)][-1].text
    return re.search(r"\b(\d{6})\b", text).group(1)  # type: ignore[union-attr]


@pytest.fixture
def delivered(circle, ready_plan, coordinator):
    """The plan delivered to the main person and the aunt (not the uncle)."""
    circle.case.status = Status.CONFERENCE_HELD
    circle.case.save()
    delivery.deliver(circle.case, [circle.aunt], actor=coordinator)
    circle.case.refresh_from_db()
    return ready_plan


# --- Signing in ---------------------------------------------------------------------------


def test_a_participant_signs_in_with_a_code_from_their_mail(circle, post_commit):
    client = Client()
    sign_in(client, circle.aunt, post_commit)
    assert COOKIE in client.cookies
    page = client.get(reverse("portal:family_home"))
    assert page.status_code == 200
    assert "Ria" in page.content.decode()
    assert FamilySession.objects.filter(person=circle.aunt, ended_at__isnull=True).count() == 1


def test_a_code_by_sms_through_the_outbox(circle, post_commit):
    circle.uncle.phone = "06 12345678"
    circle.uncle.save()
    sms.sent.clear()
    sign_in(Client(), circle.uncle, post_commit, channel="sms")
    assert sms.sent[-1].to == "+31612345678"


def test_without_a_session_the_portal_sends_you_to_the_sign_in_explanation(circle):
    response = Client().get(reverse("portal:family_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:family_signed_out")


def test_a_code_is_single_use(circle, post_commit):
    client = Client()
    token = issue_link(circle.aunt, "portal")
    post_commit(client, reverse("portal:family_send_code", args=[token]), {"channel": "email"})
    code = _code_from_mail(circle.aunt.email)
    url = reverse("portal:family_code", args=[token])
    assert client.post(url, {"code": code}).status_code == 302
    again = Client().post(url, {"code": code})
    assert again.status_code == 400
    assert "werkt niet meer" in again.content.decode()


def test_a_code_expires_in_minutes(circle, post_commit, settings):
    client = Client()
    token = issue_link(circle.aunt, "portal")
    post_commit(client, reverse("portal:family_send_code", args=[token]), {"channel": "email"})
    code = _code_from_mail(circle.aunt.email)
    later = timezone.now() + datetime.timedelta(minutes=settings.KRING_PORTAL_CODE_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        response = client.post(reverse("portal:family_code", args=[token]), {"code": code})
    assert response.status_code == 400
    assert "werkt niet meer" in response.content.decode()
    assert COOKIE not in response.cookies


def test_a_new_code_makes_the_old_one_useless(circle, post_commit):
    client = Client()
    token = issue_link(circle.aunt, "portal")
    send = reverse("portal:family_send_code", args=[token])
    post_commit(client, send, {"channel": "email"})
    first = _code_from_mail(circle.aunt.email)
    post_commit(client, send, {"channel": "email"})
    second = _code_from_mail(circle.aunt.email)
    url = reverse("portal:family_code", args=[token])
    if first != second:
        assert client.post(url, {"code": first}).status_code == 400
    assert client.post(url, {"code": second}).status_code == 302


def test_wrong_codes_use_the_code_up(circle, post_commit):
    client = Client()
    token = issue_link(circle.aunt, "portal")
    post_commit(client, reverse("portal:family_send_code", args=[token]), {"channel": "email"})
    code = _code_from_mail(circle.aunt.email)
    wrong = "000000" if code != "000000" else "111111"
    url = reverse("portal:family_code", args=[token])
    for _ in range(5):
        assert client.post(url, {"code": wrong}).status_code == 400
    # Five wrong tries: even the right code no longer signs in.
    response = client.post(url, {"code": code})
    assert response.status_code == 400
    assert "werkt niet meer" in response.content.decode()


def test_codes_per_hour_are_limited(circle, post_commit, settings):
    client = Client()
    token = issue_link(circle.aunt, "portal")
    send = reverse("portal:family_send_code", args=[token])
    for _ in range(settings.KRING_PORTAL_CODES_PER_HOUR):
        assert post_commit(client, send, {"channel": "email"}).status_code == 302
    response = post_commit(client, send, {"channel": "email"})
    assert response.status_code == 400
    assert "al veel codes" in response.content.decode()
    assert SignInCode.objects.filter(person=circle.aunt).count() == (
        settings.KRING_PORTAL_CODES_PER_HOUR
    )


def test_wrong_codes_from_one_address_are_rate_limited(circle, post_commit, settings):
    """Wrong codes count against the address together with the letters' short codes: after
    CODE_ATTEMPTS, no code from it signs in, across people."""
    client = Client()
    settings.KRING_PORTAL_CODES_PER_HOUR = 100
    tokens = {p.pk: issue_link(p, "portal") for p in (circle.aunt, circle.uncle)}
    for i in range(CODE_ATTEMPTS):
        person = circle.aunt if i % 2 else circle.uncle
        token = tokens[person.pk]
        if i % 8 in (0, 1):  # a fresh code before each person's fifth wrong try
            post_commit(
                client, reverse("portal:family_send_code", args=[token]), {"channel": "email"}
            )
        client.post(reverse("portal:family_code", args=[token]), {"code": "abcdef"})
        client.post(reverse("portal:family_code", args=[token]), {"code": "999999"})
    token = tokens[circle.aunt.pk]
    post_commit(client, reverse("portal:family_send_code", args=[token]), {"channel": "email"})
    code = _code_from_mail(circle.aunt.email)
    response = client.post(reverse("portal:family_code", args=[token]), {"code": code})
    assert response.status_code == 400
    assert "te vaak" in response.content.decode()


def test_the_session_ends_on_sign_out_and_after_hours(circle, post_commit, settings):
    client = Client()
    sign_in(client, circle.aunt, post_commit)
    cookie = client.cookies[COOKIE].value
    assert client.post(reverse("portal:family_sign_out")).status_code == 302
    # The old cookie no longer works, even when kept.
    stolen = Client()
    stolen.cookies[COOKIE] = cookie
    assert stolen.get(reverse("portal:family_home")).status_code == 302

    sign_in(client, circle.aunt, post_commit)
    later = timezone.now() + datetime.timedelta(
        hours=settings.KRING_PORTAL_SESSION_HOURS, minutes=1
    )
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("portal:family_home")).status_code == 302


def test_staff_sessions_do_not_open_the_family_portal(client_for, coordinator, circle):
    assert client_for(coordinator).get(reverse("portal:family_home")).status_code == 302


def test_a_revoked_link_or_withdrawn_consent_opens_nothing(circle, post_commit):
    token = issue_link(circle.aunt, "portal")
    revoke_links(circle.aunt, "portal")
    assert Client().get(reverse("portal:family_entry", args=[token])).status_code == 404
    token = issue_link(circle.uncle, "portal")
    circle.uncle.consent_withdrawn_at = timezone.now()
    circle.uncle.save()
    assert Client().get(reverse("portal:family_entry", args=[token])).status_code == 404


def test_professionals_use_their_account_not_the_family_portal(circle):
    token = issue_link(circle.prof, "information")
    assert Client().get(reverse("portal:family_entry", args=[token])).status_code == 404


def test_the_portal_outlives_the_60_day_link_while_the_case_is_open(circle, post_commit):
    token = issue_link(circle.aunt, "rsvp")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=90), tick=False):
        assert Client().get(reverse("portal:family_entry", args=[token])).status_code == 200


def test_the_portal_closes_a_grace_period_after_the_case(circle, post_commit, settings):
    token = issue_link(circle.aunt, "portal")
    circle.case.status = Status.CLOSED
    circle.case.closed_at = timezone.now()
    circle.case.save()
    assert Client().get(reverse("portal:family_entry", args=[token])).status_code == 200
    later = timezone.now() + datetime.timedelta(days=settings.KRING_PORTAL_GRACE_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert Client().get(reverse("portal:family_entry", args=[token])).status_code == 404


def test_a_lost_link_is_sent_again_without_saying_whether_the_address_is_known(circle, post_commit):
    known = post_commit(Client(), reverse("portal:family_lost_link"), {"email": circle.aunt.email})
    unknown = post_commit(
        Client(), reverse("portal:family_lost_link"), {"email": "niemand@example.nl"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    sent = [m for m in mail.outbox if m.to == [circle.aunt.email]]
    assert len(sent) == 1
    assert not [m for m in mail.outbox if m.to == ["niemand@example.nl"]]
    link = re.search(r"https?://\S+/familie/link/\S+/", str(sent[0].body)).group(0)  # type: ignore[union-attr]
    assert Client().get(link[link.index("/familie/") :]).status_code == 200


# --- What a participant and the main person see ------------------------------------------


def test_a_participant_sees_the_shared_plan_and_marks_their_own_agreement(
    circle, delivered, post_commit
):
    client = Client()
    sign_in(client, circle.aunt, post_commit)
    body = client.get(reverse("portal:family_home")).content.decode()
    assert "Oma brengt de kinderen" in body
    assert "Karim helpt met de administratie" in body  # the plan was shared with her
    mine = delivered.agreements.get(performers=circle.aunt)
    response = client.post(
        reverse("portal:family_progress", args=[mine.uuid]), {"status": "done", "note": "Gelukt"}
    )
    assert response.status_code == 302
    mark = AgreementProgress.objects.get(agreement=mine, person=circle.aunt)
    assert (mark.status, mark.note) == ("done", "Gelukt")
    event = AuditEvent.objects.filter(key="plans.progress_marked").latest("id")
    assert event.changes == {"status": "done", "with_note": True}
    # Someone else's agreement cannot be marked.
    theirs = delivered.agreements.get(performers=circle.uncle)
    assert (
        client.post(
            reverse("portal:family_progress", args=[theirs.uuid]), {"status": "done"}
        ).status_code
        == 404
    )


def test_a_participant_who_was_not_sent_the_plan_sees_only_their_own_agreements(
    circle, delivered, post_commit
):
    client = Client()
    sign_in(client, circle.uncle, post_commit)
    body = client.get(reverse("portal:family_home")).content.decode()
    assert "Karim helpt met de administratie" in body
    assert "Oma brengt de kinderen" not in body
    assert delivered.question not in body


def test_a_participant_sees_no_contact_details_of_others_nor_another_case(
    circle, delivered, post_commit, make_circle
):
    circle.uncle.phone = "06 98765432"
    circle.uncle.save()
    other = make_circle()
    client = Client()
    sign_in(client, circle.aunt, post_commit)
    pages = [
        client.get(reverse("portal:family_home")),
        client.get(reverse("portal:family_draft")),
    ]
    for page in pages:
        body = page.content.decode()
        for p in circle.people + other.people:
            if p.pk != circle.aunt.pk and p.email:
                assert p.email not in body
        assert "98765432" not in body
        assert other.case.reference not in body
    # Another case's agreement is not theirs to mark; the main person's pages are not hers.
    assert client.get(reverse("portal:family_viewers")).status_code == 404
    assert client.get(reverse("portal:family_recipients")).status_code == 404
    assert client.post(reverse("portal:family_present")).status_code == 404


def test_the_main_person_sees_everyones_progress_and_who_viewed_the_file(
    circle, delivered, post_commit, coordinator, rf
):
    aunt = Client()
    sign_in(aunt, circle.aunt, post_commit)
    mine = delivered.agreements.get(performers=circle.aunt)
    aunt.post(reverse("portal:family_progress", args=[mine.uuid]), {"status": "stuck"})
    # The coordinator reads the case (a staff read event); the aunt's own reads do not count.
    request = rf.get("/")
    request.user = coordinator
    get_case_for(request, circle.case.uuid, Purpose.VIEW)

    main = Client()
    sign_in(main, circle.main, post_commit)
    body = main.get(reverse("portal:family_home")).content.decode()
    assert "Loopt vast" in body
    viewers = main.get(reverse("portal:family_viewers")).content.decode()
    assert "A. Verbeek bekeek uw dossier op" in viewers
    assert "Ria" not in viewers


def test_who_viewed_is_two_queries_however_many_reads(
    circle, post_commit, coordinator, rf, django_assert_max_num_queries
):
    request = rf.get("/")
    request.user = coordinator
    for _ in range(30):
        get_case_for(request, circle.case.uuid, Purpose.VIEW)
    with django_assert_max_num_queries(2):
        lines, more = viewings(circle.main)
    assert len(lines) == 1 and not more


def test_the_main_person_asks_to_move_the_follow_up_and_the_coordinator_sees_it(
    circle, delivered, post_commit, client_for, coordinator
):
    main = Client()
    sign_in(main, circle.main, post_commit)
    wished = timezone.localdate() + datetime.timedelta(days=50)
    response = main.post(
        reverse("portal:family_follow_up"), {"wished_date": wished.isoformat(), "note": "Vakantie"}
    )
    assert response.status_code == 302
    asked = FollowUpRequest.objects.get()
    page = client_for(coordinator).get(reverse("plans:detail", args=[circle.case.uuid]))
    assert "liever op" in page.content.decode()
    assert (
        client_for(coordinator)
        .post(reverse("plans:follow_up_request_handled", args=[circle.case.uuid, asked.uuid]))
        .status_code
        == 302
    )
    asked.refresh_from_db()
    assert asked.handled_at is not None
    # A date in the past is refused with a message, nothing lost.
    bad = main.post(
        reverse("portal:family_follow_up"), {"wished_date": "2001-01-01", "note": "Te laat"}
    )
    assert bad.status_code == 400
    assert "Te laat" in bad.content.decode()


def test_the_main_person_changes_who_receives_the_plan(circle, delivered, post_commit):
    main = Client()
    sign_in(main, circle.main, post_commit)
    assert main.get(reverse("portal:family_recipients")).status_code == 200
    response = main.post(
        reverse("portal:family_recipients"), {"recipients": [circle.aunt.pk, circle.uncle.pk]}
    )
    assert response.status_code == 302
    delivered.refresh_from_db()
    assert set(delivered.chosen_recipients.all()) == {circle.aunt, circle.uncle}


# --- The family's own draft ----------------------------------------------------------------


def test_the_draft_is_invisible_until_presented_then_the_coordinator_adopts_it(
    circle, post_commit, client_for, coordinator, professional
):
    aunt, main = Client(), Client()
    sign_in(aunt, circle.aunt, post_commit)
    sign_in(main, circle.main, post_commit)
    response = aunt.post(
        reverse("portal:family_draft"),
        {
            "revision": 0,
            "question": "Dat de kinderen veilig naar school gaan.",
            "agreements": "Oma brengt de kinderen op maandag\nKarim kookt op woensdag",
            "contingency": "Dan bellen we buurvrouw Els.",
        },
    )
    assert response.status_code == 302
    family_url = reverse("plans:family_plan", args=[circle.case.uuid])
    adopt_url = reverse("plans:family_plan_adopt", args=[circle.case.uuid])
    coordinator_client = client_for(coordinator)
    assert coordinator_client.get(family_url).status_code == 404
    assert coordinator_client.post(adopt_url, {"due": "2030-01-01"}).status_code == 404
    plan_page = coordinator_client.get(reverse("plans:detail", args=[circle.case.uuid]))
    assert "buurvrouw Els" not in plan_page.content.decode()
    assert client_for(professional).get(family_url).status_code == 404
    prof_page = client_for(professional).get(
        reverse("portal:professional_case", args=[circle.case.uuid])
    )
    assert "buurvrouw Els" not in prof_page.content.decode()

    # Only the main person presents.
    assert aunt.post(reverse("portal:family_present")).status_code == 404
    assert main.post(reverse("portal:family_present")).status_code == 302
    assert coordinator_client.get(family_url).status_code == 200
    assert client_for(professional).get(family_url).status_code == 404
    # Presented: the family can no longer change it.
    locked = aunt.post(
        reverse("portal:family_draft"),
        {"revision": 1, "question": "x", "agreements": "", "contingency": ""},
    )
    assert FamilyDraft.objects.get().question.startswith("Dat de kinderen")
    assert locked.status_code == 200

    assert coordinator_client.post(adopt_url, {"due": "2030-01-01"}).status_code == 302
    plan = circle.case.plan
    assert plan.question == "Dat de kinderen veilig naar school gaan."
    assert [a.what for a in plan.agreements.all()] == [
        "Oma brengt de kinderen op maandag",
        "Karim kookt op woensdag",
    ]
    plan.question = "Dat de kinderen elke dag veilig naar school gaan."
    plan.save()
    page = coordinator_client.get(family_url).content.decode()
    assert "Dat de kinderen veilig naar school gaan." in page
    assert "Dat de kinderen elke dag veilig naar school gaan." in page
    assert "veranderd" in page


def test_a_stale_save_is_refused_and_nothing_is_lost(circle, post_commit):
    aunt, uncle = Client(), Client()
    sign_in(aunt, circle.aunt, post_commit)
    sign_in(uncle, circle.uncle, post_commit)
    data = {"revision": 0, "question": "Vraag van Ria", "agreements": "", "contingency": ""}
    assert aunt.post(reverse("portal:family_draft"), data).status_code == 302
    mine = {**data, "question": "Vraag van Karim"}
    response = uncle.post(reverse("portal:family_draft"), mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft het plan net opgeslagen" in body
    assert "Vraag van Karim" in body and "Vraag van Ria" in body
    assert FamilyDraft.objects.get().question == "Vraag van Ria"
    # Saving again from that page (it carries the newest revision) works.
    revision = re.search(r'name="revision" value="(\d+)"', body).group(1)  # type: ignore[union-attr]
    again = uncle.post(reverse("portal:family_draft"), {**mine, "revision": revision})
    assert again.status_code == 302
    assert FamilyDraft.objects.get().question == "Vraag van Karim"


def test_family_audit_events_hold_no_content(circle, delivered, post_commit):
    aunt = Client()
    sign_in(aunt, circle.aunt, post_commit)
    aunt.post(
        reverse("portal:family_draft"),
        {"revision": 0, "question": "Geheime wens", "agreements": "", "contingency": ""},
    )
    for event in AuditEvent.objects.filter(case_id=circle.case.uuid):
        assert "Geheime" not in str(event.changes)
        assert circle.aunt.email not in str(event.changes)
    assert family.draft_for(circle.case) is not None


def test_the_family_page_costs_the_same_queries_with_2_or_30_agreements(
    circle, ready_plan, coordinator, post_commit
):
    """The main person's page reads everyone's agreements and marks in a fixed number of
    queries."""
    circle.case.status = Status.CONFERENCE_HELD
    circle.case.save()
    delivery.deliver(circle.case, [circle.aunt], actor=coordinator)
    main = Client()
    sign_in(main, circle.main, post_commit)
    with CaptureQueriesContext(connection) as few:
        assert main.get(reverse("portal:family_home")).status_code == 200
    for i in range(28):
        writing.save_agreement(
            ready_plan,
            None,
            {
                "what": f"Afspraak {i}",
                "due": timezone.localdate(),
                "organisation": "",
                "how_known": "",
            },
            performers=[circle.aunt, circle.uncle],
            requirements=[],
            actor=coordinator,
        )
    ready_plan.refresh_from_db()
    delivery.deliver(circle.case, [circle.aunt], actor=coordinator)
    for agreement in ready_plan.agreements.all():
        AgreementProgress.objects.create(agreement=agreement, person=circle.aunt, status="busy")
    with CaptureQueriesContext(connection) as many:
        body = main.get(reverse("portal:family_home")).content.decode()
    assert body.count("Bezig") >= 30
    assert len(many) == len(few)


def test_used_up_codes_and_old_sessions_are_cleared_daily(circle, post_commit):
    sign_in(Client(), circle.aunt, post_commit)
    assert purge_family_sign_in.enqueue().return_value == 0
    later = timezone.now() + datetime.timedelta(days=40)
    assert purge_sign_in(later) == 2  # the code and the session
    assert not SignInCode.objects.exists() and not FamilySession.objects.exists()
