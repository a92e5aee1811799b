"""The outbox: written in the caller's transaction, sent after commit, retried, never twice."""

import datetime
import threading
from html.parser import HTMLParser

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from kring.outbox import services
from kring.outbox.models import Attachment, Message, MessageStatus

pytestmark = pytest.mark.django_db

TEMPLATE = "outbox/example"


def _queue(**kwargs):
    defaults: dict = {
        "to": "ayten@example.nl",
        "template": TEMPLATE,
        "context": {"name": "Ayten", "link": "https://kring.example/u/abc?x=1&y=2"},
    }
    defaults.update(kwargs)
    return services.send_mail("test.message", **defaults)


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _queue()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_sent_after_commit_and_the_body_is_cleared(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(attachments=[services.File("a.ics", "text/calendar", b"BEGIN")])
    [sent] = mail.outbox
    assert sent.to == ["ayten@example.nl"]
    assert "Ayten" in sent.body
    assert [a[0] for a in sent.attachments] == ["a.ics"]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.text == message.html == ""
    assert not Attachment.objects.exists()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text.append(data)


def test_the_html_part_is_real_html_with_a_clickable_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(context={"name": "<b>Ayten</b>", "link": "https://kring.example/u/abc?x=1&y=2"})
    [sent] = mail.outbox
    html, mime = sent.alternatives[0]  # type: ignore[union-attr]
    assert mime == "text/html"
    parser = _Links()
    parser.feed(str(html))
    assert parser.links == ["https://kring.example/u/abc?x=1&y=2"]
    # The name is escaped once: shown as text, not as markup, and not as "&lt;" text either.
    assert "<b>Ayten</b>" in "".join(parser.text)
    assert "&lt;" not in "".join(parser.text)


def test_a_failing_backend_retries_with_backoff_then_fails_visibly(
    django_capture_on_commit_callbacks,
):
    with override_settings(
        MAILERS={"default": {"BACKEND": "kring.outbox.tests.backends.BrokenBackend"}}
    ):
        with django_capture_on_commit_callbacks(execute=True):
            message = _queue(case=None)
        message.refresh_from_db()
        assert message.status == MessageStatus.RETRYING
        assert message.attempts == 1
        assert message.last_error == "ConnectionRefusedError"
        # Not due yet: the backoff holds it back.
        assert services.send_due() == 0
        for _ in range(len(services.BACKOFF_MINUTES)):
            services.send_due(now=timezone.now() + datetime.timedelta(days=1))
            message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == len(services.BACKOFF_MINUTES)


def test_the_worker_sends_what_is_due_later(django_capture_on_commit_callbacks):
    with (
        override_settings(
            MAILERS={"default": {"BACKEND": "kring.outbox.tests.backends.BrokenBackend"}}
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = _queue()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert services.send_due() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_no_address_fails_at_once_and_shows_on_the_case(django_capture_on_commit_callbacks):
    import uuid

    case_id = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(to="", case=case_id)
    assert message.status == MessageStatus.FAILED
    assert mail.outbox == []
    assert list(services.failures_for_case(case_id)) == [message]


def test_a_dedupe_key_queues_exactly_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(dedupe_key="reminder:rsvp:123")
        second = _queue(dedupe_key="reminder:rsvp:123")
    assert first is not None
    assert second is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_workers_send_a_message_once():
    from django.db import connections

    with override_settings(
        MAILERS={"default": {"BACKEND": "kring.outbox.tests.backends.BrokenBackend"}}
    ):
        message = _queue()
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(services.deliver(str(message.uuid)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
