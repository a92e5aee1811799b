"""Invitations in the person's language: e-mail (with .ics once the date is set) and letter PDF.

One template (`templates/conferences/invitations/`) in every language Kring speaks
(`kring.languages.services.speaking`): the shipped catalogues, or the texts an administrator
gave a language they added. Sending runs through the outbox after commit; withdrawing consent
drops what was not sent yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone

from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.conferences import ical
from kring.conferences.models import (
    INVITEE_FIELDS,
    Conference,
    Invitation,
    InvitationKind,
)
from kring.core.links import absolute_reverse
from kring.languages import fonts
from kring.languages.services import Speech, speaking
from kring.network import transitions as person_transitions
from kring.network.links import format_code, issue_letter_link, issue_link
from kring.network.models import LinkPurpose, Person
from kring.outbox import services as outbox

RSVP_DAYS_AFTER_CONFERENCE = 7
RSVP_DAYS_WITHOUT_DATE = 60


@dataclass
class Rendered:
    language: str
    direction: str
    subject: str
    body: str


@dataclass(frozen=True)
class Contact:
    """How an invitee reaches the coordinator: their name, a phone number and an e-mail address.

    The phone is the coordinator's own when they gave one, else the regional office's, else
    the organisation's; the e-mail is the regional office's (or the organisation's): a
    coordinator's login address is not handed out (decision 0075).
    """

    name: str
    phone: str
    email: str
    office: str


def contact_for(case: Case) -> Contact:
    """Who to call or mail about this case's conference (no query beyond the case's region and
    coordinator, which access already selected)."""
    coordinator = case.coordinator
    region = case.region
    return Contact(
        name=coordinator.full_name if coordinator else "",
        phone=(coordinator.phone if coordinator else "")
        or region.office_phone
        or settings.KRING_PHONE,
        email=region.office_email or settings.KRING_EMAIL,
        office=region.name,
    )


@dataclass(frozen=True)
class InviteeLogistics:
    """What an invitee sees of the conference: date, times, place and the arrangements marked
    visible (`INVITEE_FIELDS`); never the interpreters, the childcare or the internal note."""

    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    place_name: str
    room: str
    address: str
    details: list[tuple[str, str]]


def for_invitees(conference: Conference | None) -> InviteeLogistics | None:
    """The invitee's view of a conference that is not cancelled (None otherwise)."""
    if conference is None or conference.cancelled_at is not None:
        return None
    details = [
        (str(getattr(Conference._meta.get_field(name), "verbose_name", name)).capitalize(), value)
        for name in INVITEE_FIELDS
        if name not in {"place_name", "room", "address"} and (value := getattr(conference, name))
    ]
    return InviteeLogistics(
        starts_at=conference.starts_at,
        ends_at=conference.ends_at,
        place_name=conference.place_name,
        room=conference.room,
        address=conference.address,
        details=details,
    )


def _context(person: Person, conference: Conference | None, link: str, kind: str) -> dict[str, Any]:
    starts = conference.starts_at if conference else None
    main = person.case.people.filter(is_main_person=True).first()
    return {
        "name": person.name,
        # The main person is not told that they invite themselves (`is_main_person`).
        "is_main_person": person.is_main_person,
        "main_person": main.first_name if main else person.case.main_person_first_name,
        "date": formats.date_format(timezone.localtime(starts), "l j F Y") if starts else "",
        "time": formats.time_format(timezone.localtime(starts), "H:i") if starts else "",
        "place": conference.place_name if conference else "",
        "address": conference.address if conference else "",
        "link": link,
        "kind": kind,
        "organisation": _organisation(),
    }


def _organisation() -> str:

    return settings.KRING_ORGANISATION_NAME


def render(person: Person, conference: Conference | None, link: str, kind: str) -> Rendered:
    """Subject and body of an invitation in the person's language (falls back to Dutch)."""
    with speaking(person.language) as speech:
        ctx = _context(person, conference, link, kind)
        subject = render_to_string("conferences/invitations/subject.txt", ctx)
        body = render_to_string("conferences/invitations/body.txt", ctx)
    return Rendered(speech.code, speech.direction, " ".join(subject.split()), body.strip())


def rsvp_days(conference: Conference | None) -> int:
    """Links live until a week after the conference, or 60 days while no date is set."""
    if conference is None or conference.starts_at is None:
        return RSVP_DAYS_WITHOUT_DATE
    days = (conference.starts_at - timezone.now()).days + RSVP_DAYS_AFTER_CONFERENCE
    return max(days, 1)


def letter_pdf(person: Person) -> bytes:
    """A printable invitation letter (WeasyPrint, tagged PDF/UA-1) with a fresh personal link.

    The letter carries its date, how to reach the coordinator, and instead of a long link a
    short address with a code to type (`kring.network.links.issue_letter_link`); the code
    opens the same personal page. The person's earlier RSVP links stop working.
    """
    from weasyprint import HTML

    conference = Conference.objects.filter(case=person.case).first()
    issued = issue_letter_link(person, LinkPurpose.RSVP, days=rsvp_days(conference))
    code = format_code(issued.code)
    link = absolute_reverse("portal:code", code)
    rendered = render(person, conference, link, InvitationKind.REQUEST)
    with speaking(Speech(rendered.language, rendered.direction, "")):
        html = render_to_string(
            "conferences/invitations/letter.html",
            {
                "FONTS": fonts.font_face_css(),
                "rendered": rendered,
                "person": person,
                "link": link,
                "code": code,
                # The typing page in the letter's language (a Dutch letter needs no ?taal).
                "entry_url": absolute_reverse("portal:code_entry")
                + ("" if rendered.language == "nl" else f"?taal={rendered.language}"),
                "contact": contact_for(person.case),
                "today": timezone.localdate(),
                "organisation": _organisation(),
                # Links stay left-to-right inside right-to-left letters.
                "lines": [
                    (line, line.strip().startswith("http")) for line in rendered.body.splitlines()
                ],
            },
        )
    Invitation.objects.create(person=person, kind=InvitationKind.LETTER, language=rendered.language)
    person_transitions.mark_invited(person, actor_label="system")
    # pdf/ua-1 writes a tagged PDF with the document language (<html lang>) in /Lang.
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def queue_invitation(person: Person, kind: str) -> bool:
    """Queue one invitation, update or cancellation e-mail in the outbox (with the .ics file once
    date and place are known), in the caller's transaction; returns whether it was queued.

    Someone without consent or without an address is skipped: a letter reaches them instead.
    """
    if not person.email or not person.has_consent:
        return False
    conference = Conference.objects.filter(case=person.case).first()
    link = ""
    if kind != InvitationKind.CANCEL:
        raw = issue_link(person, LinkPurpose.RSVP, days=rsvp_days(conference))
        link = absolute_reverse("portal:rsvp", raw)
    rendered = render(person, conference, link, kind)
    attachments = []
    sequence = None
    if conference is not None and conference.starts_at and conference.place_name:
        method = ical.CANCEL if kind == InvitationKind.CANCEL else ical.REQUEST
        sequence = conference.ical_sequence
        attachments.append(
            outbox.File(
                "conferentie.ics",
                f"text/calendar; method={method}; charset=utf-8",
                ical.build(conference, person, method=method),
            )
        )
    outbox.queue(
        f"invitation.{kind}",
        to=person.email,
        subject=rendered.subject,
        text=rendered.body,
        # The HTML part carries the language and writing direction, so Arabic reads right to
        # left; the body is escaped once by the template and its link is a real link.
        html=render_to_string(
            "conferences/invitations/email.html",
            {
                "rendered": rendered,
                "link": link,
                "ORGANISATION_NAME": _organisation(),
                "LANGUAGE": rendered.language,
                "DIRECTION": rendered.direction,
            },
        ),
        language=rendered.language,
        case=person.case,
        about=person,
        attachments=attachments,
    )
    Invitation.objects.create(
        person=person, kind=kind, language=rendered.language, ical_sequence=sequence
    )
    if kind == InvitationKind.REQUEST:
        person_transitions.mark_invited(person, actor_label="system")
    record(
        Action.SEND,
        person,
        case=person.case,
        actor_label="system",
        key="invitation.sent",
        changes={"kind": kind, "sequence": sequence},
    )
    return True
