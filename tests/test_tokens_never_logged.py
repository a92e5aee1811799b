"""A personal-link token never appears in log output (issue 11, item 5; decision 0121).

Django logs the path of every 4xx answer ("Not Found: /u/<token>/"), the development server
logs every request line, and an exception's traceback may hold a URL. Each is captured here as
a person running Kring would see it: the formatted text of the log records, at every level.
"""

import logging
import types

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.urls import reverse

from kring.cases.tests.factories import CaseFactory
from kring.core.redaction import REDACTED, redact
from kring.network.links import issue_link
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return PersonFactory(case=CaseFactory(declared=True), invited=True)


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def server_request_line(path: str, status: int) -> None:
    """What `manage.py runserver` logs for a request (Django's own handler, not a copy)."""
    handler = types.SimpleNamespace(request=None, log_date_time_string=lambda: "now")
    WSGIRequestHandler.log_message(handler, '"%s" %s %s', f"GET {path} HTTP/1.1", str(status), "9")  # type: ignore[arg-type]


def test_a_valid_link_answered_200_leaves_no_token_in_the_log(client, person, log):
    token = issue_link(person, "rsvp")
    path = reverse("portal:rsvp", args=[token])
    response = client.get(path)
    assert response.status_code == 200
    server_request_line(path, 200)
    assert "/u/" in log.text  # the request line is there...
    assert token not in log.text  # ...without its token
    assert REDACTED in log.text


def test_a_post_answered_400_leaves_no_token_in_the_log(client, person, log):
    token = issue_link(person, "rsvp")
    path = reverse("portal:rsvp", args=[token])
    response = client.post(path, {"status": "nonsense"})
    assert response.status_code == 400
    # An undecodable post is refused before the view, and logged too.
    response = client.post(
        path, b"status=\xff", content_type="application/x-www-form-urlencoded; charset=utf-8"
    )
    assert response.status_code == 400
    server_request_line(path, 400)
    assert "Bad Request" in log.text
    assert token not in log.text
    assert not [r for r in log.records if token in r.getMessage() or token in (r.exc_text or "")]


def test_an_unknown_or_revoked_link_answered_404_leaves_no_token_in_the_log(client, log):
    token = "AbCdEf0123456789abcdefGHIJ_-xyz0123456789ab"
    for name in ("portal:rsvp", "portal:link_plan", "portal:link_plan_pdf"):
        path = reverse(name, args=[token])
        assert client.get(path).status_code == 404
        server_request_line(path, 404)
    assert "Not Found: /u/[verborgen]/" in log.text
    assert token not in log.text


def test_a_password_reset_link_leaves_no_token_in_the_log(client, log):
    path = "/wachtwoord-herstellen/MTA/cz7m1k-0b7d1234567890abcdef1234567890ab/"
    client.get(path)
    server_request_line(path, 200)
    assert "cz7m1k-0b7d1234567890abcdef1234567890ab" not in log.text


def test_any_logger_and_a_traceback_are_redacted_too(log):
    token = "Zq3ZaY7uPq0wLrT2mNvB8xKcAbCdEf0123456789"
    try:
        raise ValueError(f"could not render http://kring.example/plan/{token}/pdf/")
    except ValueError:
        logging.getLogger("kring.somewhere").exception("failed for %s", f"/u/{token}/")
    logging.getLogger("third.party").warning("opened ?token=%s", token)
    assert "Traceback" in log.text
    assert token not in log.text


def test_case_uuids_and_ordinary_words_stay_readable():
    line = (
        "GET /trajecten/8d0e9b2a-1c3f-4a5b-9c7d-0e1f2a3b4c5d/plan/bewerken/ in "
        "kring.outbox.services.send_due_messages"
    )
    assert redact(line) == line
