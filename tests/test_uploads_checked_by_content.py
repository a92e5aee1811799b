"""Uploads are what they claim to be, download as what they are, and go when replaced
(issue 9, finding 16; issue 11, uploads capped before they are read whole; decision 0123).

Through the two forms that take documents: a coordinator's training certificate (managers) and
the information a professional provides for a conference.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from kring.accounts.models import Role
from kring.accounts.tests.factories import UserFactory
from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import InformationItem
from kring.coordinators.models import CoordinatorProfile
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.core.tests.samples import JPEG, PDF, PNG, image_bytes, pdf_bytes
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DAMAGED = "Dit bestand is beschadigd of onvolledig"


@pytest.fixture
def coordinator(region):
    user = UserFactory(role=Role.COORDINATOR, full_name="Anouk Verbeek")
    user.regions.set([region])
    CoordinatorProfileFactory(user=user)
    return user


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def upload_certificate(client, coordinator, content, name="certificaat.pdf"):
    return client.post(
        reverse("coordinators:upload_certificate", args=[coordinator.uuid]),
        {"certificate": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def profile(coordinator):
    return CoordinatorProfile.objects.get(user=coordinator)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.7\n" + b"this is not a pdf at all " * 40, id="pdf-header-then-junk"),
        pytest.param(PDF[: len(PDF) // 2], id="truncated-pdf"),
        pytest.param(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", id="pdf-without-pages"),
        pytest.param(PNG[:40], id="truncated-png"),
        pytest.param(JPEG[:30] + b"\0" * 200, id="broken-jpeg"),
    ],
)
def test_a_file_that_only_starts_like_a_document_is_refused(as_manager, coordinator, content):
    response = upload_certificate(as_manager, coordinator, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(DAMAGED) in html or escape("Alleen een PDF of een foto") in html
    assert not profile(coordinator).has_certificate


def test_a_real_pdf_and_real_photos_are_accepted(as_manager, coordinator):
    for content, mime in (
        (pdf_bytes(pages=3), "application/pdf"),
        (JPEG, "image/jpeg"),
        (image_bytes("WEBP"), "image/webp"),
    ):
        assert upload_certificate(as_manager, coordinator, content).status_code == 302
        assert profile(coordinator).certificate_type == mime


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(
    as_manager, coordinator, settings
):
    settings.KRING_MAX_IMAGE_PIXELS = 10_000
    # A small file that would decode into a huge bitmap (a "decompression bomb").
    out = io.BytesIO()
    Image.new("1", (2000, 2000)).save(out, format="PNG")
    assert len(out.getvalue()) < 10_000
    response = upload_certificate(as_manager, coordinator, out.getvalue(), "foto.png")
    assert response.status_code == 400
    assert "te veel pixels" in response.content.decode()


def test_a_password_protected_pdf_is_refused_with_a_reason(as_manager, coordinator):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
    writer.encrypt("geheim")
    out = io.BytesIO()
    writer.write(out)
    response = upload_certificate(as_manager, coordinator, out.getvalue())
    assert response.status_code == 400
    assert "wachtwoord" in response.content.decode()


def test_download_carries_the_extension_of_the_detected_type(as_manager, coordinator):
    # The uploader called a PNG "diploma.exe": it downloads as "diploma.png", as an image.
    assert upload_certificate(as_manager, coordinator, PNG, "diploma.exe").status_code == 302
    response = as_manager.get(reverse("coordinators:certificate", args=[coordinator.uuid]))
    assert response["Content-Type"] == "image/png"
    assert 'filename="diploma.png"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_with_a_path_and_quotes_downloads_safely(as_manager, coordinator):
    name = '..\\..\\"evil";.pdf'
    assert upload_certificate(as_manager, coordinator, PDF, name).status_code == 302
    response = as_manager.get(reverse("coordinators:certificate", args=[coordinator.uuid]))
    disposition = response["Content-Disposition"]
    assert disposition.endswith('.pdf"')
    assert "\\" not in disposition and ";.pdf" not in disposition


def test_a_post_larger_than_the_limit_is_refused_before_it_is_read(
    as_manager, coordinator, settings
):
    # The body is declared larger than allowed: Kring answers 413 without reading it (a
    # real 1 GB body would never be streamed into memory or a temporary file).
    response = as_manager.post(
        reverse("coordinators:upload_certificate", args=[coordinator.uuid]),
        {"certificate": SimpleUploadedFile("c.pdf", PDF)},
        CONTENT_LENGTH=str(settings.KRING_MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert "hoogstens 10 MB" in response.content.decode()
    assert not profile(coordinator).has_certificate


def test_a_replaced_information_document_is_removed_from_storage(
    client, coordinator, professional, django_capture_on_commit_callbacks
):
    case = CaseFactory(in_preparation=True, coordinator=coordinator)
    person = PersonFactory(case=case, professional=True, consented=True, user=professional)
    item = InformationItem.objects.create(
        case=case, question="Hoe gaat het op school?", answered_by=person, status="asked"
    )
    client.force_login(professional)
    url = reverse("conferences:provide_information", args=[case.uuid, item.uuid])

    def provide(content, name):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url, {"answer": "Zie bijlage.", "document": SimpleUploadedFile(name, content)}
            )
        assert response.status_code == 302
        item.refresh_from_db()
        return item.document.storage, item.document.name

    storage, first = provide(PDF, "verslag.pdf")
    assert storage.exists(first)
    storage, second = provide(JPEG, "foto.jpg")
    assert second != first
    assert storage.exists(second)
    assert not storage.exists(first)
    download = client.get(reverse("conferences:document", args=[case.uuid, item.uuid]))
    assert 'filename="foto.jpg"' in download["Content-Disposition"]
    assert download["Content-Type"] == "image/jpeg"
