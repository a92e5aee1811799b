"""The public request form: routing, confirmation, mail, idempotency and validation."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kring.audit.models import AuditEvent
from kring.intake.models import ReceivedVia, Request
from kring.intake.states import RequestStatus
from kring.intake.tests.helpers import form_data
from kring.outbox.models import Message

URL = "/aanvraag/"


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


@pytest.fixture
def municipality(municipality):
    municipality.region.contact_deadline_days = 3
    municipality.region.save()
    return municipality


def test_form_is_public_and_carries_a_token_and_a_hidden_honeypot(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="submission_token"' in html
    assert 'class="hp-field" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
    assert "Wat is nodig om in dit huis te kunnen blijven wonen?" in html
    assert "/privacy/" in html


def test_submission_creates_one_request_routed_to_the_municipalitys_region(client, municipality):
    response = client.post(URL, form_data(municipality))
    req = Request.objects.get()
    assert response.status_code == 302
    assert response.url == f"/aanvraag/ontvangen/{req.uuid}/"
    assert req.region == municipality.region
    assert req.channel == ReceivedVia.WEB
    assert req.status == RequestStatus.NEW
    assert req.reference.startswith("EK-")
    assert req.requester_phone == "+31 6 12345678"
    # The main person's main language was chosen for her; every language follows it.
    assert req.main_language == "ar"
    assert req.languages == ["ar", "nl"]
    person = req.people.get()
    assert person.name == "Fatima el Idrissi"
    assert person.relation == "self"
    # Someone who asks for themself gave their contact details once, as the requester.
    assert person.phone == "+31 6 12345678"
    assert req.main_person_names == "Fatima el Idrissi"
    assert req.topics == ["eviction", "youth_care"]
    assert req.minors_involved is True
    assert req.safety_at_stake is False
    assert req.entered_by is None
    assert AuditEvent.objects.filter(
        action="create", object_type="intake.request", object_id=str(req.uuid)
    ).exists()


def test_confirmation_shows_reference_and_contact_deadline(client, municipality):
    response = client.post(URL, form_data(municipality), follow=True)
    req = Request.objects.get()
    html = response.content.decode()
    assert req.reference in html
    assert "Binnen 3 werkdagen" in html
    assert municipality.region.name in html


def test_confirmation_mail_is_sent_after_commit_with_the_reference(
    client, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(URL, form_data(municipality))
    assert len(callbacks) == 1
    req = Request.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@wijkteam.example"]
    assert req.reference in message.subject
    assert req.reference in message.body
    assert "3 werkdagen" in message.body
    assert Message.objects.get(kind="request.confirmation").status == "sent"


def test_no_mail_when_only_a_phone_number_is_given(
    client, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(municipality, requester_email=""))
    assert Request.objects.count() == 1
    assert mail.outbox == []


def test_double_submission_creates_exactly_one_request(
    client, municipality, django_capture_on_commit_callbacks
):
    data = form_data(municipality)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    assert Request.objects.count() == 1
    assert first.url == second.url
    assert len(mail.outbox) == 1
    assert client.get(second.url).status_code == 200


def test_resubmission_from_another_browser_shows_the_same_confirmation(client, municipality):
    from django.test import Client

    data = form_data(municipality)
    first = client.post(URL, data)
    other = Client()
    second = other.post(URL, data, follow=True)
    assert Request.objects.count() == 1
    assert second.status_code == 200
    assert Request.objects.get().reference in second.content.decode()
    assert first.url == second.redirect_chain[0][0]


def test_confirmation_page_is_not_shown_to_other_visitors(client, municipality):
    from django.test import Client

    response = client.post(URL, form_data(municipality))
    assert Client().get(response.url).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requester_name", "", "Vul dit in."),
        ("question", "", "Schrijf uw vraag op."),
        ("question", "x" * 100_000, "Dit is te lang"),
        ("requester_name", "x" * 100_000, "Dit is te lang"),
        ("requester_name", "Jan\nJansen", "regeleinden"),
        ("persoon-0-name", "<script>alert(1)</script>", "Gebruik geen HTML-code"),
        ("persoon-0-name", "", "Vul de naam in."),
        ("persoon-0-main_language", "", "Kies de taal waarin deze persoon het makkelijkst praat."),
        ("persoon-0-age", "veertig", "Vul een leeftijd in jaren in"),
        ("question", "<img src=x onerror=alert(1)>", "Gebruik geen HTML-code"),
        ("requester_phone", "12345", "Dit telefoonnummer klopt niet"),
        ("requester_phone", "06-1234", "Dit telefoonnummer klopt niet"),
        ("requester_email", "niet-een-adres", "Dit e-mailadres klopt niet"),
        ("municipality", "999999", "Kies een gemeente uit de lijst."),
        ("consent", "", "Zonder uw toestemming"),
    ],
)
def test_invalid_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, municipality, field, value, message
):
    data = form_data(municipality, **{field: value})
    if value == "":
        data.pop(field)
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert Request.objects.count() == 0
    assert 'id="error-summary"' in html
    if "Null" not in message:
        assert message in html
    # What the person typed elsewhere is still there.
    assert "Wijkteam Amsterdam-Oost" in html
    assert "Graag iemand die de Marokkaanse cultuur kent." in html
    assert "<script>alert" not in html


def test_phone_or_email_is_required(client, municipality):
    data = form_data(municipality, requester_phone="", requester_email="")
    response = client.post(URL, data)
    assert "Vul een telefoonnummer of een e-mailadres in" in response.content.decode()
    assert Request.objects.count() == 0


def test_professional_must_name_the_organisation(client, municipality):
    response = client.post(URL, form_data(municipality, requester_organisation=""))
    assert "Vul de naam van uw organisatie in." in response.content.decode()
    assert Request.objects.count() == 0


def test_family_member_needs_no_organisation(client, municipality):
    client.post(URL, form_data(municipality, requester_type="family", requester_organisation=""))
    assert Request.objects.get().requester_type == "family"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("020-1234567", "+31 20 123 4567"),
        ("+32 470 12 34 56", "+32 470 12 34 56"),
        ("0044 20 7946 0958", "+44 20 7946 0958"),
    ],
)
def test_dutch_and_international_phone_numbers_are_accepted(client, municipality, typed, stored):
    client.post(URL, form_data(municipality, requester_phone=typed))
    assert Request.objects.get().requester_phone == stored


def test_any_language_can_be_a_main_language(client, municipality):
    client.post(URL, form_data(municipality, languages=["hy", "nl", "en"]))
    req = Request.objects.get()
    assert req.main_language == "hy"
    assert req.languages == ["hy", "nl", "en"]


def test_a_text_that_is_not_a_question_is_accepted_with_a_gentle_note(client, municipality):
    response = client.post(
        URL, form_data(municipality, question="Mijn zoon gaat niet meer naar school."), follow=True
    )
    assert Request.objects.count() == 1
    assert "nog niet als vraag geschreven" in response.content.decode()


def test_informational_conversation_can_be_asked_for(client, municipality):
    response = client.post(URL, form_data(municipality, wants_info_conversation="yes"), follow=True)
    assert Request.objects.get().wants_info_conversation is True
    assert "informatief gesprek" in response.content.decode()


def test_script_in_free_text_is_never_rendered_as_html(client, municipality, manager, client_for):
    # Text with '<' that is not a tag is accepted and shown escaped to staff.
    client.post(URL, form_data(municipality, coordinator_wish="Liefst iemand <3 & 'geduldig'"))
    req = Request.objects.get()
    html = client_for(manager).get(f"/aanvragen/{req.uuid}/").content.decode()
    assert "Liefst iemand &lt;3 &amp; &#x27;geduldig&#x27;" in html


def test_honeypot_filled_in_creates_nothing(client, municipality):
    response = client.post(URL, form_data(municipality, website="http://spam.example"))
    assert response.status_code == 400
    assert Request.objects.count() == 0
    assert "Bel ons gratis" in response.content.decode()


def test_rate_limit_per_ip(client, municipality, settings):
    settings.KRING_REQUEST_RATE_LIMIT = 2

    def another(n):
        return form_data(municipality, question=f"Wat is nodig voor gezin {n}?")

    for n in range(2):
        client.post(URL, another(n), REMOTE_ADDR="10.0.0.1")
    response = client.post(URL, another(3), REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    assert Request.objects.count() == 2
    # Someone else is not affected.
    client.post(URL, another(4), REMOTE_ADDR="10.0.0.2")
    assert Request.objects.count() == 3


def test_missing_token_asks_to_send_again_and_then_works(client, municipality):
    data = form_data(municipality)
    data.pop("submission_token")
    response = client.post(URL, data)
    html = response.content.decode()
    assert "Het formulier is verlopen" in html
    assert Request.objects.count() == 0
    fresh = response.context["form"]["submission_token"].value()
    assert fresh
    client.post(URL, {**data, "submission_token": fresh})
    assert Request.objects.count() == 1


def test_form_works_in_english(client, municipality):
    client.post("/i18n/setlang/", {"language": "en", "next": "/aanvraag/"})
    response = client.get(URL)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_get_and_post_only(client, db):
    assert client.put(URL).status_code == 405


def test_contact_deadline_follows_the_region_and_skips_weekends_and_holidays(client, municipality):
    import datetime

    import time_machine

    municipality.region.contact_deadline_days = 5
    municipality.region.save()
    # Wednesday 23 December 2026: Christmas (25th, 26th) and the weekend do not count.
    with time_machine.travel(datetime.datetime(2026, 12, 23, 10, 0, tzinfo=datetime.UTC)):
        response = client.post(URL, form_data(municipality), follow=True)
    req = Request.objects.get()
    assert req.contact_due == datetime.date(2026, 12, 31)
    assert "Binnen 5 werkdagen" in response.content.decode()


def test_link_for_an_informational_conversation_preselects_it(client, db):
    response = client.get(URL, {"soort": "gesprek"})
    assert response.context["form"]["wants_info_conversation"].value() == "yes"


def test_language_names_carry_their_own_language(client, db):
    html = client.get(URL).content.decode()
    assert 'lang="ar"' in html


@pytest.mark.parametrize(
    "overrides",
    [
        {"topics": ["nonsense"]},
        {"languages": ["<script>"]},
        {"persoon-0-main_language": "xx-nonsense"},
        {"persoon-0-languages": ["<b>"]},
        {"persoon-TOTAL_FORMS": "900"},
        {"persoon-TOTAL_FORMS": "veel"},
        {"persoon-0-age": "-4"},
        {"persoon-0-age": "9" * 50},
        {"minors_involved": "misschien"},
        {"court_measure": "x" * 100_000},
        {"requester_type": ""},
        {"submission_token": "x" * 100_000},
        {"requester_email": "a@" + "b" * 100_000 + ".nl"},
        {"requester_phone": "+" + "9" * 100_000},
        {"municipality": "'; DROP TABLE intake_request; --"},
    ],
)
def test_odd_input_never_gives_a_server_error(client, municipality, overrides):
    response = client.post(URL, form_data(municipality, **overrides))
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert Request.objects.count() == 0


def test_mail_follows_the_language_of_the_form(
    client, municipality, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import translation

    client.post("/i18n/setlang/", {"language": "en", "next": "/aanvraag/"})
    seen = []
    original = translation.override

    def spy(language, *args, **kwargs):
        seen.append(language)
        return original(language, *args, **kwargs)

    # The outbox writes through kring.languages.services.speaking, which overrides Django's.
    monkeypatch.setattr(translation, "override", spy)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(municipality))
    assert seen == ["en"]
    assert len(mail.outbox) == 1


def test_a_posted_name_arrives_clean(client, municipality):
    from django.core.cache import cache

    from kring.intake.models import Request
    from kring.intake.tests.helpers import form_data

    cache.clear()
    data = form_data(municipality, requester_name="Karin\u202e Mulder\x00")
    response = client.post("/aanvraag/", data)
    assert response.status_code == 302
    assert Request.objects.get().requester_name == "Karin Mulder"


def test_submission_costs_a_fixed_number_of_queries(
    client, municipality, django_assert_num_queries
):
    client.get(URL)
    client.post(URL, form_data(municipality))
    # session, the token seen before?, the rate limit's count (one upsert, decision 195),
    # municipality with its region, savepoint, reference number (one upsert), request, main
    # person, an earlier request like it, audit, outbox message (one insert: a message
    # without a dedupe key needs no savepoint), release, session saved (savepoint, update,
    # release)
    with django_assert_num_queries(15):
        response = client.post(
            URL,
            form_data(
                municipality,
                requester_email="ander@example.org",
                requester_phone="06 87654321",
                main_person_names="Eva de Boer",
            ),
        )
    assert response.status_code == 302
    assert Request.objects.count() == 2


def test_the_empty_form_lists_municipalities_by_name_without_their_region(client, municipality):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    listed = [q["sql"] for q in captured.captured_queries if "accounts_municipality" in q["sql"]]
    assert len(listed) == 1
    assert "accounts_region" not in listed[0]
    assert f'<option value="{municipality.pk}">{municipality.name}</option>' in (
        response.content.decode()
    )
