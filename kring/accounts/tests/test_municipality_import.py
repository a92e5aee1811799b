import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kring.accounts.models import Municipality
from kring.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/beheer/accounts/municipality/importeren/"


def _upload(client, text: str, **extra):
    data = {"file": SimpleUploadedFile("gemeenten.csv", text.encode()), **extra}
    return client.post(URL, data)


def test_admin_imports_new_list_renames_and_deactivates(
    client_for, admin_user, region, municipality
):
    Municipality.objects.create(code="GM0001", name="Opgeheven", region=region)
    c = client_for(admin_user)
    csv_text = "code;naam\nGM0363;Amsterdam (nieuw)\nGM1980;Dijk en Waard\n"
    response = _upload(c, csv_text, default_region=region.pk, deactivate_missing="on")
    assert response.status_code == 302
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam (nieuw)"
    assert Municipality.objects.get(code="GM1980").region == region
    assert not Municipality.objects.get(code="GM0001").active
    assert AuditEvent.objects.filter(object_type="accounts.municipality").exists()


def test_import_with_a_bad_line_changes_nothing(client_for, admin_user, region, municipality):
    c = client_for(admin_user)
    response = _upload(c, "GM0363,Nieuwe naam\nXX12,Fout\n", default_region=region.pk)
    assert response.status_code == 200
    assert "geen CBS-code" in response.content.decode()
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"


def test_new_municipality_needs_a_region(client_for, admin_user, region):
    c = client_for(admin_user)
    response = _upload(c, "GM1234,Nergensdorp\n")
    assert response.status_code == 200
    assert not Municipality.objects.filter(code="GM1234").exists()


def test_only_administrators_can_import(client_for, manager):
    response = client_for(manager).get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
