import datetime

import pytest
import time_machine
from django.contrib.auth.hashers import check_password, make_password
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kring.accounts.tests.helpers import enrol

pytestmark = pytest.mark.django_db


def _reset_link(client, email, capture):
    with capture(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    link = next(line for line in message.body.splitlines() if "/wachtwoord-herstellen/" in line)
    return link.split("testserver", 1)[1]


def test_password_reset_by_email_in_dutch(client, manager, django_capture_on_commit_callbacks):
    path = _reset_link(client, manager.email, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == "Nieuw wachtwoord voor Kring"
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    post_url = form_page.redirect_chain[-1][0]
    done = client.post(
        post_url,
        {"new_password1": "nieuw-lang-wachtwoord-77", "new_password2": "nieuw-lang-wachtwoord-77"},
    )
    assert done.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("nieuw-lang-wachtwoord-77")
    # A new password is not a session: the second factor still comes first.
    assert "_auth_user_id" not in client.session


def test_password_reset_link_works_for_one_hour(
    client, manager, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        path = _reset_link(client, manager.email, django_capture_on_commit_callbacks)
        traveller.shift(datetime.timedelta(minutes=61))
        page = client.get(path, follow=True)
    assert "Deze link werkt niet meer" in page.content.decode()


def test_password_reset_for_unknown_email_does_not_reveal_anything(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "onbekend@kring.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_password_reset_is_throttled_per_account_and_address(client, manager):
    for _ in range(5):
        assert (
            client.post(reverse("accounts:password_reset"), {"email": manager.email}).status_code
            == 302
        )
    response = client.post(reverse("accounts:password_reset"), {"email": manager.email})
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-1", "Dit wachtwoord is te kort. Gebruik minstens 12 tekens."),
        ("wachtwoord2024!", "bekend uit datalekken"),
        ("Welkom123456789", "bekend uit datalekken"),
        ("p4ssw0rdp4ssw0rd", "bekend uit datalekken"),
        ("123456789012345", "Dit wachtwoord bevat alleen cijfers."),
    ],
)
def test_new_passwords_are_long_and_not_common_in_plain_dutch(
    client, manager, django_capture_on_commit_callbacks, password, message
):
    path = _reset_link(client, manager.email, django_capture_on_commit_callbacks)
    post_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(post_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "This password" not in body


def test_argon2_is_available_for_production_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    hashed = make_password("een-lang-wachtwoord-99", hasher="argon2")
    assert hashed.startswith("argon2$argon2id$")
    assert check_password("een-lang-wachtwoord-99", hashed)


def test_production_settings_hash_with_argon2_first():
    from django.conf import settings as django_settings

    import config.settings as config_settings

    # Tests use MD5 for speed; the settings module lists Argon2 first for everything else.
    assert django_settings.KRING_ENV == "test"
    with open(config_settings.__file__) as handle:
        source = handle.read()
    assert '"django.contrib.auth.hashers.Argon2PasswordHasher",' in source
    assert django_settings.PASSWORD_RESET_TIMEOUT == 3600


def test_enrolled_user_is_not_signed_in_by_the_reset(client, manager):
    enrol(manager)
    assert "_auth_user_id" not in client.session
