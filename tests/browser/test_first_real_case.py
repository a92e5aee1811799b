"""Issue 9: a real organisation's first real case, from an empty installation to a delivered
plan and its check-in, through Kring's own screens only.

The database starts with one administrator, made the way `manage.py createsuperuser` makes one
(non-interactively, from DJANGO_SUPERUSER_* variables). Everything else (regions, municipalities,
staff, the request, the case, the circle, the conference, the plan) is made in the browser. No
factories, no seed_demo.

Mail really goes through the outbox and the task worker: the tasks backend is the database one
that `make run` uses, and `manage.py worker --batch` sends what is queued (links are read from
the sent mail). Days pass with time-machine (as the unit tests move dates), so the conference,
the attendance and the check-in happen on their own dates.

Every page visited gets `assert_accessible` (axe WCAG 2.1 A/AA, duplicate ids, sideways
scrolling at 390 px, CSP violations).
"""

from __future__ import annotations

import base64
import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import User
from kring.accounts.second_factor import code_for
from kring.accounts.tests.helpers import fresh_code
from kring.cases.models import Case
from kring.cases.states import Status
from kring.core import schedule
from kring.intake.models import Request
from kring.outbox.models import Message, MessageStatus

ADMIN = ("beheer@eigenkracht.test", "Bea Beheer", "een lang wachtwoord voor beheer")
MANAGER = ("marieke@eigenkracht.test", "Marieke de Boer")
COORDINATOR = ("ayse@eigenkracht.test", "Ayşe Kaya")
OTHER_COORDINATOR = ("wim@eigenkracht.test", "Wim Hoekstra")
PROFESSIONAL = ("sanne@jeugdzorg.test", "Sanne Visser")
PASSWORD = "de kring rond de tafel"
MOTHER = ("Ayten Yılmaz", "ayten@voorbeeld.test", "06 12345678")
REQUESTER = ("Fatma Demir", "fatma@voorbeeld.test", "06 87654321")
REQUIREMENT = "De kinderen zijn nooit alleen met vader."

# Every screenshot of this journey: docs/screenshots/first-real-case-<step>.png
SHOT = "first-real-case-{}"


@pytest.fixture
def administrator(db: Any, monkeypatch: pytest.MonkeyPatch) -> User:
    """The only row in an empty installation: `createsuperuser --noinput`."""
    email, name, password = ADMIN
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", email)
    monkeypatch.setenv("DJANGO_SUPERUSER_FULL_NAME", name)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    call_command("createsuperuser", interactive=False, verbosity=0)
    return User.objects.get()


@pytest.fixture
def database_worker(settings: Any) -> Iterator[Callable[[], None]]:
    """Mail as `make run` sends it: queued as a task in the database, sent by the worker.

    The returned function does what one round of `manage.py worker` does: a tick of Kring's
    schedule, then the task loop until nothing is left (`--batch`). In this thread, one after
    the other: the test database is SQLite in shared memory, which locks whole tables, so the
    worker's own schedule thread would only trip over the task loop here.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run() -> None:
        schedule.tick()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    yield run


def _mail_to(address: str, *, contains: str = "") -> Any:
    """The newest mail sent to `address` (optionally with `contains` in its body)."""
    sent = [m for m in mail.outbox if address in m.to and contains in str(m.body)]
    assert sent, f"no mail to {address} with {contains!r}; sent: {[m.to for m in mail.outbox]}"
    return sent[-1]


def _link(message: Any, part: str) -> str:
    found = re.search(rf"https?://\S+{part}\S*", str(message.body))
    assert found, message.body
    return found.group(0).rstrip(".")


def _enrol(page: Any) -> None:
    """First sign-in: connect an authenticator app (the key is read from the page)."""
    page.wait_for_url("**/inloggen/tweede-stap-instellen/")
    key = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(code_for(base64.b32decode(key + "=" * (-len(key) % 8)).hex()))
    page.get_by_role("button", name="Instellen en inloggen").click()
    page.wait_for_url("**/account/herstelcodes/")
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    page.wait_for_url("**/start/")


def _sign_in(page: Any, email: str, password: str, check: Callable[[Any], None]) -> None:
    """Both steps; on the first sign-in the second factor is enrolled."""
    page.context.clear_cookies()
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/inloggen/tweede-stap"))
    if "instellen" in page.url:
        check(page)
        _enrol(page)
    else:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = User.objects.get(email=email)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.get_by_label("Code").fill(fresh_code(user, device.key))
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/start/")
    check(page)


def _activate(page: Any, link: str, check: Callable[[Any], None]) -> None:
    """An invitee opens the activation link, chooses a password and enrols the second step."""
    page.context.clear_cookies()
    page.goto(link)
    page.wait_for_url("**/activeren/")
    check(page)
    page.get_by_label("Nieuw wachtwoord").fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    _enrol(page)
    check(page)


@pytest.mark.django_db(transaction=True)
def test_first_real_case_from_an_empty_installation(
    administrator: User,
    database_worker: Callable[[], None],
    page: Any,
    phone_page: Any,
    assert_accessible: Callable[[Any], None],
    screenshot: Callable[[Any, str], None],
) -> None:
    check = assert_accessible
    run_worker = database_worker
    assert User.objects.count() == 1 and not Case.objects.exists()

    # 1. The administrator signs in (enrolling the second step) and sets up the organisation.
    email, _name, password = ADMIN
    _sign_in(page, email, password, check)
    page.get_by_role("link", name="Organisatie").click()
    check(page)
    page.get_by_role("link", name="Regio's").first.click()
    page.get_by_role("link", name="Regio toevoegen").click()
    check(page)
    page.get_by_label("Naam").fill("Noord-Holland")
    page.get_by_label("Telefoon regiokantoor").fill("020 123 45 67")
    page.get_by_label("E-mail regiokantoor").fill("noord-holland@eigenkracht.test")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Noord-Holland").first).to_be_visible()
    check(page)
    page.goto("/organisatie/gemeenten/")
    page.get_by_role("link", name="Gemeente toevoegen").click()
    check(page)
    page.get_by_label("Code").fill("GM0363")
    page.get_by_label("Naam").fill("Amsterdam")
    page.get_by_label("Regio").select_option(label="Noord-Holland")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Amsterdam").first).to_be_visible()
    check(page)
    screenshot(page, SHOT.format("1-gemeente"))

    # Staff by e-mail: a regional manager, two coordinators (one speaks Turkish), a professional.
    invitations = [
        (MANAGER, "Regiomanager", True, ""),
        (COORDINATOR, "Coördinator", True, ""),
        (OTHER_COORDINATOR, "Coördinator", True, ""),
        (PROFESSIONAL, "Professional", False, "Jeugdzorg Amsterdam"),
    ]
    for (address, name), role, in_region, organisation in invitations:
        page.goto("/organisatie/mensen/")
        page.get_by_role("link", name="Iemand uitnodigen").click()
        page.get_by_label("Naam").fill(name)
        page.get_by_label("E-mailadres").fill(address)
        page.get_by_label("Rol").select_option(label=role)
        if in_region:
            page.get_by_label("Noord-Holland").check()
        if organisation:
            page.get_by_role("textbox", name=re.compile("^Organisatie")).fill(organisation)
        if address == PROFESSIONAL[0]:
            check(page)
            screenshot(page, SHOT.format("2-uitnodigen"))
        page.get_by_role("button", name="Uitnodiging versturen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        check(page)

    # Nothing has left yet: the worker sends the queued invitations.
    assert not mail.outbox
    assert Message.objects.filter(status=MessageStatus.QUEUED).count() == 4
    run_worker()
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 4
    for (address, _n), *_rest in invitations:
        message = _mail_to(address)
        html = message.alternatives[0].content if message.alternatives else ""
        assert "&lt;p&gt;" not in html and 'href="http' in html  # finding 4: real HTML
        _activate(phone_page, _link(message, "/activeren/"), check)
    screenshot(phone_page, SHOT.format("3-geactiveerd-telefoon"))

    # 2. The regional manager records the coordinators' languages and training; each coordinator
    # signs the declaration of independence on their own profile page.
    manager_email, _m = MANAGER
    _sign_in(page, manager_email, PASSWORD, check)
    for (_address, name), languages, gender in (
        (COORDINATOR, ("Nederlands", "Türkçe"), "Vrouw"),
        (OTHER_COORDINATOR, ("Nederlands",), "Man"),
    ):
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Coördinatoren"
        ).click()
        check(page)
        page.get_by_role("link", name=name).click()
        check(page)
        for language in languages:
            page.get_by_label(language, exact=True).check()
        page.get_by_label("Gender").select_option(label=gender)
        page.get_by_label("Training afgerond op").fill("2025-06-12")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("Het profiel is opgeslagen.")).to_be_visible()
        check(page)
    for address, _n in (COORDINATOR, OTHER_COORDINATOR):
        _sign_in(phone_page, address, PASSWORD, check)
        phone_page.goto("/mijn-profiel/")
        check(phone_page)
        phone_page.get_by_label("Ik verklaar dat dit klopt").check()
        phone_page.get_by_role("button", name="Verklaring tekenen").click()
        expect(phone_page.get_by_text("De verklaring is getekend.")).to_be_visible()
        check(phone_page)

    # 3. A neighbour files a request on a phone for a Turkish-speaking mother and her son.
    citizen = phone_page
    citizen.context.clear_cookies()
    citizen.goto("/")
    check(citizen)
    citizen.get_by_role("link", name="Een conferentie aanvragen").first.click()
    citizen.wait_for_url("**/aanvraag/")
    check(citizen)
    requester, requester_email, requester_phone = REQUESTER
    mother, mother_email, mother_phone = MOTHER
    citizen.get_by_label("Naam van de aanvrager").fill(requester)
    citizen.get_by_label("Familie of bekende").check()
    citizen.get_by_label("Telefoonnummer").first.fill(requester_phone)
    citizen.get_by_label("E-mailadres").first.fill(requester_email)
    citizen.locator("#id_persoon-0-name").fill(mother)
    citizen.locator("#id_persoon-0-relation").select_option("parent")
    citizen.locator("#id_persoon-0-main_language").select_option("tr")
    citizen.locator("#id_persoon-0-phone").fill(mother_phone)
    citizen.locator("#id_persoon-0-email").fill(mother_email)
    citizen.get_by_role("button", name="Nog een hoofdpersoon toevoegen").click()
    citizen.locator("#id_persoon-1-name").fill("Emre Yılmaz")
    citizen.locator("#id_persoon-1-relation").select_option("child")
    citizen.locator("#id_persoon-1-main_language").select_option("tr")
    citizen.locator("#id_persoon-1-is_minor").check()
    citizen.locator("#id_persoon-1-age").fill("10")
    citizen.locator("#id_minors_involved_0").check()
    citizen.get_by_label("In welke gemeente woont de hoofdpersoon?").select_option(
        label="Amsterdam"
    )
    citizen.get_by_label("Een vrouw").check()
    citizen.get_by_label("Wat is uw vraag?").fill(
        "Hoe kan Emre veilig thuis blijven wonen, met hulp van de familie?"
    )
    citizen.get_by_label("Huiselijk geweld").check()
    citizen.locator("#id_safety_at_stake_0").check()
    citizen.locator("#id_court_measure_0").check()
    citizen.get_by_label("Een Eigen Kracht-conferentie aanvragen").check()
    citizen.get_by_label("Ik geef toestemming").check()
    check(citizen)
    screenshot(citizen, SHOT.format("4-aanvraag-telefoon"))
    citizen.get_by_role("button", name="Aanvraag versturen").click()
    citizen.wait_for_url(re.compile(r".*/aanvraag/ontvangen/.*"))
    check(citizen)
    request = Request.objects.get()
    assert list(request.people.values_list("name", "main_language")) == [
        (mother, "tr"),
        ("Emre Yılmaz", "tr"),
    ]
    run_worker()
    _mail_to(requester_email, contains=request.reference)
    assert len([m for m in mail.outbox if requester_email in m.to]) == 1

    # 4. The manager calls, triages (the variant) and assigns the Turkish-speaking coordinator,
    # shown first with the reason.
    page.get_by_role("link", name="Aanvragen", exact=True).click()
    check(page)
    page.get_by_role("link", name=request.reference).click()
    check(page)
    page.get_by_label("Wat is besproken?").fill("Gebeld met de buurvrouw; moeder wil graag.")
    page.get_by_role("button", name="Contact vastleggen").click()
    page.wait_for_url(f"**/aanvragen/{request.uuid}/")
    check(page)
    page.get_by_label("Familie / individu").check()
    screenshot(page, SHOT.format("5-triage"))
    page.get_by_role("button", name="Traject starten").click()
    case = Case.objects.get(request=request)
    page.wait_for_url(f"**/trajecten/{case.uuid}/")
    check(page)
    page.get_by_role("link", name="Coördinator kiezen").click()
    check(page)
    first = page.locator(".match").first
    expect(first).to_contain_text(COORDINATOR[1])
    expect(first).to_contain_text("Spreekt Türkçe, de hoofdtaal van het gezin")
    second = page.locator(".match").nth(1)
    expect(second).to_contain_text("Let op: spreekt geen Türkçe")
    screenshot(page, SHOT.format("6-coordinator-kiezen"))
    page.get_by_label(f"1. {COORDINATOR[1]}").check()
    page.get_by_role("button", name="Toewijzen").click()
    page.wait_for_url(f"**/trajecten/{case.uuid}/")
    check(page)
    case.refresh_from_db()
    assert case.coordinator is not None and case.coordinator.email == COORDINATOR[0]
    assert case.variant == "family"

    # 5. The coordinator declares independence, sees who asked and how to reach them (finding
    # 2), records the first contact.
    coordinator_email, _c = COORDINATOR
    _sign_in(page, coordinator_email, PASSWORD, check)
    page.get_by_role("link", name=case.reference).click()
    check(page)
    page.get_by_label("Ik ben onafhankelijk: ik heb geen relatie of belang").check()
    page.get_by_role("button", name="Verklaring versturen").click()
    requester_card = page.locator("#aanvrager").locator("..")
    expect(requester_card).to_contain_text(requester)
    expect(requester_card).to_contain_text("+31 6 87654321")
    expect(requester_card).to_contain_text(requester_email)
    check(page)
    page.get_by_label("Met wie").fill("Ayten (moeder)")
    page.get_by_label("Hoe").select_option("phone")
    page.get_by_label("Korte notitie").fill("Huisbezoek afgesproken.")
    page.get_by_role("button", name="Eerste contact vastleggen").click()
    expect(page.locator("h1")).to_contain_text("In voorbereiding")
    check(page)
    screenshot(page, SHOT.format("7-traject-coordinator"))

    # 6. The circle: the mother in the middle, her sister, the father (a restraining order with
    # the mother) and the professional from youth care.
    page.goto(f"/trajecten/{case.uuid}/kring/")
    check(page)
    page.get_by_role("button", name=re.compile("in het midden zetten")).click()
    check(page)
    circle = [
        ("Elif Yılmaz", "Broer of zus", "Familie", "elif@voorbeeld.test", ""),
        ("Mehmet Yılmaz", "Ex-partner", "Familie", "mehmet@voorbeeld.test", ""),
        (PROFESSIONAL[1], "Professional", "Professionals", PROFESSIONAL[0], "Jeugdzorg Amsterdam"),
    ]
    for name, relation, ring, address, organisation in circle:
        page.goto(f"/trajecten/{case.uuid}/kring/nieuw/")
        check(page)
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Relatie tot de hoofdpersoon").select_option(label=relation)
        page.get_by_label("Kring", exact=True).select_option(label=ring)
        page.get_by_label("E-mail").fill(address)
        if name == "Elif Yılmaz":  # the mother's sister reads Arabic best
            page.locator("#id_language").select_option("ar")
        if organisation:
            page.get_by_label("Organisatie").fill(organisation)
        page.get_by_role("button", name="Toevoegen", exact=True).click()
        page.wait_for_url(f"**/trajecten/{case.uuid}/kring/")
    check(page)
    page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    page.get_by_text("Contactbeperking toevoegen").click()
    page.get_by_label("Persoon", exact=True).select_option(label="Mehmet Yılmaz")
    page.get_by_label("Mag niet samen zijn met").select_option(label=mother)
    page.get_by_label("Soort").select_option(index=1)
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("heading", name="Contactbeperkingen")).to_be_visible()
    check(page)
    # Until he is known not to come, the restriction blocks planning; he says so by phone.
    page.goto(f"/trajecten/{case.uuid}/kring/")
    page.get_by_role("link", name="Mehmet Yılmaz").first.click()
    status = page.locator("section", has=page.get_by_role("heading", name="Status aanpassen"))
    status.get_by_label("Status").select_option("not_coming")
    status.get_by_role("button", name="Opslaan").click()
    check(page)

    # Consent, then the invitations by e-mail; the professional is invited from her place in
    # the circle to Kring itself (her account exists: it is linked, finding 1).
    # The mother agrees that the father is involved, but he will not come.
    for name in (mother, "Elif Yılmaz", "Mehmet Yılmaz", PROFESSIONAL[1]):
        page.goto(f"/trajecten/{case.uuid}/kring/")
        page.get_by_role("link", name=name).first.click()
        if name != mother:  # the main person gives consent; nobody records it for her
            page.get_by_role("button", name="Toestemming vastleggen").click()
        check(page)
        if name != "Mehmet Yılmaz":
            page.get_by_role("button", name="Uitnodiging e-mailen").click()
            expect(page.get_by_text("De uitnodiging wordt verstuurd.")).to_be_visible()
    page.get_by_role("button", name="Uitnodigen voor Kring").click()
    expect(page.get_by_role("status")).to_contain_text("heeft al een account")
    check(page)
    screenshot(page, SHOT.format("8-professional-gekoppeld"))
    run_worker()
    linked = User.objects.get(email=PROFESSIONAL[0])
    assert case.people.get(name=PROFESSIONAL[1]).user == linked

    # 7. The professional signs in, finds this case (and only this one) and sets a minimumeis.
    _sign_in(phone_page, PROFESSIONAL[0], PASSWORD, check)
    phone_page.get_by_role("link", name=case.reference).click()
    check(phone_page)
    phone_page.goto(f"/trajecten/{case.uuid}/veiligheid/")
    check(phone_page)
    phone_page.get_by_text("Minimumeis toevoegen").click()
    phone_page.get_by_label("Minimumeis", exact=True).fill(REQUIREMENT)
    phone_page.get_by_label("Gesteld door").select_option(label=PROFESSIONAL[1])
    phone_page.get_by_role("textbox", name=re.compile("^Organisatie")).fill("Jeugdzorg Amsterdam")
    phone_page.get_by_role("button", name="Minimumeis vastleggen").click()
    expect(phone_page.get_by_text("De minimumeis is vastgelegd.")).to_be_visible()
    check(phone_page)
    screenshot(phone_page, SHOT.format("9-minimumeis-telefoon"))

    # 8. The invitees answer through the links in their mail, on a phone.
    answers = {mother_email: "coming", "elif@voorbeeld.test": "coming", PROFESSIONAL[0]: "coming"}
    for address, answer in answers.items():
        message = _mail_to(address, contains="/u/")
        phone_page.context.clear_cookies()
        phone_page.goto(_link(message, "/u/"))
        check(phone_page)
        html = phone_page.locator("html")
        if address == mother_email:
            # The mother's main language is Turkish: her mail and her page speak it.
            assert "Uitnodiging" not in message.subject
            assert html.get_attribute("lang") == "tr"
            expect(phone_page.get_by_role("button", name="Cevabı gönder")).to_be_visible()
            screenshot(phone_page, SHOT.format("10-rsvp-moeder-telefoon"))
        elif address == "elif@voorbeeld.test":
            # Her sister's page is Arabic, right to left.
            assert html.get_attribute("lang") == "ar"
            assert html.get_attribute("dir") == "rtl"
            expect(phone_page.get_by_role("button", name="أرسل الجواب")).to_be_visible()
            screenshot(phone_page, SHOT.format("10-rsvp-zus-arabisch-telefoon"))
        phone_page.locator(f"input[name=status][value={answer}]").check()
        phone_page.locator("form.rsvp-form button[type=submit]").click()
        phone_page.wait_for_load_state()
        check(phone_page)
    assert case.people.get(name=mother).status == "coming"

    # 9. The conference is planned for two weeks from now; the .ics invitations go out.
    conference_day = timezone.localdate() + datetime.timedelta(days=14)
    _sign_in(page, coordinator_email, PASSWORD, check)
    page.goto(f"/trajecten/{case.uuid}/conferentie/")
    page.locator("#id_date").fill(conference_day.isoformat())
    page.locator("#id_start").fill("10:00")
    page.get_by_label("Eindtijd").fill("14:00")
    page.get_by_label("Plaats").fill("Buurthuis De Pijp")
    page.get_by_label("Adres").fill("Van Ostadestraat 10, Amsterdam")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De praktische zaken zijn opgeslagen.")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Conferentie plannen").click()
    expect(page.get_by_text("De conferentie is gepland.")).to_be_visible()
    check(page)
    screenshot(page, SHOT.format("11-conferentie-gepland"))
    run_worker()
    assert Case.objects.get(pk=case.pk).status == Status.CONFERENCE_SCHEDULED
    # Attendance before the day: the page says from when (finding 6).
    page.goto(f"/trajecten/{case.uuid}/aanwezigheid/")
    expect(page.get_by_text("Vanaf die dag legt u hier vast wie er was.")).to_be_visible()
    check(page)

    # 10. The day of the conference (time moves as in the unit tests).
    day = timezone.make_aware(datetime.datetime.combine(conference_day, datetime.time(15, 0)))
    with time_machine.travel(day, tick=True):
        _sign_in(page, coordinator_email, PASSWORD, check)
        page.goto(f"/trajecten/{case.uuid}/aanwezigheid/")
        check(page)
        for name in (mother, "Elif Yılmaz"):
            group = page.get_by_role("group", name=re.compile(name))
            for part in ("Deel 1", "Deel 2", "Deel 3"):
                group.get_by_label(re.compile(part)).check()
        page.get_by_role("group", name=re.compile(PROFESSIONAL[1])).get_by_label(
            re.compile("Deel 1")
        ).check()
        page.get_by_role("button", name="Aanwezigheid opslaan").click()
        page.wait_for_url(f"**/trajecten/{case.uuid}/plan/")
        check(page)

        # The plan, with an agreement that meets the minimumeis.
        page.get_by_role("button", name="Plan opschrijven").click()
        page.get_by_role("link", name="Plan bewerken").click()
        check(page)
        page.get_by_label("Als het anders gaat").fill("Als Elif ziek is, belt Ayten de buurvrouw.")
        follow_up = conference_day + datetime.timedelta(days=42)
        page.get_by_label("Datum en tijd vervolgbijeenkomst").fill(f"{follow_up.isoformat()}T19:30")
        page.get_by_label("Plaats vervolgbijeenkomst").fill("Bij Ayten thuis")
        page.get_by_label("Wie organiseert de vervolgbijeenkomst").fill("Elif Yılmaz")
        agreed = page.get_by_role("group", name=re.compile("eens met het plan"))
        for name in (mother, "Elif Yılmaz"):
            agreed.get_by_label(name).check()
        page.get_by_role("button", name="Plan opslaan").click()
        page.get_by_role("link", name="Afspraak toevoegen").click()
        check(page)
        page.get_by_label("Wat gaat er gebeuren").fill("Elif is erbij als vader Emre ziet.")
        page.get_by_role("group", name=re.compile("Wie doet het")).get_by_label(
            "Elif Yılmaz"
        ).check()
        page.get_by_label("Wanneer is het klaar").fill(
            (conference_day + datetime.timedelta(days=7)).isoformat()
        )
        page.get_by_label("Hoe weet iedereen dat het gedaan is").fill("Elif belt Ayten.")
        page.get_by_role("group", name=re.compile("minimumeis")).get_by_label(
            re.compile(REQUIREMENT)
        ).check()
        page.get_by_role("button", name="Afspraak opslaan").click()
        expect(page.get_by_role("cell", name="Elif is erbij als vader Emre ziet.")).to_be_visible()
        check(page)
        screenshot(page, SHOT.format("12-plan"))

        # The professional assesses the plan against her minimumeis.
        _sign_in(phone_page, PROFESSIONAL[0], PASSWORD, check)
        expect(phone_page.get_by_text("1 minimumeis te beoordelen")).to_be_visible()
        phone_page.get_by_role("link", name=case.reference).click()
        phone_page.get_by_role("link", name=re.compile("Plan beoordelen")).click()
        check(phone_page)
        phone_page.get_by_label("Voldoet", exact=True).check()
        phone_page.get_by_label("Toelichting").fill("De afspraak met Elif regelt dit.")
        phone_page.get_by_role("button", name="Oordeel vastleggen").click()
        expect(phone_page.get_by_text("Uw oordeel is vastgelegd.")).to_be_visible()
        check(phone_page)
        screenshot(phone_page, SHOT.format("13-beoordeling-telefoon"))

        # Delivery: nobody is ticked; the father (restraining order) carries a warning and is
        # not sent the plan.
        page.goto(f"/trajecten/{case.uuid}/plan/versturen/")
        check(page)

        def recipient(name: str) -> Any:
            row = page.locator(".plans-recipient", has_text=name)
            return row.locator("input[name=recipients]")

        assert not recipient("Mehmet Yılmaz").is_checked()
        expect(page.locator(".plans-recipient--caution")).to_contain_text("Mehmet Yılmaz")
        assert not recipient("Elif Yılmaz").is_checked()
        recipient("Elif Yılmaz").check()
        if not recipient(mother).is_disabled():
            assert not recipient(mother).is_checked()
            recipient(mother).check()
        screenshot(page, SHOT.format("14-plan-versturen"))
        page.get_by_role("button", name="Plan versturen").click()
        expect(page.get_by_text("Versie 1 van het plan is verstuurd.")).to_be_visible()
        check(page)
        run_worker()
        assert not [m for m in mail.outbox if "mehmet@voorbeeld.test" in m.to]
        plan_mail = _mail_to("elif@voorbeeld.test", contains="/plan/")
        phone_page.context.clear_cookies()
        phone_page.goto(_link(plan_mail, "/plan/"))
        expect(phone_page.get_by_text("Elif is erbij als vader Emre ziet.").first).to_be_visible()
        check(phone_page)

        # The check-in cannot be recorded yet: the page says from when.
        page.goto(f"/trajecten/{case.uuid}/nabelgesprek/")
        expect(page.get_by_text(re.compile("U kunt het vastleggen vanaf"))).to_be_visible()
        check(page)

    # 11. Four weeks after the conference the check-in is due and recorded; the task ends.
    with time_machine.travel(day + datetime.timedelta(days=29), tick=True):
        _sign_in(page, coordinator_email, PASSWORD, check)
        page.get_by_role("link", name=case.reference).click()
        check(page)
        page.get_by_role("link", name="Nabelgesprek vastleggen").click()
        check(page)
        page.get_by_label("Datum van het nabelgesprek").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="Nabelgesprek vastleggen").click()
        expect(page.get_by_text("Uw taak bij")).to_be_visible()
        check(page)
        screenshot(page, SHOT.format("15-nabelgesprek"))
    case.refresh_from_db()
    assert case.check_in_done_at is not None
