"""From an installation with one administrator to a working organisation, through the screens."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kring.accounts.models import Municipality, Region, Role, User
from kring.accounts.second_factor import code_for
from kring.accounts.tests.helpers import enrol, fresh_code, sign_in
from kring.audit.models import AuditEvent
from kring.outbox.models import Message

pytestmark = pytest.mark.django_db

PASSWORD = "een zin van een paar woorden"


def _activation_path(email: str) -> str:
    text = Message.objects.filter(to=email).latest("id").text
    found = re.search(r"testserver(/activeren/[^/\s]+/)", text)
    assert found is not None
    return found.group(1)


def _activate_and_enrol(client: Client, email: str) -> None:
    """Open the mailed link, choose a password, connect an authenticator app."""
    response = client.get(_activation_path(email))
    assert response["Location"] == reverse("accounts:activation")
    page = client.get(reverse("accounts:activation"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:activation"), {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:enrol")
    client.get(reverse("accounts:enrol"))
    secret = client.session["kring_enrol_secret"]
    response = client.post(reverse("accounts:enrol"), {"code": code_for(secret)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    assert client.get(reverse("portal:start")).status_code == 200


def test_an_administrator_sets_up_the_organisation_through_the_screens(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        email="beheer@organisatie.test",
        full_name="Eerste Beheerder",
        verbosity=0,
    )
    admin = User.objects.get()
    assert admin.role == Role.ADMIN
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": admin.email, "password": PASSWORD})
    browser.get(reverse("accounts:enrol"))
    browser.post(
        reverse("accounts:enrol"), {"code": code_for(browser.session["kring_enrol_secret"])}
    )
    assert browser.get(reverse("accounts:organisation")).status_code == 200

    # A region and its municipalities.
    response = browser.post(
        reverse("accounts:add_region"),
        {"name": "Noord", "office_phone": "050 - 123 45 67", "contact_deadline_days": "3"},
    )
    assert response.status_code == 302
    noord = Region.objects.get(name="Noord")
    browser.post(reverse("accounts:add_region"), {"name": "Zuid", "contact_deadline_days": "5"})
    response = browser.post(
        reverse("accounts:add_municipality"),
        {"code": "gm0014", "name": "Groningen", "region": noord.pk},
    )
    assert response.status_code == 302
    upload = SimpleUploadedFile(
        "gemeenten.csv", b"code;naam\nGM0014;Groningen\nGM0080;Leeuwarden\n"
    )
    response = browser.post(
        reverse("accounts:import_municipalities"),
        {"file": upload, "default_region": noord.pk},
    )
    assert response.status_code == 302
    assert set(Municipality.objects.values_list("code", flat=True)) == {"GM0014", "GM0080"}

    # A regional manager, invited by e-mail (through the outbox), activates.
    response = browser.post(
        reverse("accounts:invite"),
        {
            "full_name": "Marieke de Boer",
            "email": "Marieke@Organisatie.test",
            "role": Role.REGIONAL_MANAGER,
            "regions": [noord.pk],
        },
    )
    assert response.status_code == 302
    manager = User.objects.get(email="marieke@organisatie.test")
    assert not manager.has_usable_password()
    manager_browser = Client()
    _activate_and_enrol(manager_browser, manager.email)

    # The manager invites a coordinator for their own region only.
    zuid = Region.objects.get(name="Zuid")
    refused = manager_browser.post(
        reverse("accounts:invite"),
        {
            "full_name": "Anouk",
            "email": "anouk@organisatie.test",
            "role": Role.COORDINATOR,
            "regions": [zuid.pk],
        },
    )
    assert refused.status_code == 400
    assert "Kies alleen regio" in refused.content.decode()
    refused = manager_browser.post(
        reverse("accounts:invite"),
        {"full_name": "Baas", "email": "baas@organisatie.test", "role": Role.REGIONAL_MANAGER},
    )
    assert refused.status_code == 400
    response = manager_browser.post(
        reverse("accounts:invite"),
        {
            "full_name": "Anouk Verbeek",
            "email": "anouk@organisatie.test",
            "role": Role.COORDINATOR,
            "regions": [noord.pk],
        },
    )
    assert response.status_code == 302
    coordinator_browser = Client()
    _activate_and_enrol(coordinator_browser, "anouk@organisatie.test")
    coordinator = User.objects.get(email="anouk@organisatie.test")
    assert list(coordinator.regions.all()) == [noord]
    # The manager sees the coordinator in the staff list.
    assert "Anouk Verbeek" in manager_browser.get(reverse("accounts:people")).content.decode()
    # Every event has a key that reads in words, and audit rows name no one and no address.
    from kring.audit.events import known_keys

    assert {e.key for e in AuditEvent.objects.all()} <= known_keys()
    for event in AuditEvent.objects.all():
        row = f"{event.object_id} {event.changes} {event.reason} {event.message}"
        assert "organisatie.test" not in row
        assert "Anouk" not in row and "Marieke" not in row


def test_an_activation_link_works_once(client, admin_user, client_for):
    client_for(admin_user).post(
        reverse("accounts:invite"),
        {"full_name": "P", "email": "p@kring.test", "role": Role.ADMIN},
    )
    path = _activation_path("p@kring.test")
    _activate_and_enrol(client, "p@kring.test")
    again = Client().get(path)
    assert again.status_code == 404
    assert "Deze link werkt niet meer" in again.content.decode()


def test_an_activation_link_expires_after_seven_days(admin_user, client_for):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client_for(admin_user).post(
            reverse("accounts:invite"),
            {"full_name": "P", "email": "p@kring.test", "role": Role.ADMIN},
        )
        traveller.shift(datetime.timedelta(days=7, minutes=1))
        assert Client().get(_activation_path("p@kring.test")).status_code == 404


def test_a_resent_invitation_replaces_the_earlier_link(admin_user, client_for, make_user):
    admin = client_for(admin_user)
    admin.post(
        reverse("accounts:invite"),
        {"full_name": "P", "email": "p@kring.test", "role": Role.PROFESSIONAL},
    )
    first = _activation_path("p@kring.test")
    invitee = User.objects.get(email="p@kring.test")
    admin.post(reverse("accounts:resend_invitation", args=[invitee.uuid]))
    second = _activation_path("p@kring.test")
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 302


def test_deactivating_someone_ends_their_session_at_once(client_for, manager, coordinator):
    secret = enrol(coordinator)
    theirs = Client()
    sign_in(theirs, coordinator, secret)
    assert theirs.get(reverse("portal:start")).status_code == 200
    response = client_for(manager).post(
        reverse("accounts:deactivate_person", args=[coordinator.uuid])
    )
    assert response.status_code == 302
    assert theirs.get(reverse("portal:start")).status_code == 302
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    assert AuditEvent.objects.filter(key="account.deactivated").exists()
    # And they cannot sign in again.
    again = Client().post(
        reverse("accounts:login"),
        {"username": coordinator.email, "password": "een-goed-wachtwoord-42"},
    )
    assert again.status_code == 200


def test_a_new_role_ends_someones_sessions(client_for, admin_user, manager):
    secret = enrol(manager)
    theirs = Client()
    sign_in(theirs, manager, secret)
    response = client_for(admin_user).post(
        reverse("accounts:change_person", args=[manager.uuid]),
        {
            "full_name": manager.full_name,
            "role": Role.COORDINATOR,
            "regions": [r.pk for r in manager.regions.all()],
        },
    )
    assert response.status_code == 302
    assert theirs.get(reverse("portal:start")).status_code == 302
    manager.refresh_from_db()
    assert manager.role == Role.COORDINATOR
    event = AuditEvent.objects.get(key="account.changed")
    assert event.changes["fields"] == ["role"]
    # A name change alone keeps the session.
    sign_in(theirs, manager, secret)
    client_for(admin_user).post(
        reverse("accounts:change_person", args=[manager.uuid]),
        {
            "full_name": "Nieuwe Naam",
            "role": Role.COORDINATOR,
            "regions": [r.pk for r in manager.regions.all()],
        },
    )
    assert theirs.get(reverse("portal:start")).status_code == 200


def test_a_manager_keeps_only_the_coordinators_of_their_regions(
    client_for, manager, make_user, other_region, region
):
    own = make_user(Role.COORDINATOR)
    both = make_user(Role.COORDINATOR, regions=[region, other_region])
    elsewhere = make_user(Role.COORDINATOR, regions=[other_region])
    c = client_for(manager)
    assert c.get(reverse("accounts:person", args=[elsewhere.uuid])).status_code == 404
    assert c.get(reverse("accounts:person", args=[manager.uuid])).status_code == 404
    page = c.get(reverse("accounts:people")).content.decode()
    # Names as the page writes them: a Dutch name may hold an apostrophe ("van 't Erve").
    assert escape(own.full_name) in page and escape(elsewhere.full_name) not in page
    # Changing a coordinator who also works elsewhere keeps the other region untouched.
    c.post(
        reverse("accounts:change_person", args=[both.uuid]),
        {"full_name": both.full_name, "role": Role.COORDINATOR, "regions": [region.pk]},
    )
    assert set(both.regions.all()) == {region, other_region}
    # ... and a manager can never make someone a manager.
    response = c.post(
        reverse("accounts:change_person", args=[own.uuid]),
        {"full_name": own.full_name, "role": Role.ADMIN, "regions": [region.pk]},
    )
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_nobody_deactivates_themself(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("accounts:deactivate_person", args=[admin_user.uuid])
    )
    assert response.status_code == 403


def test_an_administrator_wipes_a_lost_second_factor(client_for, admin_user, manager):
    secret = enrol(manager)
    theirs = Client()
    sign_in(theirs, manager, secret)
    client_for(admin_user).post(reverse("accounts:reset_second_factor", args=[manager.uuid]))
    assert theirs.get(reverse("portal:start")).status_code == 302
    response = Client().post(
        reverse("accounts:login"), {"username": manager.email, "password": "een-goed-wachtwoord-42"}
    )
    assert response["Location"] == reverse("accounts:enrol")


def test_a_region_can_be_made_inactive_and_is_no_longer_offered(client_for, admin_user, region):
    c = client_for(admin_user)
    c.post(reverse("accounts:toggle_region", args=[region.uuid]))
    region.refresh_from_db()
    assert not region.active
    form = c.get(reverse("accounts:invite")).content.decode()
    assert f'value="{region.pk}"' not in form
    assert AuditEvent.objects.filter(key="region.deactivated").exists()


def test_region_form_errors_are_plain_dutch(client_for, admin_user, region):
    response = client_for(admin_user).post(
        reverse("accounts:add_region"), {"name": region.name, "contact_deadline_days": "99"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Er is al een regio met deze naam." in body
    assert "Kies een getal van 1 tot en met 30." in body


def test_staff_forms_have_no_english_left(client_for, admin_user, region):
    c = client_for(admin_user)
    for url in (
        reverse("accounts:invite"),
        reverse("accounts:add_municipality"),
        reverse("accounts:import_municipalities"),
    ):
        body = c.get(url).content.decode()
        assert "Select an option" not in body and "---------" not in body, url
        assert "– Kies –" in body, url


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "geen CSV-bestand"),
        (b"GM0363;" + b"A" * 200_000 + b"\n", "geen leesbare CSV"),
        (b"GM0363;Amsterdam\nGM0363;Amsterdam\n", "stond al op regel 1"),
        (b"GM0363;" + b"B" * 150 + b"\n", "langer dan 100 tekens"),
    ],
)
def test_the_csv_import_refuses_bad_files_plainly(client_for, admin_user, region, content, message):
    upload = SimpleUploadedFile("gemeenten.csv", content)
    response = client_for(admin_user).post(
        reverse("accounts:import_municipalities"), {"file": upload, "default_region": region.pk}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Municipality.objects.exists()


def test_admin_changes_are_audited_and_declarations_are_read_only(client_for, admin_user, region):
    c = client_for(admin_user)
    url = reverse("admin:accounts_region_change", args=[region.pk])
    response = c.post(
        url,
        {
            "name": "Noord-Holland Zuid",
            "slug": region.slug,
            "office_phone": region.office_phone,
            "contact_deadline_days": "4",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(key="admin.changed")
    assert event.changes["model"] == "accounts.region"
    assert event.actor == admin_user
    assert c.get(reverse("admin:cases_independencedeclaration_add")).status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_people_list_exact_query_count(
    client_for, admin_user, make_user, rows, django_assert_num_queries
):
    for _ in range(rows):
        make_user(Role.COORDINATOR)
    c = client_for(admin_user)
    # session, user, page of people, their regions, and the capped count only when the list
    # is longer than its first page (a first page that holds it all counts its own rows)
    more_than_a_page = User.objects.count() > 25
    with django_assert_num_queries(5 if more_than_a_page else 4):
        response = c.get(reverse("accounts:people"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_regions_and_municipalities_exact_query_count(
    client_for, admin_user, rows, django_assert_num_queries
):
    for n in range(rows):
        region = Region.objects.create(name=f"Regio {n}", slug=f"regio-{n}")
        Municipality.objects.create(code=f"GM{n:04d}", name=f"Gemeente {n}", region=region)
    c = client_for(admin_user)
    # session, user, page of regions with counts, and the capped count only when the list is
    # longer than its first page of 50
    with django_assert_num_queries(4 if Region.objects.count() > 50 else 3):
        assert c.get(reverse("accounts:regions")).status_code == 200
    # session, user, the region filter's list, page of municipalities (+region), the count
    # only past the first page
    with django_assert_num_queries(5 if Municipality.objects.count() > 50 else 4):
        assert c.get(reverse("accounts:municipalities")).status_code == 200


def test_second_factor_code_helper_matches_django_otp(make_user):
    user = make_user(Role.COORDINATOR)
    secret = enrol(user)
    assert len(fresh_code(user, secret)) == 6
