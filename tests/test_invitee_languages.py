"""Languages for invitees (issue 9, finding 7): every invitee-facing page, mail and letter in the
person's own language, with lang and dir right; administrators add a language and its texts in
Kring's own screens; staff screens stay Dutch and English."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kring.accounts.language_forms import field_name
from kring.audit.models import AuditEvent
from kring.cases.tests.factories import CaseFactory
from kring.languages.models import Language, LanguageText
from kring.network.models import Person
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(municipality, coordinator):
    return CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)


@pytest.fixture
def main_person(case):
    return PersonFactory(case=case, main=True, name="Ayten Yılmaz", language="tr")


def _invite(client_for, coordinator, person, capture) -> Any:
    with capture(execute=True):
        response = client_for(coordinator).post(
            reverse("conferences:invite", args=[person.case.uuid, person.uuid])
        )
    assert response.status_code == 302
    return mail.outbox[-1]


class _Langs(HTMLParser):
    """Every element's lang and dir, and the text under each lang."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.root = values
        if tag == "a":
            self.links.append(values.get("href", ""))


def _letter(client_for, coordinator, person) -> bytes:
    response = client_for(coordinator).post(
        reverse("conferences:letter", args=[person.case.uuid, person.uuid])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def _font_names(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts: Any = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).replace("-", ""))
    return names


def test_a_turkish_mother_gets_her_invitation_mail_in_turkish(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    person = PersonFactory(case=case, consented=True, language="tr", name="Elif Yılmaz")
    message = _invite(client_for, coordinator, person, django_capture_on_commit_callbacks)
    assert message.subject == "Davet: Ayten için Aile Grup Konferansı"
    assert message.body.startswith("Sayın Elif Yılmaz,")
    assert "Gelip gelmeyeceğinizi bize bildirin." in message.body
    assert "Beste" not in message.body and "Met vriendelijke groet" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    parser = _Langs()
    parser.feed(html)
    assert parser.root == {"lang": "tr", "dir": "ltr"}
    assert '<div lang="tr" dir="ltr">' in html and "Saygılarımızla," in html
    # The link in the HTML part is a real link (not escaped twice).
    assert any("/u/" in href for href in parser.links)


def test_the_main_person_herself_gets_a_turkish_invitation(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    main_person.consent_at = timezone.now()
    main_person.email = "ayten@example.nl"
    main_person.save()
    message = _invite(client_for, coordinator, main_person, django_capture_on_commit_callbacks)
    assert message.subject == "Davet: sizin Aile Grup Konferansınız"
    assert "Kendi Aile Grup Konferansınıza davetlisiniz." in message.body


def test_an_arabic_mail_is_arabic_and_right_to_left(
    client_for, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    person = PersonFactory(case=case, consented=True, language="ar", name="Omar Haddad")
    message = _invite(client_for, coordinator, person, django_capture_on_commit_callbacks)
    html, _mimetype = message.alternatives[0]
    parser = _Langs()
    parser.feed(html)
    assert parser.root == {"lang": "ar", "dir": "rtl"}
    assert "عزيزي/عزيزتي Omar Haddad،" in message.body


def test_the_rsvp_page_of_a_turkish_person_is_turkish(client, case, main_person):
    from kring.network.links import issue_link

    person = PersonFactory(case=case, invited=True, language="tr")
    html = client.get(reverse("portal:rsvp", args=[issue_link(person, "rsvp")])).content.decode()
    assert '<html lang="tr" dir="ltr">' in html
    assert "Geliyor musunuz?" in html and "Evet, geliyorum" in html
    assert "Ayten sizi bir Aile Grup Konferansına davet ediyor." in html


def test_the_letter_pdf_in_turkish(client_for, coordinator, case, main_person):
    person = PersonFactory(case=case, consented=True, email="", language="tr", name="Elif Y")
    reader = PdfReader(io.BytesIO(_letter(client_for, coordinator, person)))
    assert reader.trailer["/Root"]["/Lang"] == "tr"
    text = reader.pages[0].extract_text()
    assert "Sayın Elif Y," in text and "Kişisel kodunuz" in text
    assert "Uw persoonlijke code" not in text


def test_a_tigrinya_letter_embeds_the_geez_font(client_for, coordinator, case, main_person):
    person = PersonFactory(case=case, consented=True, email="", language="ti", name="Yonas T")
    data = _letter(client_for, coordinator, person)
    assert any("NotoSansEthiopic" in name for name in _font_names(data))
    reader = PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == "ti"
    assert "ናይ ባዕልኹም ኮድ" in reader.pages[0].extract_text()


def test_an_arabic_letter_embeds_the_arabic_font(client_for, coordinator, case, main_person):
    person = PersonFactory(case=case, consented=True, email="", language="ar", name="Omar H")
    assert any(
        "NotoNaskhArabic" in name for name in _font_names(_letter(client_for, coordinator, person))
    )


# --- An administrator adds Somali without a deploy ---------------------------------------------


def test_an_administrator_adds_somali_and_a_person_gets_somali_pages_and_mail(
    client_for, admin_user, coordinator, case, main_person, django_capture_on_commit_callbacks
):
    admin = client_for(admin_user)
    assert admin.get(reverse("accounts:languages")).status_code == 200
    response = admin.post(
        reverse("accounts:add_language"),
        {"code": "so", "native_name": "Soomaali", "direction": "ltr", "active": "on"},
    )
    assert response.status_code == 302
    texts_url = reverse("accounts:language_texts", args=["so"])
    assert response["Location"] == texts_url
    page = admin.get(texts_url).content.decode()
    # Each source string with its Dutch original; missing ones fall back to Dutch, said so.
    assert "Antwoord versturen" in page and "de persoon ziet het Nederlands" in page
    assert f'name="{field_name("Antwoord versturen")}"' in page
    response = admin.post(
        texts_url,
        {
            field_name("Antwoord versturen"): "Dir jawaabta",
            field_name("Uw uitnodiging"): "Martiqaadkaaga",
            field_name("Beste %(name)s,"): "Gacaliye %(name)s,",
            field_name("Uitnodiging: Eigen Kracht-conferentie voor %(main_person)s"): (
                "Martiqaad: shirka qoyska ee %(main_person)s"
            ),
        },
    )
    assert response.status_code == 302
    assert LanguageText.objects.filter(language__code="so").count() == 4
    assert AuditEvent.objects.filter(key="language.added").exists()
    event = AuditEvent.objects.get(key="language.texts_changed")
    assert event.changes == {"code": "so", "changed": 4, "removed": 0}
    # The coordinator can now give Somali to someone in the circle form.
    c = client_for(coordinator)
    form = c.get(reverse("network:add_person", args=[case.uuid])).content.decode()
    assert '<option value="so">Soomaali</option>' in form
    response = c.post(
        reverse("network:add_person", args=[case.uuid]),
        {
            "name": "Hodan Warsame",
            "relation": "friend",
            "ring": "community",
            "language": "so",
            "email": "hodan@example.nl",
        },
    )
    assert response.status_code == 302
    hodan = Person.objects.get(name="Hodan Warsame")
    assert hodan.language == "so"
    c.post(
        reverse("network:give_consent", args=[case.uuid, hodan.uuid]),
        {"consent-given_by": "Ayten"},
    )
    message = _invite(client_for, coordinator, hodan, django_capture_on_commit_callbacks)
    assert message.subject == "Martiqaad: shirka qoyska ee Ayten"
    assert message.body.startswith("Gacaliye Hodan Warsame,")
    html, _mimetype = message.alternatives[0]
    assert 'lang="so"' in html
    link: Any = re.search(r"/u/[^/\s]+/", message.body)
    page = c.get(link.group(0)).content.decode()
    assert '<html lang="so" dir="ltr">' in page
    assert "Martiqaadkaaga" in page and "Dir jawaabta" in page
    # A text not written yet falls back to Dutch.
    assert "Komt u?" in page


def test_a_text_must_keep_its_placeholders(client_for, admin_user):
    admin = client_for(admin_user)
    admin.post(
        reverse("accounts:add_language"),
        {"code": "so", "native_name": "Soomaali", "direction": "ltr", "active": "on"},
    )
    response = admin.post(
        reverse("accounts:language_texts", args=["so"]),
        {
            field_name("Hallo %(name)s"): "Soo dhawoow",
            field_name("Uw uitnodiging"): "Martiqaadkaaga 100%",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Neem deze stukken precies zo over: %(name)s" in html
    assert "Soo dhawoow</textarea>" in html
    assert not LanguageText.objects.exists()


def test_an_unknown_code_or_a_second_turkish_is_refused(client_for, admin_user):
    admin = client_for(admin_user)
    response = admin.post(
        reverse("accounts:add_language"),
        {"code": "zz", "native_name": "Nergens", "direction": "ltr", "active": "on"},
    )
    assert response.status_code == 400
    assert "Deze taalcode kennen we niet" in response.content.decode()
    response = admin.post(
        reverse("accounts:add_language"),
        {"code": "tr", "native_name": "Türkçe", "direction": "ltr", "active": "on"},
    )
    assert response.status_code == 400 and "Deze taal is er al." in response.content.decode()


def test_a_deactivated_language_is_no_longer_offered(client_for, admin_user, coordinator, case):
    admin = client_for(admin_user)
    response = admin.post(
        reverse("accounts:edit_language", args=["pl"]),
        {"native_name": "Polski", "direction": "ltr"},
    )
    assert response.status_code == 302
    assert not Language.objects.get(code="pl").active
    assert AuditEvent.objects.get(key="language.changed").changes == {
        "code": "pl",
        "fields": ["active"],
    }
    form = client_for(coordinator).get(reverse("network:add_person", args=[case.uuid]))
    html = form.content.decode()
    assert 'value="pl"' not in html and 'value="ti"' in html


def test_only_administrators_keep_languages(client_for, coordinator, manager):
    for user in (coordinator, manager):
        assert client_for(user).get(reverse("accounts:languages")).status_code == 403
        response = client_for(user).post(
            reverse("accounts:add_language"),
            {"code": "so", "native_name": "Soomaali", "direction": "ltr", "active": "on"},
        )
        assert response.status_code == 403
    assert not Language.objects.filter(code="so").exists()


# --- Staff screens stay Dutch and English ------------------------------------------------------


def test_staff_screens_offer_and_speak_only_dutch_and_english(client_for, coordinator):
    c = client_for(coordinator)
    html = c.get(reverse("portal:start")).content.decode()
    switcher = html[
        html.index('class="lang-switch"') : html.index("</form>", html.index("lang-switch"))
    ]
    assert 'value="en"' in switcher
    for code in ("tr", "ar", "pl", "uk", "ti"):
        assert f'value="{code}"' not in switcher
    c.cookies["django_language"] = "tr"
    assert '<html lang="nl">' in c.get(reverse("portal:start")).content.decode()
    response = c.get(reverse("portal:start"), HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="nl">' in response.content.decode()


def test_the_letter_leads_to_a_code_page_in_the_letters_language(
    client, client_for, coordinator, case, main_person
):
    person = PersonFactory(case=case, consented=True, email="", language="tr", name="Elif Y")
    text = PdfReader(io.BytesIO(_letter(client_for, coordinator, person))).pages[0].extract_text()
    assert "/c/?taal=tr" in re.sub(r"\s", "", text), text
    html = client.get(reverse("portal:code_entry") + "?taal=tr").content.decode()
    assert '<html lang="tr" dir="ltr">' in html and "Mektubunuzdaki kod" in html
    wrong = client.post(reverse("portal:code_entry") + "?taal=tr", {"code": "x"})
    assert wrong.status_code == 400 and "Bir kodda 10 harf ve rakam var." in wrong.content.decode()
    # Without ?taal (or with a language Kring does not speak) the page is Dutch.
    html = client.get(reverse("portal:code_entry") + "?taal=xx").content.decode()
    assert '<html lang="nl" dir="ltr">' in html and "Code uit uw brief" in html


def test_a_tigrinya_page_names_the_date_in_tigrinya(client, case, main_person):
    import datetime

    from kring.conferences.services import conference_for
    from kring.network.links import issue_link

    conference = conference_for(case)
    conference.starts_at = timezone.make_aware(datetime.datetime(2026, 12, 14, 10, 0))
    conference.place_name = "Buurthuis"
    conference.save()
    person = PersonFactory(case=case, invited=True, language="ti")
    html = client.get(reverse("portal:rsvp", args=[issue_link(person, "rsvp")])).content.decode()
    assert "ሰኑይ 14 ታሕሳስ 2026" in html
    assert "maandag" not in html and "december" not in html


def test_dutch_and_english_stay_active(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("accounts:edit_language", args=["en"]),
        {"native_name": "English", "direction": "ltr"},
    )
    assert response.status_code == 400
    assert "Nederlands en Engels blijven actief" in response.content.decode()
    assert Language.objects.get(code="en").active
