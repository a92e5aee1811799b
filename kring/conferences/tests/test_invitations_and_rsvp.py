"""Invitations by e-mail and letter, the personal RSVP link, and .ics round-trips."""

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from kring.conferences.models import (
    Conference,
    DateOption,
    DateVote,
    Invitation,
)
from kring.conferences.services import conference_for
from kring.network.links import issue_link
from kring.network.models import PersonalLink, PersonStatus
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _link_from(message):
    for line in message.body.splitlines():
        if "/u/" in line:
            return line.strip().split("testserver")[-1]
    raise AssertionError("no link in mail")


def _plan(case, days=14):
    conference = conference_for(case)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=3), place_name="Buurthuis De Pijp"
    )
    conference.refresh_from_db()
    return conference


def _ics(message):
    attachment = next(a for a in message.attachments if a[0].endswith(".ics"))
    return Calendar.from_ical(attachment[1])


def test_invitation_mail_carries_a_personal_link(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    person = PersonFactory(case=case, consented=True, name="Ans de Vries")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            reverse("conferences:invite", args=[case.uuid, person.uuid])
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Fatima" in message.subject
    link = _link_from(message)
    token = link.strip("/").split("/")[-1]
    assert len(token) >= 43  # 256 bits
    person.refresh_from_db()
    assert person.status == PersonStatus.INVITED
    assert Invitation.objects.filter(person=person, kind="request").exists()
    # No date yet: no calendar attachment.
    assert not message.attachments


def test_the_html_part_is_html_with_a_clickable_link_not_escaped_text(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    from html.parser import HTMLParser

    class Parsed(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.links: list[str] = []
            self.text = ""
            self.attrs: dict[str, dict[str, str | None]] = {}

        def handle_starttag(self, tag, attrs):
            self.attrs.setdefault(tag, dict(attrs))
            if tag == "a":
                self.links.append(dict(attrs)["href"] or "")

        def handle_data(self, data):
            self.text += data

    person = PersonFactory(case=case, consented=True, name="Ans & Co de Vries")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(reverse("conferences:invite", args=[case.uuid, person.uuid]))
    [message] = mail.outbox
    html, mime = message.alternatives[0]  # type: ignore[union-attr]
    assert mime == "text/html"
    parsed = Parsed()
    parsed.feed(str(html))
    assert "<p>" not in parsed.text and "&lt;" not in parsed.text
    assert any("/u/" in link for link in parsed.links)
    assert _link_from(message) in parsed.links[0]
    assert parsed.attrs["div"]["lang"] == "nl"


def test_no_invitation_without_consent(
    client_for, coordinator, case, django_capture_on_commit_callbacks
):
    person = PersonFactory(case=case)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(reverse("conferences:invite", args=[case.uuid, person.uuid]))
    assert mail.outbox == []
    assert not PersonalLink.objects.filter(person=person).exists()


def test_english_invitation_for_an_english_speaker(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    person = PersonFactory(case=case, consented=True, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(reverse("conferences:invite", args=[case.uuid, person.uuid]))
    assert mail.outbox[0].subject.startswith("Invitation")
    assert "Dear" in mail.outbox[0].body


def test_an_arabic_speaker_gets_an_arabic_mail_and_a_right_to_left_letter(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    person = PersonFactory(case=case, consented=True, language="ar", name="Omar Haddad")
    from kring.conferences.invitations import render

    rendered = render(person, None, "https://x/u/abc/", "request")
    assert rendered.direction == "rtl"
    assert "Omar Haddad" in rendered.body
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(reverse("conferences:invite", args=[case.uuid, person.uuid]))
    message: Any = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'dir="rtl"' in html and 'lang="ar"' in html
    assert mail.outbox[0].subject == "دعوة: مؤتمر المجموعة العائلية من أجل Fatima"
    response = client_for(coordinator).post(
        reverse("conferences:letter", args=[case.uuid, person.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 1
    text = reader.pages[0].extract_text()
    # A short address with a code instead of the long link (finding 15).
    assert "/c/" in text and "/u/" not in text


def test_letter_pdf_in_dutch(client_for, coordinator, case, main_person):
    person = PersonFactory(case=case, consented=True, email="", name="Gerrit Smit")
    response = client_for(coordinator).post(
        reverse("conferences:letter", args=[case.uuid, person.uuid])
    )
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Gerrit Smit" in text and "Eigen Kracht" in text
    person.refresh_from_db()
    assert person.status == PersonStatus.INVITED


def test_rsvp_page_answers_and_shows_no_other_contact_details(client, case, main_person):
    other = PersonFactory(
        case=case, consented=True, email="geheim@voorbeeld.test", phone="0699999999"
    )
    person = PersonFactory(case=case, invited=True)
    raw = issue_link(person, "rsvp")
    url = reverse("portal:rsvp", args=[raw])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert other.email not in html and other.phone not in html and other.name not in html
    response = client.post(
        url,
        {
            "status": "coming",
            "parts": ["information", "presentation"],
            "needs_interpreter": "on",
            "interpreter_language": "Turks",
            "needs_childcare": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == PersonStatus.COMING
    assert person.parts == ["information", "presentation"]
    assert person.needs_interpreter and person.interpreter_language == "Turks"
    assert person.answered_at is not None


def test_rsvp_needs_a_language_when_asking_for_an_interpreter(client, case):
    person = PersonFactory(case=case, invited=True)
    raw = issue_link(person, "rsvp")
    response = client.post(
        reverse("portal:rsvp", args=[raw]), {"status": "coming", "needs_interpreter": "on"}
    )
    assert response.status_code == 400
    assert "Vul de taal in" in response.content.decode()


def test_rsvp_link_cannot_be_guessed_and_expires(client, case):
    person = PersonFactory(case=case, invited=True)
    raw = issue_link(person, "rsvp")
    assert client.get(reverse("portal:rsvp", args=[raw[:-1] + "x"])).status_code == 404
    assert client.get(reverse("portal:rsvp", args=["1"])).status_code == 404
    PersonalLink.objects.filter(person=person).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(reverse("portal:rsvp", args=[raw])).status_code == 404


def test_rsvp_link_for_another_purpose_does_not_work(client, case):
    person = PersonFactory(case=case, invited=True)
    raw = issue_link(person, "plan")
    assert client.get(reverse("portal:rsvp", args=[raw])).status_code == 404


def test_date_finding_ranks_main_person_first(client, client_for, coordinator, case, main_person):
    conference = conference_for(case)
    base = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    a = DateOption.objects.create(conference=conference, starts_at=base)
    b = DateOption.objects.create(
        conference=conference, starts_at=base + datetime.timedelta(days=1)
    )
    main_person.status = PersonStatus.INVITED
    main_person.save()
    guests = [PersonFactory(case=case, invited=True) for _ in range(3)]
    for guest in guests:
        raw = issue_link(guest, "rsvp")
        client.post(
            reverse("portal:rsvp", args=[raw]),
            {"status": "coming", f"date_{a.pk}": "yes", f"date_{b.pk}": "no"},
        )
    raw = issue_link(main_person, "rsvp")
    client.post(
        reverse("portal:rsvp", args=[raw]),
        {"status": "coming", f"date_{a.pk}": "no", f"date_{b.pk}": "yes"},
    )
    from kring.conferences.services import ranked_options

    ranked = ranked_options(conference)
    assert ranked[0].option == b and ranked[0].main_person_can is True
    assert ranked[1].yes == 3
    page = client_for(coordinator).get(reverse("conferences:conference", args=[case.uuid]))
    assert page.status_code == 200


def test_scheduling_sends_ics_request_and_a_change_sends_a_higher_sequence(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    main_person.status = PersonStatus.COMING
    main_person.save()
    guest = PersonFactory(case=case, coming=True)
    PersonFactory(case=case, informed=True, status=PersonStatus.NOT_COMING)
    conference = _plan(case)
    c = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("conferences:schedule", args=[case.uuid]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "conference_scheduled"
    # Everyone who is coming, the main person too; not who said no.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([guest.email, main_person.email])
    cal = _ics(mail.outbox[0])
    assert str(cal["method"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["uid"]) == conference.ical_uid
    assert int(event["sequence"]) == 0
    first_uid = str(event["uid"])

    mail.outbox.clear()
    local = timezone.localtime(conference.starts_at) + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            reverse("conferences:save_logistics", args=[case.uuid]),
            {
                "date": local.date().isoformat(),
                "start": "10:00",
                "end": "13:00",
                "place_name": "Buurthuis De Pijp",
            },
        )
    assert len(mail.outbox) == 2
    cal = _ics(mail.outbox[0])
    event = cal.walk("VEVENT")[0]
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == first_uid
    assert int(event["sequence"]) == 1
    assert mail.outbox[0].subject.startswith("Gewijzigd")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            reverse("conferences:cancel", args=[case.uuid]), {"cancel-reason": "Oma is opgenomen"}
        )
    cal = _ics(mail.outbox[0])
    event = cal.walk("VEVENT")[0]
    assert str(cal["method"]) == "CANCEL"
    assert str(event["uid"]) == first_uid
    assert int(event["sequence"]) == 2
    case.refresh_from_db()
    assert case.status == "in_preparation"


def test_conference_page_access(client_for, coordinator, manager, professional, funder, case):
    url = reverse("conferences:conference", args=[case.uuid])
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(manager).get(url).status_code == 200
    assert client_for(professional).get(url).status_code == 404
    assert client_for(funder).get(url).status_code == 404


@pytest.mark.parametrize("name", ["save_logistics", "add_date", "invite_all", "schedule", "cancel"])
def test_conference_actions_are_post_only(client_for, coordinator, case, name):
    url = reverse(f"conferences:{name}", args=[case.uuid])
    assert client_for(coordinator).get(url).status_code == 405


@pytest.mark.parametrize("rows", [1, 50])
def test_conference_page_exact_query_count(
    client_for, coordinator, case, main_person, rows, django_assert_num_queries
):
    people = PersonFactory.create_batch(rows, case=case, invited=True)
    Invitation.objects.bulk_create(
        [Invitation(person=p, kind="request", language="nl") for p in people]
    )
    conference = conference_for(case)
    base = timezone.now() + datetime.timedelta(days=9)
    options = DateOption.objects.bulk_create(
        [
            DateOption(conference=conference, starts_at=base + datetime.timedelta(hours=i))
            for i in range(rows)
        ]
    )
    DateVote.objects.bulk_create(
        [DateVote(option=o, person=main_person, suits=True) for o in options]
        + [DateVote(option=o, person=p, suits=False) for o, p in zip(options, people, strict=True)]
    )
    c = client_for(coordinator)
    # session, user, case (+coordinator, region, municipality, manager), audit insert,
    # conference, people, invitations sent, conference again and contact conflicts and main
    # person coming (readiness), the main person's votes, date options (+vote counts)
    with django_assert_num_queries(12):
        response = c.get(reverse("conferences:conference", args=[case.uuid]))
    assert len(response.context["options"]) == rows


def test_invite_all_invites_only_people_with_consent(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    yes = PersonFactory(case=case, informed=True)
    PersonFactory(case=case)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(reverse("conferences:invite_all", args=[case.uuid]))
    assert [m.to for m in mail.outbox] == [[yes.email]]


def test_participant_downloads_the_conference_for_their_calendar(client, case):
    conference = _plan(case)
    person = PersonFactory(case=case, coming=True)
    raw = issue_link(person, "rsvp")
    page = client.get(reverse("portal:rsvp", args=[raw])).content.decode()
    assert "Buurthuis De Pijp" in page and "agenda.ics" in page
    response = client.get(reverse("portal:rsvp_calendar", args=[raw]))
    cal = Calendar.from_ical(response.content)
    assert str(cal.walk("VEVENT")[0]["uid"]) == conference.ical_uid


def test_rsvp_page_speaks_the_persons_language(client, case):
    person = PersonFactory(case=case, invited=True, language="en")
    raw = issue_link(person, "rsvp")
    html = client.get(reverse("portal:rsvp", args=[raw])).content.decode()
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.parametrize("rows", [1, 50])
def test_rsvp_page_exact_query_count(client, case, main_person, rows, django_assert_num_queries):
    conference = conference_for(case)
    base = timezone.now() + datetime.timedelta(days=10)
    DateOption.objects.bulk_create(
        [
            DateOption(conference=conference, starts_at=base + datetime.timedelta(hours=i))
            for i in range(rows)
        ]
    )
    PersonFactory.create_batch(rows, case=case, invited=True)
    person = PersonFactory(case=case, invited=True)
    DateVote.objects.bulk_create(
        [DateVote(option=o, person=person, suits=True) for o in DateOption.objects.all()]
    )
    raw = issue_link(person, "rsvp")
    # link (+person, case, region, coordinator), link last used, audit insert, conference,
    # date options, own votes, main person, safety requirements, shared information (Dutch
    # needs no language row)
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:rsvp", args=[raw]))
    assert response.status_code == 200
    assert response.content.decode().count('name="date_') >= rows


def test_rsvp_page_shows_only_what_the_main_person_agreed_to_share(
    client, client_for, coordinator, case
):
    from kring.conferences.models import InformationItem

    client_for(coordinator).post(
        reverse("conferences:add_information_item", args=[case.uuid]),
        {"item-question": "Hoe gaat het op school?", "item-shared_with_invitees": "on"},
    )
    shared = InformationItem.objects.get()
    assert shared.shared_with_invitees
    InformationItem.objects.filter(pk=shared.pk).update(
        status="received", answer="Beter sinds de zomer."
    )
    InformationItem.objects.create(
        case=case, question="Diagnose moeder", answer="Vertrouwelijk", status="received"
    )
    person = PersonFactory(case=case, invited=True)
    html = client.get(reverse("portal:rsvp", args=[issue_link(person, "rsvp")])).content.decode()
    assert "Beter sinds de zomer." in html
    assert "Vertrouwelijk" not in html and "Diagnose moeder" not in html


def test_a_change_after_an_ics_went_out_before_scheduling_raises_the_sequence(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    conference = _plan(case)
    guest = PersonFactory(case=case, informed=True)
    c = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("conferences:invite", args=[case.uuid, guest.uuid]))
    assert int(_ics(mail.outbox[0]).walk("VEVENT")[0]["sequence"]) == 0
    mail.outbox.clear()
    local = timezone.localtime(conference.starts_at) + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            reverse("conferences:save_logistics", args=[case.uuid]),
            {"date": local.date().isoformat(), "start": "10:00", "place_name": "Buurthuis De Pijp"},
        )
    assert [m.to for m in mail.outbox] == [[guest.email]]
    event = _ics(mail.outbox[0]).walk("VEVENT")[0]
    assert str(event["uid"]) == conference.ical_uid and int(event["sequence"]) == 1
