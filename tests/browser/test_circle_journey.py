"""Journey: a coordinator builds a circle of 12, invites three, they answer on their phones,
and the eco-map changes colour and icon."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.tests.factories import CaseFactory
from kring.core.tests.samples import PDF
from kring.network.models import Person
from tests.browser.conftest import SCREENSHOTS

CIRCLE = [
    ("Mohammed el Amrani", "Ouder", "Familie", "mohammed@voorbeeld.test"),
    ("Samira el Amrani", "Broer of zus", "Familie", "samira@voorbeeld.test"),
    ("Yusuf el Amrani", "Kind", "Huishouden", ""),
    ("Noor el Amrani", "Kind", "Huishouden", ""),
    ("Oma Aïcha", "Grootouder", "Familie", "aicha@voorbeeld.test"),
    ("Tante Latifa", "Tante of oom", "Familie", ""),
    ("Ans de Vries", "Buur", "Vrienden en omgeving", "ans@voorbeeld.test"),
    ("Henk Jansen", "Vriend(in)", "Vrienden en omgeving", ""),
    ("Marloes Bakker", "Collega", "Vrienden en omgeving", ""),
    ("Juf Petra", "Leerkracht", "Professionals", ""),
    ("Sanne Visser", "Professional", "Professionals", ""),
    ("Wijkagent Bas", "Professional", "Professionals", ""),
]


@pytest.mark.django_db(transaction=True)
def test_coordinator_builds_a_circle_and_invitees_answer_on_their_phones(
    page, phone_page, login, assert_accessible, screenshot, municipality, settings, live_server
):
    # The links in the mails point at the server the browser talks to.
    settings.KRING_BASE_URL = live_server.url
    coordinator = UserFactory(
        role=Role.COORDINATOR, email="anouk@kring.test", full_name="Anouk Verbeek"
    )
    coordinator.regions.set([municipality.region])
    case = CaseFactory(
        in_preparation=True,
        municipality=municipality,
        coordinator=coordinator,
        main_person_names="Fatima el Amrani",
        main_person_first_name="Fatima",
    )
    login(page, "anouk@kring.test", TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/kring/")
    assert_accessible(page)
    page.get_by_role("button", name="Fatima el Amrani in het midden zetten").click()
    assert_accessible(page)

    for name, relation, ring, email in CIRCLE:
        page.goto(f"/trajecten/{case.uuid}/kring/nieuw/")
        if name == CIRCLE[0][0]:
            assert_accessible(page)
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Relatie tot de hoofdpersoon").select_option(label=relation)
        page.get_by_label("Kring", exact=True).select_option(label=ring)
        if email:
            page.get_by_label("E-mail").fill(email)
        page.get_by_role("button", name="Toevoegen", exact=True).click()
        page.wait_for_url(f"**/trajecten/{case.uuid}/kring/")

    nodes = page.locator("svg.ecomap g.ecomap-node")
    assert nodes.count() == 12
    assert page.locator('svg.ecomap g.ecomap-node[data-status="suggested"]').count() == 12
    expect(
        page.get_by_role("img", name=re.compile("Ecogram van de kring rond Fatima"))
    ).to_be_visible()
    assert_accessible(page)

    # Consent and invitation for three people, through the person page.
    for name in ["Mohammed el Amrani", "Samira el Amrani", "Ans de Vries"]:
        page.goto(f"/trajecten/{case.uuid}/kring/")
        page.get_by_role("link", name=name).first.click()
        if name == "Mohammed el Amrani":
            assert_accessible(page)
        page.get_by_role("button", name="Toestemming vastleggen").click()
        page.get_by_role("button", name="Uitnodiging e-mailen").click()
        expect(page.get_by_text("De uitnodiging wordt verstuurd.")).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == 3

    page.goto(f"/trajecten/{case.uuid}/kring/")
    assert page.locator('svg.ecomap g.ecomap-node[data-status="invited"]').count() == 3
    answers = {
        "mohammed@voorbeeld.test": "Ja, ik kom",
        "samira@voorbeeld.test": "Misschien",
        "ans@voorbeeld.test": "Nee, ik kom niet",
    }
    for message in mail.outbox:
        link = re.search(r"https?://\S+/u/\S+/", message.body).group(0)
        phone_page.goto(link)
        assert_accessible(phone_page)
        # Nothing of the other invitees on this page.
        body = phone_page.content()
        assert all(other not in body for other in answers if other != message.to[0])
        phone_page.get_by_label(answers[message.to[0]]).check()
        if message.to[0] == "mohammed@voorbeeld.test":
            phone_page.get_by_label("Ik heb kinderopvang nodig").check()
            screenshot(phone_page, "rsvp-telefoon")
        phone_page.get_by_role("button", name="Antwoord versturen").click()
        expect(phone_page.get_by_text("Uw antwoord is opgeslagen")).to_be_visible()
        assert_accessible(phone_page)

    # The coordinator's open page refreshes just the eco-map (htmx), no full reload.
    page.get_by_role("link", name="Ecogram vernieuwen").click()
    page.locator('svg.ecomap g.ecomap-node[data-status="coming"]').wait_for()
    assert page.locator('svg.ecomap g.ecomap-node[data-status="invited"]').count() == 0
    assert page.locator('svg.ecomap g.ecomap-node[data-status="coming"]').count() == 1
    assert page.locator('svg.ecomap g.ecomap-node[data-status="maybe"]').count() == 1
    assert page.locator('svg.ecomap g.ecomap-node[data-status="not_coming"]').count() == 1
    assert_accessible(page)
    screenshot(page, "ecomap")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("table.circle-table").screenshot(path=str(SCREENSHOTS / "kring-tabel.png"))
    assert Person.objects.get(name="Mohammed el Amrani").needs_childcare

    page.goto(f"/trajecten/{case.uuid}/informatie/")
    assert_accessible(page)
    page.get_by_label("Welke informatie is nodig?").fill("Hoe gaat het met Yusuf op school?")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("De vraag is toegevoegd.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    assert_accessible(page)

    # The conference page: logistics and checklist.
    page.goto(f"/trajecten/{case.uuid}/conferentie/")
    assert_accessible(page)
    page.locator("#id_date").fill("2027-01-16")
    page.locator("#id_start").fill("10:00")
    page.get_by_label("Eindtijd").fill("14:00")
    page.get_by_label("Plaats").fill("Buurthuis De Pijp")
    page.get_by_label("Adres").fill("Van Ostadestraat 10, Amsterdam")
    page.get_by_label("Eten en drinken").fill("Lunch van de buurtkeuken")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De praktische zaken zijn opgeslagen.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "conferentie-logistiek")


@pytest.mark.django_db(transaction=True)
def test_circle_page_on_a_phone(phone_page, login, assert_accessible, screenshot, municipality):
    from kring.network.tests.factories import PersonFactory

    coordinator = UserFactory(role=Role.COORDINATOR, email="c@kring.test")
    coordinator.regions.set([municipality.region])
    case = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    PersonFactory(case=case, main=True, name="Fatima el Amrani")
    for i, status in enumerate(
        ["coming", "invited", "suggested", "informed", "maybe", "not_coming"]
    ):
        PersonFactory(
            case=case, name=f"Persoon {i}", status=status, ring=["family", "community"][i % 2]
        )
    login(phone_page, "c@kring.test", TEST_PASSWORD)
    phone_page.goto(f"/trajecten/{case.uuid}/kring/")
    box = phone_page.locator("svg.ecomap").bounding_box()
    assert box["width"] <= 390
    assert_accessible(phone_page)
    screenshot(phone_page, "ecomap-telefoon")
    phone_page.goto(f"/trajecten/{case.uuid}/conferentie/")
    assert_accessible(phone_page)
    phone_page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    assert_accessible(phone_page)


@pytest.mark.django_db(transaction=True)
def test_professional_adds_information_and_sees_the_restriction_warning_never(
    page, login, assert_accessible, screenshot, municipality, tmp_path
):
    from kring.conferences.models import InformationItem
    from kring.network.tests.factories import ContactRestrictionFactory, PersonFactory

    coordinator = UserFactory(role=Role.COORDINATOR, email="co@kring.test")
    coordinator.regions.set([municipality.region])
    pro = UserFactory(role=Role.PROFESSIONAL, email="sanne@kring.test", full_name="Sanne Visser")
    case = CaseFactory(
        in_preparation=True,
        municipality=municipality,
        coordinator=coordinator,
        safety_at_stake=True,
    )
    PersonFactory(case=case, main=True, name="Fatima el Amrani")
    me = PersonFactory(case=case, professional=True, consented=True, user=pro, name="Sanne Visser")
    InformationItem.objects.create(case=case, question="Wat zijn de zorgen?", answered_by=me)
    ContactRestrictionFactory(case=case)

    login(page, "sanne@kring.test", TEST_PASSWORD)
    assert_accessible(page)
    # The start page lists her cases; the case page leads to what she was asked.
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Informatie aanleveren").click()
    assert_accessible(page)
    page.get_by_text("Informatie toevoegen").click()
    page.get_by_label("Informatie", exact=False).first.fill("Vader is in behandeling bij de GGZ.")
    pdf = tmp_path / "verslag.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Document").set_input_files(str(pdf))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De informatie is opgeslagen")).to_be_visible()
    expect(page.get_by_role("link", name="Document: verslag.pdf")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    assert page.get_by_text("Contactbeperkingen").count() == 0
    page.get_by_text("Minimumeis toevoegen").click()
    page.get_by_label("Minimumeis", exact=True).fill("De kinderen zijn nooit alleen met vader.")
    page.get_by_label("Gesteld door").select_option(label="Sanne Visser")
    page.get_by_label("Organisatie").fill("Jeugdbescherming")
    page.get_by_role("button", name="Minimumeis vastleggen").click()
    expect(page.get_by_text("De minimumeis is vastgelegd.")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_coordinator_sees_the_restraining_order_warning(
    page, login, assert_accessible, screenshot, municipality
):
    from kring.network.tests.factories import ContactRestrictionFactory, PersonFactory

    coordinator = UserFactory(role=Role.COORDINATOR, email="co@kring.test")
    coordinator.regions.set([municipality.region])
    case = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    PersonFactory(case=case, main=True, name="Fatima el Amrani", status="coming")
    ContactRestrictionFactory(case=case)
    login(page, "co@kring.test", TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "veiligheid-contactverbod")
    page.get_by_label("Waarom mogen zij toch bij hetzelfde deel zijn?").fill(
        "De rechter staat contact onder begeleiding toe."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit is vastgelegd.")).to_be_visible()
    assert_accessible(page)
