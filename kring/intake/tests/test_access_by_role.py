"""One table: every intake URL x every role -> the expected status."""

import pytest

from kring.accounts.models import Role
from kring.intake.tests.factories import RequestFactory

STAFF_GET = ["/aanvragen/", "/aanvragen/nieuw/", "/aanvragen/{uuid}/"]
STAFF_POST = [
    "/aanvragen/{uuid}/eerste-contact/",
    "/aanvragen/{uuid}/informatief-gesprek/",
    "/aanvragen/{uuid}/afsluiten/",
    "/aanvragen/{uuid}/traject-starten/",
]
PUBLIC_GET = ["/", "/privacy/", "/aanvraag/", "/regiokantoor/"]


@pytest.fixture
def req(municipality):
    return RequestFactory.create(municipality=municipality)


@pytest.mark.parametrize("path", STAFF_GET)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.REGIONAL_MANAGER, 200),
        (Role.ADMIN, 200),
        (Role.COORDINATOR, 403),
        (Role.PROFESSIONAL, 403),
        (Role.FUNDER, 403),
    ],
)
def test_staff_pages_by_role(client_for, make_user, req, path, role, expected):
    user = make_user(role, is_superuser=role == Role.ADMIN)
    assert client_for(user).get(path.format(uuid=req.uuid)).status_code == expected


@pytest.mark.parametrize("path", STAFF_GET + STAFF_POST)
def test_anonymous_is_sent_to_login(client, req, path):
    response = client.get(path.format(uuid=req.uuid))
    assert response.status_code == 302
    assert "/inloggen/" in response.url


@pytest.mark.parametrize("path", STAFF_POST)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROFESSIONAL, Role.FUNDER])
def test_other_roles_cannot_triage(client_for, make_user, req, path, role):
    assert client_for(make_user(role)).post(path.format(uuid=req.uuid)).status_code == 403


@pytest.mark.parametrize("path", STAFF_POST)
def test_get_on_a_post_only_url_is_refused(client_for, manager, req, path):
    assert client_for(manager).get(path.format(uuid=req.uuid)).status_code == 405


@pytest.mark.parametrize("path", PUBLIC_GET)
def test_public_pages_need_no_account(client, db, path):
    assert client.get(path).status_code == 200


def test_unknown_request_is_404(client_for, manager, db):
    c = client_for(manager)
    assert c.get("/aanvragen/00000000-0000-0000-0000-000000000000/").status_code == 404
