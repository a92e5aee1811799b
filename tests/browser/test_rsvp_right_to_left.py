"""Journey: an Arabic-speaking grandmother answers her invitation on her phone; the page reads
right to left and the administrator's Arabic welcome shows in Arabic."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import InvitationTemplate
from kring.conferences.services import conference_for
from kring.network.links import issue_link
from kring.network.models import Person, PersonStatus
from kring.network.tests.factories import PersonFactory

INTRO = "مرحباً بك. فاطمة تدعوك إلى مؤتمر القوة الذاتية.\nهذه صفحتك الشخصية للرد على الدعوة."


@pytest.mark.django_db(transaction=True)
def test_arabic_speaker_answers_on_a_right_to_left_page(
    phone_page, assert_accessible, screenshot, municipality, coordinator
):
    case = CaseFactory(
        in_preparation=True,
        municipality=municipality,
        coordinator=coordinator,
        main_person_first_name="Fatima",
    )
    PersonFactory(case=case, main=True, name="Fatima el Amrani")
    InvitationTemplate.objects.create(
        language="ar",
        language_name="العربية",
        direction="rtl",
        subject="دعوة",
        body="{{ link }}",
        intro=INTRO,
    )
    conference = conference_for(case)
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    conference.starts_at = start + datetime.timedelta(days=14)
    conference.ends_at = conference.starts_at + datetime.timedelta(hours=4)
    conference.place_name = "Buurthuis De Pijp"
    conference.address = "Van Ostadestraat 233, Amsterdam"
    conference.save()
    grandmother = PersonFactory(
        case=case, invited=True, name="Aïcha Bennani", language="ar", relation="grandparent"
    )
    raw = issue_link(grandmother, "rsvp")

    phone_page.goto(f"/u/{raw}/")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    intro = phone_page.locator(".rsvp-intro")
    assert intro.get_attribute("lang") == "ar"
    expect(intro).to_contain_text("مرحباً بك")
    # Laid out from the right: the heading starts at the right edge of the phone.
    box = phone_page.get_by_role("heading", level=1).bounding_box()
    assert box is not None and box["x"] + box["width"] > 300
    # No sideways scrolling on a 390px phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
    phone_page.get_by_label("Ja, ik kom").check()
    phone_page.get_by_label("Ik heb een tolk nodig").check()
    phone_page.get_by_label("In welke taal?").fill("Arabisch")
    screenshot(phone_page, "rsvp-arabisch")
    phone_page.get_by_role("button", name="Antwoord versturen").click()
    expect(phone_page.get_by_text("Uw antwoord is opgeslagen")).to_be_visible()
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(phone_page)
    grandmother = Person.objects.get(pk=grandmother.pk)
    assert grandmother.status == PersonStatus.COMING
    assert grandmother.needs_interpreter and grandmother.interpreter_language == "Arabisch"
