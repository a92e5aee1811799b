"""iCalendar (.ics) invitations: one UID per conference, SEQUENCE up on every change."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from kring.conferences.models import Conference
from kring.network.models import Person

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def build(conference: Conference, person: Person, *, method: str) -> bytes:
    """An iTIP message (REQUEST or CANCEL) for one attendee of this conference."""
    cal = Calendar()
    cal.add("prodid", "-//Kring//Eigen Kracht-conferentie//NL")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", conference.ical_uid)
    event.add("sequence", conference.ical_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", conference.starts_at)
    if conference.ends_at:
        event.add("dtend", conference.ends_at)
    event.add("summary", "Eigen Kracht-conferentie")
    location = ", ".join(
        x for x in [conference.place_name, conference.room, conference.address] if x
    )
    if location:
        event.add("location", location)
    organizer = vCalAddress(f"mailto:{settings.KRING_EMAIL}")
    organizer.params["cn"] = vText(settings.KRING_ORGANISATION_NAME)
    event["organizer"] = organizer
    if person.email:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    if method == CANCEL:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
