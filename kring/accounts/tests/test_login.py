import pytest
from django.core import mail
from django.urls import reverse

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD
from kring.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        (Role.ADMIN, "Welkom"),
        (Role.REGIONAL_MANAGER, "Welkom"),
        (Role.COORDINATOR, "Welkom"),
        (Role.PROFESSIONAL, "Uw trajecten"),
        (Role.FUNDER, "geen persoonsgegevens"),
    ],
)
def test_each_role_logs_in_with_email_and_sees_its_start_page(client, make_user, role, marker):
    user = make_user(role, email="persoon@kring.test")
    response = client.post(
        reverse("accounts:login"),
        {"username": "Persoon@Kring.test ", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:start")
    page = client.get(reverse("portal:start"))
    assert page.status_code == 200
    assert marker in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.LOGIN, actor=user).exists()


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Inloggen bij Kring" in body
    assert "E-mailadres" in body


def test_login_page_in_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in to Kring" in body


def test_wrong_password_gives_plain_dutch_message_and_audit(client, manager):
    response = client.post(
        reverse("accounts:login"), {"username": manager.email, "password": "fout"}
    )
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED).exists()


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user(Role.COORDINATOR, is_active=False)
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client_for, manager):
    c = client_for(manager)
    assert c.get(reverse("accounts:logout")).status_code == 405
    assert c.post(reverse("accounts:logout")).status_code == 302
    assert c.get(reverse("portal:start")).status_code == 302


def test_start_page_requires_login(client):
    response = client.get(reverse("portal:start"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_password_reset_by_email_in_dutch(client, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": manager.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor Kring"
    link = next(line for line in message.body.splitlines() if "/wachtwoord-herstellen/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    post_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(
        post_url,
        {"new_password1": "nieuw-lang-wachtwoord-77", "new_password2": "nieuw-lang-wachtwoord-77"},
    )
    assert done.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("nieuw-lang-wachtwoord-77")


def test_password_reset_for_unknown_email_does_not_reveal_anything(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "onbekend@kring.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.REGIONAL_MANAGER, 302),
        (Role.COORDINATOR, 302),
        (Role.PROFESSIONAL, 302),
        (Role.FUNDER, 302),
    ],
)
def test_django_admin_is_for_administrators_only(client_for, make_user, role, status):
    user = make_user(role, is_superuser=role == Role.ADMIN)
    response = client_for(user).get("/beheer/")
    assert response.status_code == status
