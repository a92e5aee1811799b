"""The case pages changed for the case facts, on a phone in Dutch: the case page with its main
people and requester, the facts page with its history, and replacing the coordinator."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from kring.cases.models import CaseFactChange
from kring.cases.tests.factories import new_case, set_main_people
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.intake.tests.factories import RequestFactory
from tests.browser.test_request_journey import assert_fits_and_unique


@pytest.mark.django_db(transaction=True)
def test_case_facts_and_replacement_pages_on_a_phone(
    phone_page, login, assert_accessible, screenshot, region
):
    amsterdam = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    manager = UserFactory(
        role=Role.REGIONAL_MANAGER, email="marieke@kring.test", full_name="Marieke de Boer"
    )
    manager.regions.set([region])

    def coordinator(name, languages):
        user = UserFactory(role=Role.COORDINATOR, full_name=name)
        user.regions.set([region])
        CoordinatorProfileFactory(user=user, languages=languages)
        return user

    ayse = coordinator("Ayşe Kaya", ["nl", "tr"])
    coordinator("Anouk Verbeek", ["nl"])
    coordinator("Zeynep Demir", ["tr"])
    req = RequestFactory(municipality=amsterdam, converted=True, requester_name="Sanne Visser")
    case = new_case(
        municipality=amsterdam,
        request=req,
        coordinator=ayse,
        regional_manager=manager,
        in_preparation=True,
        languages=["tr", "nl"],
        preferred_gender="f",
        preferred_culture="Turks",
    )
    set_main_people(
        case,
        [
            {"name": "Ayten Yılmaz", "main_language": "tr", "phone": "+31 6 87654321"},
            {"name": "Elif Yılmaz", "relation": "child", "age": 12, "is_minor": True},
        ],
    )
    CaseFactChange.objects.create(
        case=case,
        field="question",
        old_value="Hoe blijven we in ons huis wonen?",
        new_value=case.question,
        changed_by=manager,
        changed_at=timezone.now(),
    )

    p = phone_page
    login(p, manager.email, TEST_PASSWORD)
    p.goto(f"/trajecten/{case.uuid}/")
    expect(p.get_by_text("Sanne Visser")).to_be_visible()
    expect(p.get_by_text("Ayten Yılmaz")).to_be_visible()
    assert_accessible(p)
    assert_fits_and_unique(p)
    screenshot(p, "traject-hoofdpersonen-telefoon")

    p.get_by_role("link", name="Gegevens wijzigen").click()
    p.wait_for_url(f"**/trajecten/{case.uuid}/gegevens/")
    expect(p.get_by_text("Hoe blijven we in ons huis wonen?")).to_be_visible()
    assert_accessible(p)
    assert_fits_and_unique(p)
    screenshot(p, "traject-gegevens-telefoon")

    p.goto(f"/trajecten/{case.uuid}/")
    p.get_by_role("link", name="Coördinator vervangen").click()
    p.wait_for_url(f"**/trajecten/{case.uuid}/coordinator-vervangen/")
    expect(p.get_by_text("Let op: spreekt geen Türkçe").first).to_be_visible()
    assert_accessible(p)
    assert_fits_and_unique(p)
    screenshot(p, "coordinator-vervangen-telefoon")
    p.get_by_label("Zeynep Demir", exact=False).check()
    p.get_by_label("Waarom vervangt u de coördinator?").fill("Ayşe is voor langere tijd ziek.")
    p.get_by_role("button", name="Coördinator vervangen").click()
    p.wait_for_url(f"**/trajecten/{case.uuid}/")
    expect(p.get_by_text("Coördinatoren van dit traject")).to_be_visible()
    assert_accessible(p)
    assert_fits_and_unique(p)
