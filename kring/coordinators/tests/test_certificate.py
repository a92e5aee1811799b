"""The training certificate as a document: upload, replace, remove and a guarded download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases.tests.factories import new_case
from kring.coordinators.matching import rank_coordinators
from kring.coordinators.models import CoordinatorProfile
from kring.core.tests.samples import PDF, PNG
from kring.core.uploads import MAX_UPLOAD

pytestmark = pytest.mark.django_db

# A Windows program (MZ header) renamed to look like a PDF.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200

WRONG_TYPE = "Alleen een PDF of een foto (JPG, PNG) kan."


def _file(content=PDF, name="certificaat.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _upload(client, coordinator, upload):
    return client.post(
        reverse("coordinators:upload_certificate", args=[coordinator.uuid]),
        {"certificate": upload},
    )


def _profile(coordinator):
    return CoordinatorProfile.objects.get(user=coordinator)


def _events(coordinator, action):
    profile = _profile(coordinator)
    return AuditEvent.objects.filter(
        object_type="coordinators.coordinatorprofile", object_id=str(profile.uuid), action=action
    )


def test_manager_uploads_a_certificate_stored_under_a_random_name(
    manager, coordinator, client_for, settings
):
    response = _upload(client_for(manager), coordinator, _file(name="Mijn certificaat.pdf"))
    assert response.status_code == 302
    assert response["Location"].endswith("#certificaat")
    profile = _profile(coordinator)
    assert profile.has_certificate
    assert profile.certificate_name == "Mijn certificaat.pdf"
    assert profile.certificate_type == "application/pdf"
    assert profile.certificate_uploaded_at is not None
    # A random name under the private MEDIA_ROOT, not the uploader's name.
    assert "certificaat" not in profile.certificate.name.lower()
    assert profile.certificate.name.startswith("certificates/")
    assert profile.certificate.path.startswith(str(settings.MEDIA_ROOT))
    event = _events(coordinator, "create").get(key="coordinator.certificate_added")
    assert event.actor == manager
    # Which field changed, never the file's own name (it may hold a name).
    assert event.changes == {"fields": ["certificate"], "type": "application/pdf"}


def test_a_photo_is_accepted_too(manager, coordinator, client_for):
    response = _upload(client_for(manager), coordinator, _file(PNG, "foto.png", "image/png"))
    assert response.status_code == 302
    assert _profile(coordinator).certificate_type == "image/png"


def test_replacing_keeps_one_file_and_is_audited(manager, coordinator, client_for):
    client = client_for(manager)
    _upload(client, coordinator, _file(name="oud.pdf"))
    first = _profile(coordinator).certificate.name
    _upload(client, coordinator, _file(PNG, "nieuw.png", "image/png"))
    profile = _profile(coordinator)
    assert profile.certificate.name != first
    assert profile.certificate_name == "nieuw.png"
    event = _events(coordinator, "update").get(key="coordinator.certificate_replaced")
    assert "oud.pdf" not in str(event.changes) and "nieuw.png" not in str(event.changes)


def test_old_file_is_deleted_after_commit(
    manager, coordinator, client_for, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, coordinator, _file(name="oud.pdf"))
    first = _profile(coordinator).certificate
    storage, first_name = first.storage, first.name
    assert storage.exists(first_name)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, coordinator, _file(name="nieuw.pdf"))
    assert not storage.exists(first_name)
    new_name = _profile(coordinator).certificate.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordinators:remove_certificate", args=[coordinator.uuid]))
    assert not storage.exists(new_name)


def test_renamed_program_is_refused_with_a_plain_message(manager, coordinator, client_for):
    response = _upload(client_for(manager), coordinator, _file(EXE, "certificaat.pdf"))
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(WRONG_TYPE) in html
    assert "error-summary" in html
    assert not _profile(coordinator).has_certificate
    assert not AuditEvent.objects.filter(message__startswith="Certificaat").exists()


def test_too_large_file_is_refused(manager, coordinator, client_for):
    big = _file(PDF + b"0" * (MAX_UPLOAD - len(PDF) + 1))
    response = _upload(client_for(manager), coordinator, big)
    assert response.status_code == 400
    assert "Dit bestand is groter dan 10 MB." in response.content.decode()
    assert not _profile(coordinator).has_certificate


def test_upload_without_a_file_asks_for_one(manager, coordinator, client_for):
    response = client_for(manager).post(
        reverse("coordinators:upload_certificate", args=[coordinator.uuid])
    )
    assert response.status_code == 400
    assert "Kies een bestand." in response.content.decode()


def test_manager_removes_the_certificate_and_it_is_audited(manager, coordinator, client_for):
    client = client_for(manager)
    _upload(client, coordinator, _file())
    response = client.post(reverse("coordinators:remove_certificate", args=[coordinator.uuid]))
    assert response.status_code == 302
    profile = _profile(coordinator)
    assert not profile.has_certificate and profile.certificate_name == ""
    assert profile.certificate_uploaded_at is None
    # The training itself stays: the certificate is evidence, not the gate.
    assert profile.is_trained
    event = _events(coordinator, "delete").get()
    assert event.key == "coordinator.certificate_removed"
    assert event.changes == {"fields": ["certificate"]}


def test_removing_when_there_is_none_is_404(manager, coordinator, client_for):
    response = client_for(manager).post(
        reverse("coordinators:remove_certificate", args=[coordinator.uuid])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["manager", "admin", "coordinator"])
def test_download_for_manager_admin_and_the_coordinator(
    who, manager, admin_user, coordinator, client_for
):
    _upload(client_for(manager), coordinator, _file(name="Certificaat Anouk.pdf"))
    user = {"manager": manager, "admin": admin_user, "coordinator": coordinator}[who]
    response = client_for(user).get(reverse("coordinators:certificate", args=[coordinator.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Certificaat Anouk.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = _events(coordinator, "view").get(key="coordinator.certificate_downloaded")
    assert event.actor == user


@pytest.mark.parametrize(
    "who", ["other_manager", "other_coordinator", "professional", "funder", "inactive"]
)
def test_download_is_404_for_everyone_else(
    who, manager, coordinator, make_user, other_region, professional, funder, client_for
):
    _upload(client_for(manager), coordinator, _file())
    user = {
        "other_manager": lambda: make_user(Role.REGIONAL_MANAGER, regions=[other_region]),
        "other_coordinator": lambda: make_user(Role.COORDINATOR),
        "professional": lambda: professional,
        "funder": lambda: funder,
        "inactive": lambda: make_user(Role.REGIONAL_MANAGER, is_active=False),
    }[who]()
    url = reverse("coordinators:certificate", args=[coordinator.uuid])
    client = client_for(user)
    if who == "inactive":
        # An inactive account has no session at all: it is sent to the login page.
        assert client.get(url).status_code in (302, 404)
    else:
        assert client.get(url).status_code == 404
    assert (
        not _events(coordinator, "view").filter(key="coordinator.certificate_downloaded").exists()
    )


def test_anonymous_download_goes_to_login(manager, coordinator, client_for, client):
    _upload(client_for(manager), coordinator, _file())
    response = client.get(reverse("coordinators:certificate", args=[coordinator.uuid]))
    assert response.status_code == 302
    assert "/inloggen" in response["Location"] or "login" in response["Location"]


def test_download_without_certificate_is_404(manager, coordinator, client_for):
    response = client_for(manager).get(reverse("coordinators:certificate", args=[coordinator.uuid]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "professional", "funder"])
def test_only_managers_and_admins_upload_or_remove(
    who, coordinator, professional, funder, client_for
):
    user = {"coordinator": coordinator, "professional": professional, "funder": funder}[who]
    client = client_for(user)
    assert _upload(client, coordinator, _file()).status_code == 403
    url = reverse("coordinators:remove_certificate", args=[coordinator.uuid])
    assert client.post(url).status_code == 403


def test_manager_of_another_region_cannot_upload(make_user, other_region, coordinator, client_for):
    other = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    assert _upload(client_for(other), coordinator, _file()).status_code == 404
    assert not _profile(coordinator).has_certificate


def test_post_only_certificate_urls_refuse_get(manager, coordinator, client_for):
    client = client_for(manager)
    for url in [
        reverse("coordinators:upload_certificate", args=[coordinator.uuid]),
        reverse("coordinators:remove_certificate", args=[coordinator.uuid]),
        reverse("coordinators:upload_my_certificate"),
    ]:
        assert client.get(url).status_code == 405


def test_coordinator_uploads_their_own_certificate(coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(reverse("coordinators:upload_my_certificate"), {"certificate": _file()})
    assert response.status_code == 302
    assert _profile(coordinator).has_certificate
    event = _events(coordinator, "create").get(key="coordinator.certificate_added")
    assert event.actor == coordinator
    html = client.get(reverse("coordinators:my_profile")).content.decode()
    assert reverse("coordinators:certificate", args=[coordinator.uuid]) in html


def test_coordinator_own_upload_refuses_a_renamed_program(coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("coordinators:upload_my_certificate"),
        {"certificate": _file(EXE, "diploma.jpg", "image/jpeg")},
    )
    assert response.status_code == 400
    assert escape(WRONG_TYPE) in response.content.decode()
    assert not _profile(coordinator).has_certificate


def test_registry_shows_whether_a_certificate_is_on_file(
    manager, coordinator, make_coordinator, client_for
):
    make_coordinator()
    client = client_for(manager)
    _upload(client, coordinator, _file())
    html = client.get(reverse("coordinators:list")).content.decode()
    assert html.count("op bestand") == 1
    assert ">geen<" in html


def test_certificate_is_evidence_not_a_gate(municipality, manager, make_coordinator, client_for):
    untrained = make_coordinator(untrained=True)
    _upload(client_for(manager), untrained, _file())
    case = new_case(municipality=municipality, regional_manager=manager)
    match = next(m for m in rank_coordinators(case).top if m.user == untrained)
    assert not match.eligible


@pytest.mark.parametrize("n", [1, 50])
def test_registry_exact_query_count_with_certificates(
    n, manager, make_coordinator, client_for, django_assert_num_queries
):
    client = client_for(manager)
    for _ in range(n):
        _upload(client, make_coordinator(), _file())
    # session, user (+region ids), coordinators (+profile, running cases), their regions, and
    # the capped count when there is more than the first page of 25
    with django_assert_num_queries(5 if n > 25 else 4):
        assert client.get(reverse("coordinators:list")).status_code == 200


@pytest.mark.parametrize("with_certificate", [False, True])
def test_edit_and_own_profile_exact_query_count(
    with_certificate, manager, coordinator, client_for, django_assert_num_queries
):
    from kring.coordinators.tests.factories import AbsenceFactory

    for _ in range(50 if with_certificate else 1):
        AbsenceFactory(profile=coordinator.coordinator_profile)
    if with_certificate:
        _upload(client_for(manager), coordinator, _file())
    client = client_for(manager)
    # session, user, coordinator, audit insert, profile, their regions, absences, all regions
    with django_assert_num_queries(8):
        assert client.get(reverse("coordinators:edit", args=[coordinator.uuid])).status_code == 200
    own = client_for(coordinator)
    # session, user, profile, absences, own regions
    with django_assert_num_queries(5):
        assert own.get(reverse("coordinators:my_profile")).status_code == 200
