"""Journey (issue 12): on a phone, a participant opens their plan link, signs in with a code
read from the outbox, marks her agreement done and writes in the family's own plan; the main
person signs in, sees the progress and who looked at her file, and presents the family's plan;
the coordinator takes it over as the start of the plan and sees the family's words beside it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.models import Variant
from kring.cases.tests.factories import CaseFactory
from kring.plans import delivery
from kring.plans.tests.factories import AgreementFactory, PersonFactory, PlanFactory


def _code(address: str) -> str:
    body = [m for m in mail.outbox if m.to == [address]][-1].body
    return re.search(r"\b(\d{6})\b", body).group(1)  # type: ignore[union-attr]


def _plan_link(address: str) -> str:
    body = [m for m in mail.outbox if m.to == [address]][-1].body
    return re.search(r"https?://\S+/plan/\S+/", body).group(0)  # type: ignore[union-attr]


def _sign_in_from_plan_link(phone_page, address, assert_accessible, screenshot=None):
    phone_page.goto(_plan_link(address))
    phone_page.get_by_role("link", name="Naar mijn eigen pagina").click()
    expect(phone_page.get_by_role("heading", name="Inloggen op uw eigen pagina")).to_be_visible()
    assert_accessible(phone_page)
    if screenshot:
        screenshot(phone_page, "familie-inloggen")
    phone_page.get_by_label(re.compile("Naar mijn e-mail")).check()
    phone_page.get_by_role("button", name="Stuur mij een code").click()
    expect(phone_page.get_by_role("heading", name="Typ uw code")).to_be_visible()
    assert_accessible(phone_page)
    if screenshot:
        screenshot(phone_page, "familie-code")
    phone_page.get_by_label("De code (6 cijfers)").fill(_code(address))
    phone_page.get_by_role("button", name="Inloggen").click()
    phone_page.wait_for_url("**/familie/")


@pytest.mark.django_db(transaction=True)
def test_family_signs_in_marks_progress_and_presents_its_own_plan(
    page, phone_page, login, assert_accessible, screenshot, municipality
):
    coordinator = UserFactory(
        role=Role.COORDINATOR, email="anouk@kring.test", full_name="Anouk Verbeek"
    )
    coordinator.regions.set([municipality.region])
    case = CaseFactory(
        held=True, coordinator=coordinator, municipality=municipality, variant=Variant.FAMILY
    )
    PersonFactory(case=case, main=True, name="Fatima Amrani", email="fatima@example.nl")
    ria = PersonFactory(case=case, name="Ria Amrani", email="ria@example.nl")
    karim = PersonFactory(case=case, name="Karim Amrani", email="karim@example.nl")
    plan = PlanFactory(case=case, ready=True)
    school = AgreementFactory(plan=plan, what="Ria brengt de kinderen elke ochtend naar school.")
    school.performers.set([ria])
    post = AgreementFactory(plan=plan, what="Karim helpt elke maandag met de post.")
    post.performers.set([karim])
    delivery.deliver(case, [ria], actor=coordinator)

    # The coordinator looks at the case and the plan: that is what the family will see.
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/plan/")
    expect(page.get_by_role("heading", name=re.compile("Versie 1"))).to_be_visible()

    # 1. Ria opens the plan link from her mail and signs in with a code from the outbox.
    _sign_in_from_plan_link(phone_page, "ria@example.nl", assert_accessible, screenshot)
    expect(phone_page.get_by_role("heading", name="Welkom, Ria")).to_be_visible()
    assert "karim@example.nl" not in phone_page.content()
    assert_accessible(phone_page)
    card = phone_page.locator(f"#afspraak-{school.uuid}")
    card.get_by_label("Klaar").check()
    card.get_by_label("Korte toelichting (mag leeg)").fill("Gaat elke dag goed.")
    card.get_by_role("button", name=re.compile("Opslaan")).click()
    expect(phone_page.get_by_text("Uw afspraak is bijgewerkt.")).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "familie-pagina")

    # 2. Ria writes in the family's own plan.
    phone_page.get_by_role("link", name="Ons eigen plan").first.click()
    expect(phone_page.get_by_role("heading", name="Ons eigen plan")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_label("Wat willen we bereiken").fill("De kinderen gaan veilig naar school.")
    phone_page.get_by_label("Onze afspraken").fill(
        "Ria brengt de kinderen op maandag en dinsdag\nKarim kookt op woensdag"
    )
    phone_page.get_by_label("Als het anders gaat").fill("Dan bellen we buurvrouw Els.")
    phone_page.get_by_role("button", name="Plan opslaan").click()
    expect(phone_page.get_by_text("Het plan is opgeslagen.")).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "familie-eigen-plan")
    phone_page.get_by_role("button", name="Afmelden").click()
    expect(phone_page.get_by_role("heading", name="U bent niet ingelogd")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Ik ben mijn link kwijt").click()
    assert_accessible(phone_page)

    # The coordinator does not see the family's plan before it is presented.
    page.goto(f"/trajecten/{case.uuid}/plan/")
    expect(page.get_by_text("buurvrouw Els")).to_have_count(0)
    expect(page.get_by_role("heading", name="Het eigen plan van de familie")).to_have_count(0)

    # 3. Fatima, the main person, signs in: Ria's progress, who looked, and presenting.
    _sign_in_from_plan_link(phone_page, "fatima@example.nl", assert_accessible)
    card = phone_page.locator(f"#afspraak-{school.uuid}")
    expect(card.get_by_text("Klaar", exact=True)).to_be_visible()
    expect(card.get_by_text("Gaat elke dag goed.")).to_be_visible()
    assert "ria@example.nl" not in phone_page.content()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Wie keek in mijn dossier").first.click()
    expect(phone_page.get_by_text(re.compile("Coördinator A. Verbeek bekeek uw"))).to_be_visible()
    assert "Ria" not in phone_page.locator("main").inner_text()
    assert_accessible(phone_page)
    screenshot(phone_page, "familie-wie-keek")
    phone_page.get_by_role("link", name="Ons eigen plan").first.click()
    expect(phone_page.get_by_label("Onze afspraken")).to_have_value(re.compile("Karim kookt"))
    phone_page.get_by_role("button", name="Plan presenteren aan de coördinator").click()
    expect(phone_page.get_by_text("Uw plan is naar de coördinator.")).to_be_visible()
    assert_accessible(phone_page)

    # 4. The coordinator takes it over and sees the family's words beside the plan.
    page.goto(f"/trajecten/{case.uuid}/plan/")
    page.get_by_role("link", name="Plan van de familie bekijken").click()
    expect(page.get_by_text("Dan bellen we buurvrouw Els.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("Klaar op")).fill("2030-03-01")
    page.get_by_role("button", name="Overnemen als begin van het plan").click()
    expect(page.get_by_text("Het plan van de familie is het begin van het plan.")).to_be_visible()
    expect(page.get_by_role("cell", name="Karim kookt op woensdag")).to_be_visible()
    page.get_by_role("link", name="Plan bewerken").click()
    page.get_by_label("Centrale vraag").fill("De kinderen gaan elke dag veilig naar school.")
    page.get_by_role("button", name="Plan opslaan").click()
    page.get_by_role("link", name="Familieplan naast het plan bekijken").click()
    expect(page.get_by_text("De kinderen gaan veilig naar school.")).to_be_visible()
    expect(page.get_by_text("De kinderen gaan elke dag veilig naar school.")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "familieplan-naast-plan")
