"""A case's timeline rows written in Python (`{% timeline_items %}`, decision 205) are the rows
the template loop wrote: the same time in the same zone and format, the same words, the same
escaping, in Dutch and English, in every month, summer and winter time."""

import datetime

from django.template import engines
from django.test import SimpleTestCase
from django.utils import translation

from kring.accounts.models import User
from kring.audit.models import Action, AuditEvent
from kring.audit.templatetags.audit import timeline_items

# The loop of cases/detail.html that the tag replaces, as it was.
LOOP = """{% load audit %}{% for event in events %}
      <li><time datetime="{{ event.occurred_at|date:'c' }}">{{ event.occurred_at|date:"j F Y, H:i" }}</time>
        <strong>{{ event|describe }}</strong>
        <span class="muted">— {{ event|actor }}</span>
      </li>
    {% endfor %}"""  # noqa: E501

UTC = datetime.UTC


def _events() -> list[AuditEvent]:
    someone = User(full_name="Anna <de> Vries & Zn")
    events = [
        # A known key with data, one without, an unknown key with a message, no key at all.
        AuditEvent(key="case.coordinator_assigned", changes={"rank": 2}, actor=someone),
        AuditEvent(key="case.opened", actor_label="system"),
        AuditEvent(key="no.such.key", message="Iets <vreemds> & zo", actor_label="public"),
        AuditEvent(action=Action.TRANSITION, actor_label="link:abc"),
        AuditEvent(key="case.first_contact", actor_label="Team <Noord>"),
        AuditEvent(key="case.contact_logged", actor_label=""),
    ]
    moments = [
        # Every month; around midnight and the summer-time changes in Amsterdam.
        datetime.datetime(2026, month, 1 + month, 21 + month % 3, 59, 7, 123456, tzinfo=UTC)
        for month in range(1, 13)
    ] + [
        datetime.datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
        datetime.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        datetime.datetime(2045, 12, 31, 23, 0, 0, tzinfo=UTC),
    ]
    out = []
    for i, moment in enumerate(moments):
        template = events[i % len(events)]
        out.append(
            AuditEvent(
                occurred_at=moment,
                key=template.key,
                changes=template.changes,
                message=template.message,
                action=template.action or Action.UPDATE,
                actor=template.actor,
                actor_label=template.actor_label,
            )
        )
    return out


class TimelineItemsTest(SimpleTestCase):
    def test_the_rows_are_the_loop_they_replace(self) -> None:
        loop = engines["django"].from_string(LOOP)
        events = _events()
        for language in ("nl", "en"):
            with self.subTest(language=language), translation.override(language):
                self.assertHTMLEqual(str(timeline_items(events)), loop.render({"events": events}))

    def test_text_is_escaped(self) -> None:
        written = timeline_items(_events())
        assert "Anna &lt;de&gt; Vries &amp; Zn" in written
        assert "Iets &lt;vreemds&gt; &amp; zo" in written
        assert "<de>" not in written

    def test_no_events_no_rows(self) -> None:
        assert timeline_items([]) == ""
