"""An administrator finds a person by reference, exports everything about them (JSON, PDF),
and erases it after the export; the export holds their data and nobody else's."""

import io
import json
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from kring.accounts.models import Role, User
from kring.audit.models import AuditEvent
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.states import Status
from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import InformationItem
from kring.conferences.tests.factories import PersonFactory
from kring.intake.models import Request
from kring.intake.tests.factories import RequestFactory
from kring.network.models import Person
from kring.outbox.models import Message
from kring.plans.models import PlanVersion
from kring.plans.tests.factories import AgreementFactory, PlanFactory
from kring.privacy.holders import ERASED_EMAIL

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(municipality, manager):
    """A closed case: Fatima (main person), her aunt Ria, her uncle Karim."""
    request = RequestFactory(
        municipality=municipality,
        requester_name="Joke Wijkteam",
        requester_email="joke@wijkteam.example",
        requester_phone="020 555 0101",
    )
    case = CaseFactory(
        municipality=municipality,
        status=Status.CLOSED,
        closed_at=request.created_at,
        request=request,
        main_person_names="Fatima Amrani",
        regional_manager=manager,
    )
    main = PersonFactory(case=case, main=True, name="Fatima Amrani", email="fatima@example.nl")
    ria = PersonFactory(
        case=case, name="Ria Amrani", email="ria@example.nl", phone="06 1111 2222",
        informed_note="Ria wil graag helpen met koken",
    )  # fmt: skip
    karim = PersonFactory(case=case, name="Karim Amrani", email="karim@example.nl")
    plan: Any = PlanFactory(case=case, ready=True)
    ria_task: Any = AgreementFactory(plan=plan, what="Ria brengt de kinderen naar school")
    ria_task.performers.set([ria])
    karim_task: Any = AgreementFactory(plan=plan, what="Karim kookt op woensdag")
    karim_task.performers.set([karim])
    cached = PlanVersion.objects.create(
        plan=plan,
        number=1,
        content={"agreements": [{"what": "Ria brengt de kinderen naar school"}]},
        text="Ria brengt de kinderen naar school",
    )
    cached.pdf_file.save("cached.pdf", ContentFile(b"%PDF-cached"), save=True)
    return {"case": case, "main": main, "ria": ria, "karim": karim, "request": request}


def test_only_administrators_reach_the_privacy_pages(client_for, manager, coordinator, family):
    ria = family["ria"]
    for user in (manager, coordinator):
        c = client_for(user)
        assert c.get(reverse("privacy:search")).status_code == 403
        assert c.get(reverse("privacy:person_json", args=[ria.uuid])).status_code == 403


def test_search_by_reference_lists_the_circle_and_the_requester(client_for, admin_user, family):
    c = client_for(admin_user)
    page = c.get(reverse("privacy:search"), {"q": family["case"].reference.lower()})
    html = page.content.decode()
    assert "Fatima Amrani" in html and "Ria Amrani" in html and "Joke Wijkteam" in html
    assert reverse("privacy:person_erase", args=[family["ria"].uuid]) in html
    # The search is a read of personal data, recorded without the search text.
    event = AuditEvent.objects.get(key="privacy.searched")
    assert event.case_id == family["case"].uuid and event.changes == {"found": True, "people": 3}


def test_search_finds_nothing_by_a_fragment_of_a_name(client_for, admin_user, family):
    page = client_for(admin_user).get(reverse("privacy:search"), {"q": "Amrani"})
    assert "Niets gevonden" in page.content.decode()
    assert "Ria Amrani" not in page.content.decode()


def test_search_without_input_says_what_to_fill_in(client_for, admin_user):
    page = client_for(admin_user).get(reverse("privacy:search"), {"q": ""})
    assert "Vul een referentie of e-mailadres in." in page.content.decode()


def test_search_page_queries_do_not_grow_with_the_circle(
    client_for, admin_user, municipality, django_assert_num_queries
):
    c = client_for(admin_user)
    small = CaseFactory(municipality=municipality)
    PersonFactory(case=small)
    big = CaseFactory(municipality=municipality)
    for _ in range(50):
        PersonFactory(case=big)
    # session, user, case + request, anonymised?, people, the audit insert
    for case in (small, big):
        with django_assert_num_queries(6):
            assert c.get(reverse("privacy:search"), {"q": case.reference}).status_code == 200


def test_a_persons_export_holds_their_data_and_nobody_elses(client_for, admin_user, family):
    ria = family["ria"]
    # The manager looked at Ria's file: her export says so.
    record(Action.VIEW, ria, actor=family["case"].regional_manager, case=family["case"])
    response = client_for(admin_user).get(reverse("privacy:person_json", args=[ria.uuid]))
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    text = response.content.decode()
    assert data["sections"]["network.person"][0]["email"] == "ria@example.nl"
    assert "Ria wil graag helpen met koken" in text
    assert "Ria brengt de kinderen naar school" in text
    for other in ("Karim", "karim@example.nl", "fatima@example.nl", "Joke"):
        assert other not in text, other
    assert any(v["who"] == "Marieke de Boer" for v in data["viewed_by"])
    assert AuditEvent.objects.filter(
        key="privacy.exported", object_id=str(ria.uuid), action=Action.EXPORT
    ).exists()


def test_a_persons_export_as_pdf_is_tagged_and_readable(client_for, admin_user, family):
    response = client_for(admin_user).get(reverse("privacy:person_pdf", args=[family["ria"].uuid]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root: Any = reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Ria Amrani" in text and "ria@example.nl" in text and "Karim" not in text
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]) == "nl"


def test_erasure_waits_for_an_export(client_for, admin_user, family):
    ria = family["ria"]
    c = client_for(admin_user)
    url = reverse("privacy:person_erase", args=[ria.uuid])
    page = c.get(url)
    assert "Download eerst de gegevens" in page.content.decode()
    assert c.post(url, {"confirm": "on"}).status_code == 200
    assert Person.objects.filter(pk=ria.pk).exists()


def test_erasing_a_person_removes_them_and_their_name_but_keeps_the_case(
    client_for, admin_user, family
):
    ria = family["ria"]
    Message.objects.create(
        kind="invitation.request", to=ria.email, subject="s", about_type="network.person",
        about_id=str(ria.uuid),
    )  # fmt: skip
    c = client_for(admin_user)
    c.get(reverse("privacy:person_json", args=[ria.uuid]))
    url = reverse("privacy:person_erase", args=[ria.uuid])
    unconfirmed = c.post(url, {})
    assert "Vink aan dat u dit begrijpt." in unconfirmed.content.decode()
    response = c.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert family["case"].reference in response["Location"]
    assert not Person.objects.filter(pk=ria.pk).exists()
    assert Person.objects.filter(pk=family["karim"].pk).exists()
    assert not Message.objects.filter(to=ria.email).exists()
    case = Case.objects.get(pk=family["case"].pk)
    assert case.main_person_names == "Fatima Amrani"
    agreements = list(case.plan.agreements.values_list("what", flat=True))
    assert "[verwijderd] brengt de kinderen naar school" in agreements
    assert "Karim kookt op woensdag" in agreements
    version = PlanVersion.objects.get(plan__case=case)
    assert "Ria" not in version.text and "Ria" not in json.dumps(version.content)
    assert not version.pdf_file
    event = AuditEvent.objects.get(key="privacy.person_erased")
    assert event.object_id == str(ria.uuid) and "Ria" not in json.dumps(event.changes)


def test_the_main_person_of_a_running_case_cannot_be_erased(client_for, admin_user, municipality):
    case = CaseFactory(municipality=municipality, in_preparation=True)
    main: Any = PersonFactory(case=case, main=True)
    c = client_for(admin_user)
    c.get(reverse("privacy:person_json", args=[main.uuid]))
    page = c.post(reverse("privacy:person_erase", args=[main.uuid]), {"confirm": "on"})
    assert "Stop of sluit het traject eerst" in page.content.decode()
    assert Person.objects.filter(pk=main.pk).exists()


def test_erasing_a_requester_keeps_the_figures(client_for, admin_user, family):
    req = family["request"]
    c = client_for(admin_user)
    export = c.get(reverse("privacy:request_json", args=[req.uuid]))
    assert "joke@wijkteam.example" in export.content.decode()
    assert "Fatima" not in export.content.decode()  # a professional asked, for someone else
    assert c.get(reverse("privacy:request_pdf", args=[req.uuid]))["Content-Type"] == (
        "application/pdf"
    )
    assert (
        c.post(reverse("privacy:request_erase", args=[req.uuid]), {"confirm": "on"}).status_code
        == 302
    )
    req = Request.objects.get(pk=req.pk)
    assert req.requester_name == "" and req.requester_phone == ""
    assert req.requester_email == ERASED_EMAIL
    assert req.created_at and req.channel and req.municipality_id


def test_an_account_export_and_erasure(client_for, admin_user, municipality):
    coordinator = User.objects.create_user(
        "anouk@example.nl", "geheim-wachtwoord-1", full_name="Anouk Verbeek",
        role=Role.COORDINATOR, phone="06 9999 8888",
    )  # fmt: skip
    from kring.coordinators.tests.factories import CoordinatorProfileFactory

    profile: Any = CoordinatorProfileFactory(user=coordinator, cultural_background="Surinaams")
    profile.certificate.save("cert.pdf", ContentFile(b"%PDF-1.4"), save=False)
    profile.certificate_name = "cert.pdf"
    profile.certificate_type = "application/pdf"
    from django.utils import timezone

    profile.certificate_uploaded_at = timezone.now()
    profile.save()
    c = client_for(admin_user)
    found = c.get(reverse("privacy:search"), {"q": "ANOUK@example.nl"})
    assert "Anouk Verbeek" in found.content.decode()
    data = json.loads(c.get(reverse("privacy:user_json", args=[coordinator.uuid])).content)
    assert data["sections"]["accounts.user"][0]["phone"] == "06 9999 8888"
    assert data["sections"]["coordinators.coordinatorprofile"][0]["cultural_background"] == (
        "Surinaams"
    )
    assert c.get(reverse("privacy:user_pdf", args=[coordinator.uuid])).status_code == 200
    response = c.post(reverse("privacy:user_erase", args=[coordinator.uuid]), {"confirm": "on"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    profile.refresh_from_db()
    assert coordinator.full_name == "Verwijderde gebruiker" and not coordinator.is_active
    assert coordinator.phone == "" and coordinator.email.endswith("@kring.invalid")
    assert profile.cultural_background == "" and not profile.certificate
    # The old address and password no longer sign anyone in.
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    attempt = RequestFactory().post("/inloggen/")
    assert (
        authenticate(attempt, username="anouk@example.nl", password="geheim-wachtwoord-1") is None
    )


def test_an_administrator_cannot_erase_themself(client_for, admin_user):
    c = client_for(admin_user)
    c.get(reverse("privacy:user_json", args=[admin_user.uuid]))
    page = c.post(reverse("privacy:user_erase", args=[admin_user.uuid]), {"confirm": "on"})
    assert "eigen account" in page.content.decode()
    assert User.objects.get(pk=admin_user.pk).is_active


def test_the_menu_offers_privacy_to_administrators_only(client_for, admin_user, manager):
    url = reverse("privacy:search")
    assert url in client_for(admin_user).get(reverse("portal:start")).content.decode()
    assert url not in client_for(manager).get(reverse("portal:start")).content.decode()


def test_information_documents_of_an_erased_person_stay_with_the_case(
    client_for, admin_user, family
):
    # The question belongs to the case; only the link to who answers it goes.
    item = InformationItem.objects.create(
        case=family["case"], question="Hoe gaat het?", answered_by=family["karim"]
    )
    c = client_for(admin_user)
    c.get(reverse("privacy:person_json", args=[family["karim"].uuid]))
    c.post(reverse("privacy:person_erase", args=[family["karim"].uuid]), {"confirm": "on"})
    item.refresh_from_db()
    assert item.answered_by is None
