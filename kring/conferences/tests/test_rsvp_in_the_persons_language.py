"""The RSVP page is laid out in the direction of the person's own language."""

import re

import pytest
from django.urls import reverse

from kring.conferences.models import InvitationTemplate
from kring.network.links import issue_link
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

INTRO = "مرحباً بك. هذه صفحتك الشخصية للرد على الدعوة."


@pytest.fixture
def arabic():
    return InvitationTemplate.objects.create(
        language="ar",
        language_name="العربية",
        direction="rtl",
        subject="دعوة",
        body="عزيزي {{ name }}\n{{ link }}",
        intro=INTRO,
    )


def _page(client, person):
    raw = issue_link(person, "rsvp")
    response = client.get(reverse("portal:rsvp", args=[raw]))
    assert response.status_code == 200
    return response.content.decode()


def _html_tag(html):
    match = re.search(r"<html[^>]*>", html)
    assert match is not None
    return match.group(0)


def test_an_arabic_speaker_gets_a_right_to_left_page(client, case, main_person, arabic):
    person = PersonFactory(case=case, invited=True, language="ar")
    html = _page(client, person)
    # The UI text stays Dutch (only nl and en are UI languages); the layout turns around.
    assert _html_tag(html) == '<html lang="nl" dir="rtl">'


def test_the_administrators_intro_shows_in_its_own_language_and_direction(
    client, case, main_person, arabic
):
    person = PersonFactory(case=case, invited=True, language="ar")
    html = _page(client, person)
    assert f'<div class="rsvp-intro" lang="ar" dir="rtl"><p>{INTRO}</p></div>' in html


def test_a_dutch_speaker_gets_no_direction_and_no_intro(client, case, main_person, arabic):
    person = PersonFactory(case=case, invited=True, language="nl")
    html = _page(client, person)
    assert _html_tag(html) == '<html lang="nl">'
    assert "rsvp-intro" not in html


def test_a_left_to_right_language_added_by_the_administrator_keeps_the_layout(
    client, case, main_person
):
    InvitationTemplate.objects.create(
        language="tr",
        language_name="Türkçe",
        direction="ltr",
        subject="Davet",
        body="{{ link }}",
        intro="Hoş geldiniz.",
    )
    person = PersonFactory(case=case, invited=True, language="tr")
    html = _page(client, person)
    assert "dir=" not in _html_tag(html)
    assert '<div class="rsvp-intro" lang="tr" dir="ltr"><p>Hoş geldiniz.</p></div>' in html


def test_an_arabic_speaker_without_a_template_gets_the_dutch_layout(client, case, main_person):
    # Unknown languages fall back to Dutch, like the invitation itself.
    person = PersonFactory(case=case, invited=True, language="ar")
    assert "dir=" not in _html_tag(_page(client, person))


def test_other_pages_have_no_direction(client):
    html = client.get(reverse("intake:home")).content.decode()
    assert _html_tag(html) == '<html lang="nl">'
