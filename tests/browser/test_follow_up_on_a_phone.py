"""After the conference, on a phone (390 px): the coordinator records the check-in call, the
regional manager then records the follow-up meeting with its outcome register (the
coordinator's task and access end at the check-in); a participant answers the survey through
their link, switches reminders off, and the manager reads the answers. Every page axe-clean."""

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.states import Status
from kring.cases.tests.factories import CaseFactory
from kring.followup import reminders, survey
from kring.followup.models import FollowUp, SurveyAnswer
from kring.network.models import Person
from kring.network.states import PersonStatus
from kring.outbox.models import Message
from kring.plans import delivery
from kring.plans.tests.factories import AgreementFactory, PersonFactory, PlanFactory


@pytest.mark.django_db(transaction=True)
def test_follow_up_with_outcomes_survey_and_opt_out_on_a_phone(
    phone_page, login, assert_accessible, screenshot, municipality
):
    page = phone_page
    coordinator = UserFactory(role=Role.COORDINATOR, email="anouk@kring.test")
    coordinator.regions.set([municipality.region])
    manager = UserFactory(role=Role.REGIONAL_MANAGER, email="marieke@kring.test")
    manager.regions.set([municipality.region])
    case = CaseFactory(held=True, coordinator=coordinator, municipality=municipality)
    main = PersonFactory(case=case, main=True, name="Fatima Amrani", email="fatima@example.nl")
    aunt = PersonFactory(case=case, name="Ria Amrani", email="ria@example.nl")
    plan = PlanFactory(case=case, ready=True)
    agreement: Any = AgreementFactory(plan=plan, what="Oma brengt de kinderen naar school.")
    agreement.performers.set([aunt])
    delivery.deliver(case, [main, aunt], actor=coordinator)
    type(case).objects.filter(pk=case.pk).update(
        conference_held_at=timezone.now() - datetime.timedelta(days=30)
    )
    Person.objects.filter(case=case).update(status=PersonStatus.PRESENT)

    # The coordinator phones the main person and records the check-in; their task ends.
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/nabelgesprek/")
    page.get_by_label("Datum van het nabelgesprek").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Nabelgesprek vastleggen").click()
    page.wait_for_url("**/start/")
    page.context.clear_cookies()

    # The regional manager records the follow-up meeting from the case page.
    login(page, manager.email, TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/")
    page.get_by_role("link", name="Vervolgbijeenkomst vastleggen").click()
    expect(page.get_by_role("heading", name="Vervolgbijeenkomsten", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Vervolgbijeenkomst vastleggen").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the error summary, in Dutch
    expect(page.get_by_text("Kies of de centrale vraag beantwoord is").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Datum van de vervolgbijeenkomst").fill(timezone.localdate().isoformat())
    page.get_by_label("Fatima Amrani").check()
    page.get_by_label("Ria Amrani").check()
    progress = page.get_by_role("group", name="Hoe ging het?")
    progress.get_by_label("Deels gedaan").check()
    page.get_by_label("Toelichting").fill("Op woensdag lukt het niet.")
    page.get_by_role("group", name="Zijn de afspraken gedaan?").get_by_label("Deels gedaan").check()
    page.get_by_role("group", name="Is de centrale vraag beantwoord?").get_by_label("Deels").check()
    page.get_by_role("group", name=re.compile("hulp van professionals")).get_by_label(
        "Minder"
    ).check()
    page.get_by_label("Er was geen minimumeis").check()
    page.get_by_label("Wat verandert er aan het plan?").fill("Opa neemt de woensdag over.")
    page.get_by_label("We plannen een nieuwe vervolgbijeenkomst").check()
    next_at = timezone.localtime() + datetime.timedelta(days=42)
    page.get_by_label("Datum en tijd van de volgende vervolgbijeenkomst").fill(
        next_at.strftime("%Y-%m-%dT19:00")
    )
    screenshot(page, "followup-form-phone")
    page.get_by_role("button", name="Vervolgbijeenkomst vastleggen").click()
    expect(page.get_by_text("De vervolgbijeenkomst is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Op woensdag lukt het niet.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "followup-recorded-phone")
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.agreements == "partly"
    case.refresh_from_db()
    assert case.status == Status.FOLLOW_UP

    page.goto("/vervolg/")
    assert_accessible(page)

    # The survey reaches Ria by mail; she answers it on her phone, without her name.
    page.context.clear_cookies()
    survey.send_surveys()
    assert Message.objects.filter(kind="survey.invitation", to=aunt.email).count() == 1
    sent = [m for m in mail.outbox if m.to == [aunt.email]][-1]
    link = re.search(r"https?://\S+/vragenlijst/\S+/", str(sent.body))
    assert link
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Voelde u zich gehoord?").get_by_label("8", exact=True).check()
    page.get_by_role("group", name=re.compile("over het plan")).get_by_label(
        "7", exact=True
    ).check()
    page.get_by_role("group", name=re.compile("over de coördinator")).get_by_label(
        "9", exact=True
    ).check()
    page.get_by_label(re.compile("Wat wilt u ons nog zeggen")).fill("Fijn dat iedereen kwam.")
    screenshot(page, "followup-survey-phone")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", name="Dank u wel")).to_be_visible()
    assert_accessible(page)
    assert SurveyAnswer.objects.get().heard == 8

    # A reminder's opt-out link.
    page.goto(f"/herinneringen/uit/{reminders.opt_out_token(aunt)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Geen herinneringen meer").click()
    expect(page.get_by_text("U krijgt geen herinneringen meer.")).to_be_visible()
    assert_accessible(page)
    aunt.refresh_from_db()
    assert aunt.reminders_off

    # The organisation reads the open answers.
    login(page, manager.email, TEST_PASSWORD)
    page.goto("/vragenlijsten/")
    expect(page.get_by_text("Fijn dat iedereen kwam.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "followup-survey-answers-phone")
