"""What invitees see of the arrangements (finding 13), the letter (finding 15), and a question
mailed to a professional without an account (deliverable 2)."""

import datetime
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone
from pypdf import PdfReader

from kring.audit.models import AuditEvent
from kring.conferences.models import Conference, InformationItem
from kring.conferences.services import conference_for
from kring.core.tests.samples import pdf_bytes
from kring.network.links import CODE_ALPHABET, issue_link
from kring.network.models import PersonalLink
from kring.network.tests.factories import PersonFactory, SafetyRequirementFactory

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 200


def _logistics(**changes):
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "date": day.isoformat(),
        "start": "10:00",
        "end": "14:00",
        "place_name": "Buurthuis De Pijp",
        "address": "Van Ostadestraat 233",
        "food": "Soep en broodjes",
        "travel": "Reiskosten worden vergoed",
        "interpreters": "Arabisch via Tolkcentrum",
        "childcare": "Speelhoek met oppas Mieke",
        "internal_note": "Sleutel bij de beheerder",
    }
    data.update(changes)
    return data


# --- Logistics -----------------------------------------------------------------------------------


def test_the_form_says_per_field_whether_invitees_see_it(client_for, coordinator, case):
    page = client_for(coordinator).get(reverse("conferences:conference", args=[case.uuid]))
    form = page.context["logistics_form"]
    visible = {"date", "start", "end", "place_name", "address", "room", "accessibility"}
    for name in visible | {"food", "travel"}:
        assert form.fields[name].help_text == "Zichtbaar voor genodigden.", name
    for name in ("interpreters", "childcare"):
        assert form.fields[name].help_text == "Niet zichtbaar voor genodigden.", name
    assert "Genodigden zien dit nooit" in str(form.fields["internal_note"].help_text)
    html = page.content.decode()
    assert "Alleen voor u" in html and 'name="internal_note"' in html


def test_invitees_see_only_the_visible_arrangements(client, client_for, coordinator, case):
    response = client_for(coordinator).post(
        reverse("conferences:save_logistics", args=[case.uuid]), _logistics()
    )
    assert response.status_code == 302
    conference = Conference.objects.get(case=case)
    assert conference.internal_note == "Sleutel bij de beheerder"
    event = AuditEvent.objects.get(key="conference.logistics_changed")
    assert "internal_note" in event.changes["fields"]
    assert "Sleutel" not in str(event.changes)
    person = PersonFactory(case=case, invited=True)
    page = client.get(reverse("portal:rsvp", args=[issue_link(person, "rsvp")]))
    html = page.content.decode()
    assert "Soep en broodjes" in html and "Reiskosten worden vergoed" in html
    assert "Van Ostadestraat 233" in html
    for internal in ("Tolkcentrum", "oppas Mieke", "Sleutel bij de beheerder"):
        assert internal not in html, internal
    # The page's template never gets the conference itself, only the invitee's view of it.
    assert "conference" not in page.context
    assert page.context["logistics"].place_name == "Buurthuis De Pijp"


# --- Letters -------------------------------------------------------------------------------------


def _letter(client_for, coordinator, case, person):
    response = client_for(coordinator).post(
        reverse("conferences:letter", args=[case.uuid, person.uuid])
    )
    assert response.status_code == 200
    return response.content


def test_the_letter_has_a_date_the_coordinators_contact_and_a_short_code(
    client, client_for, coordinator, case, main_person
):
    coordinator.phone = "06 1111 2222"
    coordinator.save()
    case.region.office_email = "noord-holland@eigen-kracht.test"
    case.region.save()
    person = PersonFactory(case=case, consented=True, email="", name="Gerrit Smit")
    data = _letter(client_for, coordinator, case, person)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert formats.date_format(timezone.localdate(), "j F Y") in text
    assert "Anouk Verbeek" in text and "06 1111 2222" in text
    assert "noord-holland@eigen-kracht.test" in text
    codes = re.findall(rf"\b([{CODE_ALPHABET}]{{5}}-[{CODE_ALPHABET}]{{5}})\b", text)
    assert codes, text
    assert "/c/" in text and "/u/" not in text
    assert "Fatima el nodigt u uit" in text or "Fatima nodigt u uit" in text
    # The printed code opens the person's page.
    response = client.get(reverse("portal:code", args=[codes[0]]))
    assert response.status_code == 302
    assert "Hallo Gerrit" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(key="invitation.letter", object_id=str(person.uuid)).exists()


def test_the_letter_is_a_tagged_pdf_in_the_persons_language(
    client_for, coordinator, case, main_person
):
    for language in ("nl", "en"):
        person = PersonFactory(case=case, consented=True, language=language)
        reader = PdfReader(io.BytesIO(_letter(client_for, coordinator, case, person)))
        root: Any = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert root["/Lang"] == language
        assert "/MarkInfo" in root
        # No name of the family in the file's properties.
        assert "Fatima" not in str(reader.metadata or {})


def test_the_main_person_is_not_told_that_they_invite_themself(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    main_person.consent_at = timezone.now()
    main_person.save()
    data = _letter(client_for, coordinator, case, main_person)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Fatima nodigt u uit" not in text
    assert "uw eigen Eigen Kracht-conferentie" in text
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(
            reverse("conferences:invite", args=[case.uuid, main_person.uuid])
        )
    message = mail.outbox[0]
    assert "nodigt u uit" not in message.body
    assert message.subject == "Uitnodiging: uw Eigen Kracht-conferentie"


def test_the_rsvp_page_shows_how_to_reach_the_coordinator(client, coordinator, case, main_person):
    coordinator.phone = "06 1111 2222"
    coordinator.save()
    guest = PersonFactory(case=case, invited=True)
    html = client.get(reverse("portal:rsvp", args=[issue_link(guest, "rsvp")])).content.decode()
    assert "Anouk Verbeek" in html and 'href="tel:0611112222"' in html
    assert "mailto:" in html
    assert "Fatima nodigt u uit" in html
    main_person.consent_at = timezone.now()
    main_person.save()
    own = client.get(reverse("portal:rsvp", args=[issue_link(main_person, "rsvp")]))
    assert "nodigt u uit" not in own.content.decode()


def test_the_rsvp_page_in_an_invitee_language_that_exists(client, case, main_person):
    person = PersonFactory(case=case, invited=True, language="en")
    html = client.get(reverse("portal:rsvp", args=[issue_link(person, "rsvp")])).content.decode()
    assert '<html lang="en" dir="ltr">' in html and 'href="tel:' in html
    arabic = PersonFactory(case=case, invited=True, language="ar")
    html = client.get(reverse("portal:rsvp", args=[issue_link(arabic, "rsvp")])).content.decode()
    assert '<html lang="ar" dir="rtl">' in html and "مرحبًا Aisha" not in html
    assert "دعوتك" in html


# --- A question mailed to a professional without an account ---------------------------------------


@pytest.fixture
def doctor(case):
    return PersonFactory(
        case=case,
        professional=True,
        consented=True,
        name="Huisarts Kramer",
        email="kramer@huisarts.test",
        organisation="Huisartsenpraktijk",
    )


@pytest.fixture
def question(case, doctor):
    return InformationItem.objects.create(
        case=case,
        question="Hoe gaat het met de slaap van Elif?",
        answered_by=doctor,
        status="asked",
    )


def _mail_question(client_for, coordinator, case, question, capture):
    with capture(execute=True):
        response = client_for(coordinator).post(
            reverse("conferences:request_information", args=[case.uuid, question.uuid])
        )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/info/(\S+)/", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    return link.group(1)


def test_a_professional_without_an_account_answers_through_a_personal_link(
    client,
    client_for,
    coordinator,
    case,
    doctor,
    question,
    django_capture_on_commit_callbacks,
):
    other = InformationItem.objects.create(
        case=case, question="Wat zegt school?", answered_by=PersonFactory(case=case, consented=True)
    )
    page = client_for(coordinator).get(reverse("conferences:information", args=[case.uuid]))
    assert "Vraag mailen aan Huisarts" in page.content.decode()
    token = _mail_question(
        client_for, coordinator, case, question, django_capture_on_commit_callbacks
    )
    message = mail.outbox[-1]
    assert message.to == ["kramer@huisarts.test"]
    # The mail carries a link, not the question or the family.
    assert "slaap" not in message.body and "Elif" not in message.body
    assert "Anouk Verbeek" in message.body
    assert AuditEvent.objects.filter(key="information.requested_by_mail").exists()

    url = reverse("portal:information_link", args=[token])
    html = client.get(url).content.decode()
    assert "Hoe gaat het met de slaap van Elif?" in html
    assert other.question not in html
    answer_url = reverse("portal:answer_information", args=[token, question.uuid])
    refused = client.post(
        answer_url, {"document": SimpleUploadedFile("x.pdf", EXE, "application/pdf")}
    )
    assert refused.status_code == 400
    assert "error-summary" in refused.content.decode()
    response = client.post(
        answer_url,
        {
            "answer": "Slaapt sinds de zomer beter.",
            "document": SimpleUploadedFile("brief.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "received" and question.answer == "Slaapt sinds de zomer beter."
    assert question.document_type == "application/pdf" and question.updated_by is None
    event = AuditEvent.objects.get(key="information.provided")
    assert event.actor is None and event.actor_label.startswith("link:information:")
    assert "Slaapt" not in str(event.changes)
    # Another person's question cannot be answered with this link.
    assert (
        client.post(reverse("portal:answer_information", args=[token, other.uuid]), {}).status_code
        == 404
    )
    # The coordinator reads it on the case's page.
    staff = client_for(coordinator).get(reverse("conferences:information", args=[case.uuid]))
    assert "Slaapt sinds de zomer beter." in staff.content.decode()


def test_mailing_the_question_again_replaces_the_link(
    client, client_for, coordinator, case, question, django_capture_on_commit_callbacks
):
    first = _mail_question(
        client_for, coordinator, case, question, django_capture_on_commit_callbacks
    )
    second = _mail_question(
        client_for, coordinator, case, question, django_capture_on_commit_callbacks
    )
    assert client.get(reverse("portal:information_link", args=[first])).status_code == 404
    assert client.get(reverse("portal:information_link", args=[second])).status_code == 200


def test_no_mail_for_someone_with_an_account_or_without_an_address(
    client_for, coordinator, professional, case, doctor, question
):
    doctor.user = professional
    doctor.save()
    c = client_for(coordinator)
    page = c.get(reverse("conferences:information", args=[case.uuid])).content.decode()
    assert "Vraag mailen" not in page
    response = c.post(
        reverse("conferences:request_information", args=[case.uuid, question.uuid]), follow=True
    )
    assert "kan niet worden gemaild" in response.content.decode()
    assert mail.outbox == []
    assert not PersonalLink.objects.filter(purpose="information").exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_information_link_page_exact_query_count(
    client, case, doctor, rows, django_assert_num_queries
):
    InformationItem.objects.bulk_create(
        [
            InformationItem(case=case, question=f"Vraag {i}", answered_by=doctor, answer="Ja")
            for i in range(rows)
        ]
    )
    token = issue_link(doctor, "information")
    # link (+person, case, region, coordinator), link last used, audit insert, questions
    with django_assert_num_queries(4):
        response = client.get(reverse("portal:information_link", args=[token]))
    assert response.content.decode().count("Vraag ") >= rows


def test_a_withdrawn_requirement_no_longer_counts_for_planning(client_for, coordinator, case):
    case.safety_at_stake = True
    case.save()
    requirement = SafetyRequirementFactory(case=case)
    c = client_for(coordinator)
    page = c.get(reverse("conferences:conference", args=[case.uuid])).content.decode()
    assert "er is nog geen minimumeis" not in page
    prefix = f"withdraw-{requirement.uuid.hex}"
    c.post(
        reverse("network:withdraw_requirement", args=[case.uuid, requirement.uuid]),
        {f"{prefix}-reason": "Niet meer nodig."},
    )
    page = c.get(reverse("conferences:conference", args=[case.uuid])).content.decode()
    assert "er is nog geen minimumeis" in page
    conference_for(case)


def test_a_polish_professional_gets_the_question_mail_and_page_in_polish(
    client, client_for, coordinator, case, doctor, question, django_capture_on_commit_callbacks
):
    doctor.language = "pl"
    doctor.save()
    token = _mail_question(
        client_for, coordinator, case, question, django_capture_on_commit_callbacks
    )
    message: Any = mail.outbox[-1]
    assert (
        message.subject == "Czy może Pan/Pani przekazać informacje na Konferencję Grupy Rodzinnej?"
    )
    assert message.body.startswith("Dzień dobry Huisarts Kramer,")
    html_part, _mimetype = message.alternatives[0]
    assert '<html lang="pl" dir="ltr">' in html_part
    page = client.get(reverse("portal:information_link", args=[token])).content.decode()
    assert '<html lang="pl" dir="ltr">' in page
    assert "Informacje na Konferencję Grupy Rodzinnej" in page
    assert "Hoe gaat het met de slaap van Elif?" in page  # the question itself as written
