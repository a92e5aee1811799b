"""Journeys: an Arabic-speaking grandmother and a Turkish-speaking mother answer their
invitation on a phone, each on a page in her own language: Arabic right to left, Turkish left
to right, with no Dutch under either."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.cases.tests.factories import CaseFactory
from kring.conferences.services import conference_for
from kring.network.links import issue_link
from kring.network.models import Person, PersonStatus
from kring.network.tests.factories import PersonFactory

DUTCH = ("Uw uitnodiging", "Komt u?", "Antwoord versturen", "Wanneer en waar", "Naar de inhoud")


def _case(municipality, coordinator):
    case = CaseFactory(
        in_preparation=True,
        municipality=municipality,
        coordinator=coordinator,
        main_person_first_name="Ayten",
    )
    PersonFactory(case=case, main=True, name="Ayten Yılmaz", language="tr")
    conference = conference_for(case)
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    conference.starts_at = start + datetime.timedelta(days=14)
    conference.ends_at = conference.starts_at + datetime.timedelta(hours=4)
    conference.place_name = "Buurthuis De Pijp"
    conference.address = "Van Ostadestraat 233, Amsterdam"
    conference.save()
    return case


def _no_dutch(page):
    text = page.locator("body").inner_text()
    for dutch in DUTCH:
        assert dutch not in text


@pytest.mark.django_db(transaction=True)
def test_arabic_speaker_answers_on_an_arabic_right_to_left_page(
    phone_page, assert_accessible, screenshot, municipality, coordinator
):
    case = _case(municipality, coordinator)
    grandmother = PersonFactory(
        case=case, invited=True, name="Aïcha Bennani", language="ar", relation="grandparent"
    )
    phone_page.goto(f"/u/{issue_link(grandmother, 'rsvp')}/")
    html = phone_page.locator("html")
    assert html.get_attribute("lang") == "ar" and html.get_attribute("dir") == "rtl"
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("مرحبًا Aïcha")
    _no_dutch(phone_page)
    # Laid out from the right: the heading ends at the right edge of the phone.
    box = phone_page.get_by_role("heading", level=1).bounding_box()
    assert box is not None and box["x"] + box["width"] > 300
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
    phone_page.get_by_label("نعم، سأحضر").check()
    phone_page.get_by_label("أحتاج إلى مترجم").check()
    phone_page.get_by_label("بأي لغة؟").fill("العربية")
    screenshot(phone_page, "rsvp-arabisch")
    phone_page.get_by_role("button", name="أرسل الجواب").click()
    expect(phone_page.get_by_text("شكرًا لك. تم حفظ جوابك.")).to_be_visible()
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(phone_page)
    grandmother = Person.objects.get(pk=grandmother.pk)
    assert grandmother.status == PersonStatus.COMING
    assert grandmother.needs_interpreter and grandmother.interpreter_language == "العربية"


@pytest.mark.django_db(transaction=True)
def test_turkish_speaker_answers_on_a_turkish_page(
    phone_page, assert_accessible, screenshot, municipality, coordinator
):
    case = _case(municipality, coordinator)
    elif_ = PersonFactory(case=case, invited=True, name="Elif Yılmaz", language="tr")
    phone_page.goto(f"/u/{issue_link(elif_, 'rsvp')}/")
    html = phone_page.locator("html")
    assert html.get_attribute("lang") == "tr" and html.get_attribute("dir") == "ltr"
    expect(
        phone_page.get_by_text("Ayten sizi bir Aile Grup Konferansına davet ediyor.")
    ).to_be_visible()
    _no_dutch(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
    phone_page.get_by_label("Evet, geliyorum").check()
    phone_page.get_by_label("Çocuk bakımına ihtiyacım var").check()
    screenshot(phone_page, "rsvp-turks")
    phone_page.get_by_role("button", name="Cevabı gönder").click()
    expect(phone_page.get_by_text("Teşekkür ederiz. Cevabınız kaydedildi.")).to_be_visible()
    assert_accessible(phone_page)
    elif_ = Person.objects.get(pk=elif_.pk)
    assert elif_.status == PersonStatus.COMING and elif_.needs_childcare
