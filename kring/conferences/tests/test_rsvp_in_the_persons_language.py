"""The RSVP page speaks the person's own language, with its writing direction on <html>."""

import re

import pytest
from django.urls import reverse

from kring.languages.models import Language
from kring.network.links import issue_link
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _page(client, person):
    raw = issue_link(person, "rsvp")
    response = client.get(reverse("portal:rsvp", args=[raw]))
    assert response.status_code == 200
    return response.content.decode()


def _html_tag(html):
    match = re.search(r"<html[^>]*>", html)
    assert match is not None
    return match.group(0)


def test_an_arabic_speaker_gets_an_arabic_right_to_left_page(client, case, main_person):
    person = PersonFactory(case=case, invited=True, language="ar")
    html = _page(client, person)
    assert _html_tag(html) == '<html lang="ar" dir="rtl">'
    assert "دعوتك" in html and "هل ستحضر؟" in html
    # No Dutch under lang="ar": the texts of the page are all Arabic.
    for dutch in ("Uw uitnodiging", "Komt u?", "Antwoord versturen", "Naar de inhoud"):
        assert dutch not in html


def test_a_turkish_speaker_gets_a_turkish_page(client, case, main_person):
    person = PersonFactory(case=case, invited=True, language="tr")
    html = _page(client, person)
    assert _html_tag(html) == '<html lang="tr" dir="ltr">'
    assert "Davetiniz" in html and "Cevabı gönder" in html
    assert "Antwoord versturen" not in html


def test_a_dutch_speaker_gets_the_dutch_page(client, case, main_person):
    person = PersonFactory(case=case, invited=True, language="nl")
    html = _page(client, person)
    assert _html_tag(html) == '<html lang="nl" dir="ltr">'
    assert "Antwoord versturen" in html


def test_an_inactive_or_unknown_language_falls_back_to_dutch(client, case, main_person):
    Language.objects.filter(code="pl").update(active=False)
    polish = PersonFactory(case=case, invited=True, language="pl")
    assert _html_tag(_page(client, polish)) == '<html lang="nl" dir="ltr">'
    unknown = PersonFactory(case=case, invited=True, language="xx")
    assert "Antwoord versturen" in _page(client, unknown)


def test_switching_to_english_and_back_to_the_own_language(client, case, main_person):
    person = PersonFactory(case=case, invited=True, language="tr")
    raw = issue_link(person, "rsvp")
    url = reverse("portal:rsvp", args=[raw])
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert _html_tag(html) == '<html lang="en" dir="ltr">'
    # The switcher offers the person's own language to go back.
    assert 'value="tr" lang="tr" dir="ltr" class="link-button">Türkçe</button>' in html
    response = client.post(reverse("set_language"), {"language": "tr", "next": url})
    assert response.status_code == 302
    assert _html_tag(client.get(url).content.decode()) == '<html lang="tr" dir="ltr">'


def test_other_pages_stay_dutch_without_direction(client):
    html = client.get(reverse("intake:home")).content.decode()
    assert _html_tag(html) == '<html lang="nl">'
