"""The circle's and the conference's changed pages on a 390px phone: no sideways scroll, no
duplicate ids, no accessibility violations; eco-map names that do not overlap and are big enough
to read; the invitee's pages in Dutch, English and Arabic."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import InformationItem
from kring.conferences.services import conference_for
from kring.network.links import format_code, issue_letter_link, issue_link
from kring.network.tests.factories import (
    ContactRestrictionFactory,
    PersonFactory,
    SafetyRequirementFactory,
)

TWELVE = [
    ("Mohammed el Amrani", "parent", "family"),
    ("Samira el Amrani", "sibling", "family"),
    ("Yusuf el Amrani", "child", "household"),
    ("Noor el Amrani", "child", "household"),
    ("Oma Aïcha", "grandparent", "family"),
    ("Tante Latifa", "aunt_uncle", "family"),
    ("Ans de Vries", "neighbour", "community"),
    ("Henk Jansen", "friend", "community"),
    ("Marloes Bakker", "colleague", "community"),
    ("Juf Petra", "teacher", "professionals"),
    ("Sanne Visser", "professional", "professionals"),
    ("Wijkagent Bas", "professional", "professionals"),
]


@pytest.fixture
def fits_a_phone(assert_accessible: Callable[[Any], None]) -> Callable[[Any], None]:
    """No sideways scroll at 390px, no duplicate ids, no axe violations."""

    def check(page: Any) -> None:
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"
        duplicates = page.evaluate(
            """() => { const seen = {}; const dup = [];
                 document.querySelectorAll('[id]').forEach(e => {
                   if (seen[e.id]) dup.push(e.id); seen[e.id] = true; });
                 return dup; }"""
        )
        assert not duplicates, f"{page.url} has duplicate ids: {duplicates}"
        assert_accessible(page)

    return check


def _world(municipality: Any) -> dict[str, Any]:
    coordinator = UserFactory(
        role=Role.COORDINATOR,
        email="anouk@kring.test",
        full_name="Anouk Verbeek",
        phone="06 1111 2222",
    )
    coordinator.regions.set([municipality.region])
    professional = UserFactory(role=Role.PROFESSIONAL, email="sanne@kring.test")
    case = CaseFactory(
        in_preparation=True,
        coordinator=coordinator,
        municipality=municipality,
        main_person_first_name="Fatima",
    )
    main = PersonFactory(case=case, main=True, name="Fatima el Amrani", consented=True)
    people = {
        name: PersonFactory(case=case, name=name, relation=relation, ring=ring, consented=True)
        for name, relation, ring in TWELVE
    }
    sanne = people["Sanne Visser"]
    sanne.user = professional
    sanne.organisation = "Jeugdbescherming"
    sanne.save()
    colleague = people["Wijkagent Bas"]
    colleague.organisation = "Jeugdbescherming"
    colleague.save()
    requirement = SafetyRequirementFactory(case=case, set_by=sanne, text="Nooit alleen met vader.")
    ContactRestrictionFactory(
        case=case, person_a=main, person_b=people["Mohammed el Amrani"], note="Contactverbod"
    )
    conference = conference_for(case)
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    conference.starts_at = start + datetime.timedelta(days=14)
    conference.ends_at = conference.starts_at + datetime.timedelta(hours=3)
    conference.place_name = "Buurthuis De Pijp"
    conference.address = "Van Ostadestraat 233, Amsterdam"
    conference.food = "Soep en broodjes"
    conference.interpreters = "Arabisch via Tolkcentrum"
    conference.internal_note = "Sleutel bij de beheerder"
    conference.save()
    for days in (15, 16):
        conference.options.create(starts_at=start + datetime.timedelta(days=days))
    return {
        "coordinator": coordinator,
        "professional": professional,
        "case": case,
        "main": main,
        "people": people,
        "requirement": requirement,
    }


@pytest.mark.django_db(transaction=True)
def test_the_coordinators_circle_pages_on_a_phone(
    phone_page, fits_a_phone, screenshot, municipality, login
):
    world = _world(municipality)
    case = world["case"]
    page = phone_page
    login(page, world["coordinator"].email, TEST_PASSWORD)

    page.goto(f"/trajecten/{case.uuid}/kring/")
    fits_a_phone(page)
    labels = page.evaluate(
        """() => Array.from(document.querySelectorAll('svg.ecomap .ecomap-name')).map(t => {
             const r = t.getBoundingClientRect();
             return [t.textContent, r.left, r.top, r.right, r.bottom]; })"""
    )
    nodes = page.evaluate(
        """() => Array.from(document.querySelectorAll('svg.ecomap g.ecomap-node > circle'))
           .map(c => { const r = c.getBoundingClientRect();
             return [(r.left + r.right) / 2, (r.top + r.bottom) / 2, r.width / 2]; })"""
    )
    assert len(labels) == 12
    for i, (name, left, top, right, bottom) in enumerate(labels):
        # Readable: the text is at least 12px high on the phone.
        assert bottom - top >= 12, (name, bottom - top)
        for other, left2, top2, right2, bottom2 in labels[i + 1 :]:
            apart = right <= left2 or right2 <= left or bottom <= top2 or bottom2 <= top
            assert apart, f"{name} overlaps {other}"
        for x, y, r in nodes:
            nearest_x, nearest_y = min(max(x, left), right), min(max(y, top), bottom)
            assert (x - nearest_x) ** 2 + (y - nearest_y) ** 2 >= (r - 1) ** 2, (name, x, y)
    screenshot(page, "ecogram-twaalf-telefoon")

    page.goto(f"/trajecten/{case.uuid}/conferentie/")
    fits_a_phone(page)
    expect(page.get_by_text("Zichtbaar voor genodigden.").first).to_be_visible()
    expect(page.get_by_label("Interne notitie")).to_have_value("Sleutel bij de beheerder")
    screenshot(page, "conferentie-telefoon")

    page.goto(f"/trajecten/{case.uuid}/aanwezigheid/")
    expect(page.get_by_text("Vanaf die dag legt u hier vast wie er was.")).to_be_visible()
    fits_a_phone(page)

    person = world["people"]["Ans de Vries"]
    issue_link(person, "rsvp")
    page.goto(f"/trajecten/{case.uuid}/kring/{person.uuid}/")
    expect(page.get_by_text("1 persoonlijke link werkt nog.")).to_be_visible()
    fits_a_phone(page)
    page.get_by_role("button", name="Alle links intrekken").click()
    expect(page.get_by_text("0 persoonlijke links werken nog.")).to_be_visible()

    page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    fits_a_phone(page)
    page.get_by_text("Overdragen aan een collega").click()
    page.get_by_role("button", name="Overdragen").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    fits_a_phone(page)


@pytest.mark.django_db(transaction=True)
def test_the_professional_changes_their_requirement_on_a_phone(
    phone_page, fits_a_phone, screenshot, municipality, login
):
    world = _world(municipality)
    case = world["case"]
    page = phone_page
    login(page, world["professional"].email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    fits_a_phone(page)
    # Contact restrictions are not the professional's to see.
    expect(page.get_by_text("Contactbeperkingen")).to_have_count(0)
    page.get_by_text("Wijzigen").click()
    page.get_by_label("Nieuwe tekst van de minimumeis").fill("")
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    fits_a_phone(page)
    page.get_by_label("Nieuwe tekst van de minimumeis").fill(
        "Nooit alleen met vader, ook niet even."
    )
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.get_by_text("De minimumeis is gewijzigd.")).to_be_visible()
    page.get_by_text("Eerdere versies").click()
    expect(page.get_by_text("Nooit alleen met vader.", exact=False).first).to_be_visible()
    fits_a_phone(page)
    screenshot(page, "minimumeis-wijzigen-telefoon")


@pytest.mark.django_db(transaction=True)
def test_the_invitees_pages_on_a_phone_in_dutch_english_and_arabic(
    phone_page, fits_a_phone, screenshot, municipality
):
    world = _world(municipality)
    page = phone_page
    ans = world["people"]["Ans de Vries"]

    # A letter's code, typed on the phone.
    code = issue_letter_link(ans, "rsvp").code
    page.goto("/c/")
    fits_a_phone(page)
    page.get_by_label("Uw code").fill("ABCDE-FGHJK")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Deze code kennen we niet").first).to_be_visible()
    fits_a_phone(page)
    page.get_by_label("Uw code").fill(format_code(code).lower())
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", name="Hallo Ans")).to_be_visible()
    expect(page.get_by_text("Soep en broodjes")).to_be_visible()
    expect(page.get_by_text("Tolkcentrum")).to_have_count(0)
    expect(page.get_by_text("Sleutel bij de beheerder")).to_have_count(0)
    expect(page.get_by_role("link", name="06 1111 2222")).to_be_visible()
    fits_a_phone(page)
    screenshot(page, "rsvp-met-contact-telefoon")

    english = world["people"]["Henk Jansen"]
    english.language = "en"
    english.save()
    page.goto(f"/u/{issue_link(english, 'rsvp')}/")
    assert page.locator("html").get_attribute("lang") == "en"
    fits_a_phone(page)

    arabic = world["people"]["Oma Aïcha"]
    arabic.language = "ar"
    arabic.save()
    page.goto(f"/u/{issue_link(arabic, 'rsvp')}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    fits_a_phone(page)

    # The main person is not told that she invites herself.
    page.goto(f"/u/{issue_link(world['main'], 'rsvp')}/")
    expect(page.get_by_text("uw eigen Eigen Kracht-conferentie")).to_be_visible()
    expect(page.get_by_text("Fatima nodigt u uit")).to_have_count(0)
    fits_a_phone(page)


@pytest.mark.django_db(transaction=True)
def test_a_professional_without_an_account_answers_on_a_phone(
    phone_page, fits_a_phone, screenshot, municipality
):
    world = _world(municipality)
    case = world["case"]
    doctor = PersonFactory(
        case=case, professional=True, consented=True, name="Huisarts Kramer", email="k@h.test"
    )
    InformationItem.objects.create(
        case=case, question="Hoe slaapt Yusuf?", answered_by=doctor, status="asked"
    )
    page = phone_page
    page.goto(f"/info/{issue_link(doctor, 'information')}/")
    fits_a_phone(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    fits_a_phone(page)
    page.get_by_label("Informatie").fill("Slaapt sinds de zomer beter.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De informatie is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Ontvangen").first).to_be_visible()
    fits_a_phone(page)
    screenshot(page, "informatie-via-link-telefoon")
