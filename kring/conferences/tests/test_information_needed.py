"""Information needed: questions, answers by professionals, and safe document uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kring.audit.models import Action, AuditEvent
from kring.conferences.models import InformationItem
from kring.core.tests.samples import PDF, PNG
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 200


@pytest.fixture
def pro_person(case, professional):
    return PersonFactory(
        case=case, professional=True, consented=True, user=professional, name="Sanne Visser"
    )


@pytest.fixture
def item(case, pro_person):
    return InformationItem.objects.create(
        case=case, question="Hoe gaat het op school?", answered_by=pro_person, status="asked"
    )


def test_coordinator_adds_a_question(client_for, coordinator, case, pro_person):
    response = client_for(coordinator).post(
        reverse("conferences:add_information_item", args=[case.uuid]),
        {"item-question": "Wat zegt de huisarts?", "item-answered_by": pro_person.pk},
    )
    assert response.status_code == 302
    assert InformationItem.objects.get().status == "asked"


def test_professional_uploads_a_pdf_and_it_is_served_safely(
    client_for, professional, coordinator, case, item
):
    c = client_for(professional)
    assert c.get(reverse("conferences:information", args=[case.uuid])).status_code == 200
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    response = c.post(
        reverse("conferences:provide_information", args=[case.uuid, item.uuid]),
        {"answer": "Gaat beter sinds oktober.", "document": upload},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "received" and item.document_type == "application/pdf"
    assert "verslag" not in item.document.name  # stored under a random name
    download = client_for(coordinator).get(
        reverse("conferences:document", args=[case.uuid, item.uuid])
    )
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_each_download_of_a_document_writes_a_read_event_naming_it(
    client_for, professional, coordinator, case, item
):
    """Issue 11: every read of personal data names what was read, documents included."""
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    client_for(professional).post(
        reverse("conferences:provide_information", args=[case.uuid, item.uuid]),
        {"answer": "Gaat beter sinds oktober.", "document": upload},
    )
    url = reverse("conferences:document", args=[case.uuid, item.uuid])
    for who in (coordinator, professional):
        download = client_for(who).get(url)
        assert download.status_code == 200
        b"".join(download.streaming_content)
    events = AuditEvent.objects.filter(key="information.document_downloaded").order_by("id")
    assert [(e.actor, e.action, e.object_id, e.case_id) for e in events] == [
        (who, Action.EXPORT, str(item.uuid), case.uuid) for who in (coordinator, professional)
    ]
    assert all("verslag" not in str(e.changes) for e in events)


def test_an_image_is_accepted(client_for, professional, case, item):
    upload = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    response = client_for(professional).post(
        reverse("conferences:provide_information", args=[case.uuid, item.uuid]),
        {"document": upload},
    )
    assert response.status_code == 302


def test_a_renamed_executable_is_refused(client_for, professional, case, item):
    upload = SimpleUploadedFile("verslag.pdf", EXE, content_type="application/pdf")
    response = client_for(professional).post(
        reverse("conferences:provide_information", args=[case.uuid, item.uuid]),
        {"answer": "zie bijlage", "document": upload},
    )
    assert response.status_code == 400
    assert "Alleen een PDF" in response.content.decode()
    item.refresh_from_db()
    assert not item.document


def test_a_too_large_file_is_refused(client_for, professional, case, item, settings):
    upload = SimpleUploadedFile(
        "groot.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = client_for(professional).post(
        reverse("conferences:provide_information", args=[case.uuid, item.uuid]),
        {"document": upload},
    )
    assert response.status_code == 400
    assert "10 MB" in response.content.decode()


def test_others_cannot_download(client_for, make_user, funder, case, item, professional):
    from kring.accounts.models import Role

    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    client_for(professional).post(
        reverse("conferences:provide_information", args=[case.uuid, item.uuid]),
        {"document": upload},
    )
    url = reverse("conferences:document", args=[case.uuid, item.uuid])
    outsider = make_user(Role.PROFESSIONAL)
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(funder).get(url).status_code == 404
    assert client_for(make_user(Role.COORDINATOR)).get(url).status_code == 404


def test_professional_cannot_add_questions(client_for, professional, case, pro_person):
    response = client_for(professional).post(
        reverse("conferences:add_information_item", args=[case.uuid]), {"item-question": "x"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_information_page_exact_query_count(
    client_for, coordinator, case, pro_person, rows, django_assert_num_queries
):
    InformationItem.objects.bulk_create(
        [
            InformationItem(
                case=case, question=f"Vraag {i}", answered_by=pro_person, updated_by=coordinator
            )
            for i in range(rows)
        ]
    )
    c = client_for(coordinator)
    # session, user, case (+coordinator, region, municipality, manager), audit insert,
    # items (+answered by, updated by), people to ask
    with django_assert_num_queries(6):
        response = c.get(reverse("conferences:information", args=[case.uuid]))
    assert response.content.decode().count("Vraag ") >= rows


def test_a_professional_sees_and_answers_only_questions_put_to_them(
    client_for, professional, case, item
):
    other_pro = PersonFactory(case=case, professional=True, name="Huisarts Kramer")
    other = InformationItem.objects.create(
        case=case, question="Wat zegt de huisarts?", answered_by=other_pro
    )
    c = client_for(professional)
    html = c.get(reverse("conferences:information", args=[case.uuid])).content.decode()
    assert item.question in html and other.question not in html
    url = reverse("conferences:provide_information", args=[case.uuid, other.uuid])
    assert c.post(url, {"answer": "Niet mijn vraag"}).status_code == 404
    assert c.get(reverse("conferences:document", args=[case.uuid, other.uuid])).status_code == 404
