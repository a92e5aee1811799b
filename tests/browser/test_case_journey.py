"""Journey: the manager assigns a coordinator from the ranked list; the coordinator declares
independence, records the first contact, and the case moves to "In voorbereiding"."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from kring.cases.models import Case
from kring.cases.states import Status
from kring.cases.tests.factories import new_case
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.core.workdays import add_working_days


def _coordinator(region, email, name, languages, gender="f", culture=""):
    user = UserFactory(role=Role.COORDINATOR, email=email, full_name=name)
    user.regions.set([region])
    CoordinatorProfileFactory(
        user=user, languages=languages, gender=gender, cultural_background=culture
    )
    return user


@pytest.mark.django_db(transaction=True)
def test_manager_assigns_and_coordinator_starts_preparation(
    page, login, assert_accessible, screenshot, region
):
    municipality = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    manager = UserFactory(
        role=Role.REGIONAL_MANAGER, email="marieke@kring.test", full_name="Marieke de Boer"
    )
    manager.regions.set([region])
    ayse = _coordinator(
        region, "ayse@kring.test", "Ayşe Kaya", ["nl", "tr"], culture="Turks-Nederlands"
    )
    _coordinator(region, "anouk@kring.test", "Anouk Verbeek", ["nl", "en"])
    _coordinator(region, "wim@kring.test", "Wim Hoekstra", ["nl", "fy"], gender="m")
    case = new_case(
        municipality=municipality,
        regional_manager=manager,
        reference="EK-2026-00042",
        main_person_names="Emine Öztürk",
        main_person_first_name="Emine",
        question="Hoe kunnen de kinderen weer elke dag naar school?",
        topics=["education", "youth_care"],
        languages=["tr", "nl"],
        preferred_gender="f",
        requested_at=timezone.now() - datetime.timedelta(hours=5),
        contact_due=add_working_days(timezone.localdate(), 3),
    )
    new_case(
        municipality=municipality,
        reference="EK-2026-00031",
        status=Status.REQUESTED,
        contact_due=timezone.localdate() - datetime.timedelta(days=2),
    )

    # The manager: start page, case page, ranked list, assign.
    login(page, manager.email, TEST_PASSWORD)
    assert_accessible(page)
    screenshot(page, "start-regiomanager")
    page.get_by_role("link", name="EK-2026-00042").first.click()
    page.get_by_role("link", name="Coördinator kiezen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Coördinator kiezen")
    first = page.locator(".match").first
    assert "Ayşe Kaya" in first.inner_text()
    assert "Spreekt Türkçe" in first.inner_text()
    assert_accessible(page)
    screenshot(page, "matching")
    page.get_by_label("1. Ayşe Kaya").check()
    page.get_by_role("button", name="Toewijzen").click()
    page.wait_for_url(f"**/trajecten/{case.uuid}/")
    assert "Coördinator toegewezen" in page.locator("h1").inner_text()
    assert_accessible(page)

    # The coordinator: start page, only the first name before declaring, then everything.
    page.context.clear_cookies()
    login(page, ayse.email, TEST_PASSWORD)
    assert_accessible(page)
    screenshot(page, "start-coordinator")
    page.get_by_role("link", name="EK-2026-00042").click()
    assert "Emine" in page.content()
    assert "Öztürk" not in page.content()
    assert "weer elke dag naar school" not in page.content()
    assert_accessible(page)
    screenshot(page, "onafhankelijkheid")
    page.get_by_label("Ik ben onafhankelijk: ik heb geen relatie of belang").check()
    page.get_by_role("button", name="Verklaring versturen").click()
    expect(page.get_by_text("Emine Öztürk")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Met wie").fill("Emine (moeder)")
    page.get_by_label("Hoe").select_option("phone")
    page.get_by_label("Korte notitie").fill("Huisbezoek afgesproken voor donderdag.")
    page.get_by_role("button", name="Eerste contact vastleggen").click()
    assert "In voorbereiding" in page.locator("h1").inner_text()
    expect(page.get_by_role("cell", name="Emine (moeder)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "case-pagina")
    assert Case.objects.get(pk=case.pk).status == Status.IN_PREPARATION


@pytest.mark.django_db(transaction=True)
def test_case_page_works_on_a_phone(phone_page, login, assert_accessible, screenshot, region):
    municipality = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    coordinator = _coordinator(region, "anouk@kring.test", "Anouk Verbeek", ["nl"])
    case = new_case(
        municipality=municipality,
        coordinator=coordinator,
        in_preparation=True,
        main_person_names="Gerrit van Leeuwen",
    )
    login(phone_page, coordinator.email, TEST_PASSWORD)
    phone_page.goto(f"/trajecten/{case.uuid}/")
    expect(phone_page.get_by_text("Gerrit van Leeuwen")).to_be_visible()
    assert_accessible(phone_page)
    screenshot(phone_page, "case-pagina-telefoon")
