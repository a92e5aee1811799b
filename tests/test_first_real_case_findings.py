"""Issue 9, findings that had no test of their own, each through the real interface:

- 5: staff mails link to the configured base URL, never to localhost:8000;
- 14 / deliverable 8: `make run` starts the worker beside the web server and stops both;
- 15: an invitee's answer is credited to their personal link, not to "the requester";
  dates read as Dutch words ("3 december 2026"), not "3 Dec 2026";
- 16: control and right-to-left override characters typed into staff and participant forms are
  gone before they are stored, so letters, .ics files and PDFs never see them.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases.tests.factories import CaseFactory, new_case
from kring.network.links import issue_link
from kring.network.models import Person
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


def test_staff_mails_link_to_the_configured_base_url(
    client_for, admin_user, region, settings, django_capture_on_commit_callbacks
):
    settings.KRING_BASE_URL = "https://kring.voorbeeld.nl"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            reverse("accounts:invite"),
            {
                "full_name": "Youssef Benali",
                "email": "youssef@kring.test",
                "role": Role.COORDINATOR,
                "regions": [region.pk],
            },
        )
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == ["youssef@kring.test"]]
    assert "https://kring.voorbeeld.nl/activeren/" in str(message.body)
    html = message.alternatives[0].content  # type: ignore[attr-defined]
    assert 'href="https://kring.voorbeeld.nl/activeren/' in str(html)
    assert "localhost" not in str(message.body) + str(html)


def test_make_run_starts_the_worker_beside_the_web_server_and_stops_both():
    """`make -n` prints what `make run` would do without doing it."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(  # noqa: S603 - our own Makefile, dry run
        [make, "-n", "-C", str(ROOT), "run"], capture_output=True, text=True, check=True
    )
    commands = result.stdout
    assert "manage.py migrate" in commands
    assert re.search(r"manage\.py worker .*&", commands), commands
    assert "manage.py runserver" in commands
    # Ctrl+C (INT) stops the whole group: the worker too.
    assert "trap 'kill 0' INT TERM EXIT" in commands


def test_an_invitees_answer_is_credited_to_their_link_not_the_requester(
    client, client_for, municipality, coordinator
):
    case = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    PersonFactory(case=case, main=True, name="Ayten Yılmaz")
    aunt = PersonFactory(case=case, invited=True, name="Elif Yılmaz")
    response = client.post(
        reverse("portal:rsvp", args=[issue_link(aunt, "rsvp")]), {"status": "coming"}
    )
    assert response.status_code == 302
    answer = AuditEvent.objects.filter(case_id=case.uuid, action="update").latest("id")
    assert answer.actor is None and answer.actor_label.startswith("link:")
    html = client_for(coordinator).get(reverse("cases:detail", args=[case.uuid])).content.decode()
    timeline = html[html.index('id="tijdlijn"') :]
    assert "via een persoonlijke link" in timeline
    assert "aanvrager" not in timeline.lower()
    assert "via het webformulier" not in timeline


def test_dates_read_as_dutch_words(client_for, municipality, coordinator):
    at = datetime.datetime(2026, 11, 5, 10, 0, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(at, tick=False):
        case = new_case(municipality=municipality, coordinator=coordinator, delivered=True)
        type(case).objects.filter(pk=case.pk).update(conference_held_at=timezone.now())
        html = client_for(coordinator).get(reverse("portal:start")).content.decode()
    case.refresh_from_db()
    due = case.check_in_due  # 28 days after the conference: 3 December 2026
    assert due == datetime.date(2026, 12, 3)
    assert "3 december 2026" in html
    assert not re.search(r"\b(Dec|Nov|Jan)\b", html)


def test_control_and_override_characters_never_reach_a_stored_field(
    client, client_for, municipality, coordinator
):
    case = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    PersonFactory(case=case, main=True, name="Ayten Yılmaz")
    # A staff form: the circle.
    response = client_for(coordinator).post(
        reverse("network:add_person", args=[case.uuid]),
        {
            "name": "Mehmet\u202egpj.exe\x07",
            "relation": "ex_partner",
            "ring": "family",
            "email": "mehmet@voorbeeld.test",
            "language": "nl",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mehmet = Person.objects.get(case=case, email="mehmet@voorbeeld.test")
    assert mehmet.name == "Mehmetgpj.exe"
    # A participant's form, through a personal link.
    aunt = PersonFactory(case=case, invited=True, name="Elif Yılmaz")
    client.post(
        reverse("portal:rsvp", args=[issue_link(aunt, "rsvp")]),
        {"status": "coming", "note": "Ik kom\u2067 later\x00 binnen"},
    )
    aunt.refresh_from_db()
    assert aunt.answer_note == "Ik kom later binnen"


def test_select_boxes_offer_a_dutch_empty_choice_everywhere(client_for, municipality, coordinator):
    """Finding 15: "- Select an option -" was left in English on forms that set no label of
    their own, such as the circle's person form ("Voorgesteld door")."""
    case = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    main = PersonFactory(case=case, main=True, name="Ayten Yılmaz")
    c = client_for(coordinator)
    for url in (
        reverse("network:add_person", args=[case.uuid]),
        reverse("network:person", args=[case.uuid, main.uuid]),
    ):
        body = c.get(url).content.decode()
        assert "Select an option" not in body and "---------" not in body, url
        assert "– Kies –" in body, url


def test_tables_that_scroll_sideways_on_a_phone_can_be_reached_by_keyboard(
    client_for, manager, municipality
):
    """Found on the journey: a regional manager's start page on a phone had two tables that
    scroll sideways but could not get keyboard focus (axe: scrollable-region-focusable)."""
    new_case(municipality=municipality)
    html = client_for(manager).get(reverse("portal:start")).content.decode()
    wraps = re.findall(r'<div class="table-wrap"[^>]*>', html)
    assert len(wraps) >= 2
    for wrap in wraps:
        assert 'tabindex="0"' in wrap and 'role="region"' in wrap and "aria-label=" in wrap
