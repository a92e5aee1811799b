"""The manager's outcome and satisfaction figures at 390 px: follow-ups recorded and a survey
answered through `kring.followup`'s services, then the worker's refresh, then the dashboard
(checked with axe; the screenshot is in docs/screenshots)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from kring.cases.states import Status
from kring.cases.tests.factories import CaseFactory
from kring.followup import survey
from kring.followup.meetings import Outcomes, record_follow_up
from kring.network.models import Ring
from kring.network.states import PersonStatus
from kring.plans.tests.factories import PersonFactory
from kring.reporting.tasks import refresh_figures


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T12:00"))


@pytest.mark.django_db(transaction=True)
def test_manager_sees_outcomes_and_satisfaction_on_a_phone(
    phone_page, login, assert_accessible, screenshot, region
):
    place = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    manager = UserFactory(role=Role.REGIONAL_MANAGER, email="rm@kring.test")
    manager.regions.set([region])
    case = CaseFactory(
        municipality=place,
        status=Status.CHECK_IN_DONE,
        requested_at=at("2026-03-02"),
        conference_held_at=at("2026-04-13"),
        plan_delivered_at=at("2026-04-20"),
    )
    people = [
        PersonFactory(case=case, ring=ring, status=PersonStatus.PRESENT, professional=prof)
        for ring, prof in (
            (Ring.FAMILY, False),
            (Ring.COMMUNITY, False),
            (Ring.PROFESSIONALS, True),
        )
    ]
    for day, codes, next_day in (
        ("2026-06-01", ("partly", "partly", "same", "none"), "2026-10-10"),
        ("2026-10-10", ("done", "yes", "reduced", "none"), None),
    ):
        with time_machine.travel(at(day), tick=False):
            record_follow_up(
                case,
                held_on=datetime.date.fromisoformat(day),
                present=people,
                steps=[],
                outcomes=Outcomes(*codes),
                changes="",
                next_at=at(next_day) if next_day else None,
                close=next_day is None,
                actor=manager,
            )
    for person, scores in zip(people, [(8, 9, 9), (7, 8, 10), (6, 7, 8)], strict=True):
        survey.answer(
            person, heard=scores[0], plan=scores[1], coordinator=scores[2], open_answer=""
        )
    refresh_figures.call()  # the first run computes every flow

    page = phone_page
    login(page, manager.email, TEST_PASSWORD)
    page.goto("/cijfers/?van=2026-03&tot=2026-03")
    outcomes = page.locator("#uitkomsten")
    expect(outcomes.get_by_role("heading", level=2)).to_have_text(
        "Uitkomsten bij de vervolgbijeenkomsten"
    )
    expect(outcomes.locator("svg[role=img]")).to_be_visible()
    satisfaction = page.locator("#tevredenheid")
    expect(satisfaction.locator("tbody tr").first).to_contain_text("Gehoord gevoeld")
    expect(satisfaction.locator("tbody tr").first).to_contain_text("Deelnemers2")
    assert_accessible(page)
    screenshot(page, "reporting-outcomes-phone")
