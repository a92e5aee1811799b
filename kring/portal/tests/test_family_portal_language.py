"""The family portal in the person's own language: the sign-in pages, the code mail and the
portal itself in Turkish and (right to left) Arabic, from the personal link on."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kring.network.links import issue_link
from kring.network.models import Person

pytestmark = pytest.mark.django_db


def test_a_turkish_participant_signs_in_and_reads_the_portal_in_turkish(circle, post_commit):
    Person.objects.filter(pk=circle.aunt.pk).update(language="tr")
    client = Client()
    token = issue_link(circle.aunt, "portal")
    entry = client.get(reverse("portal:family_entry", args=[token])).content.decode()
    assert "Kendi sayfanıza giriş yapın" in entry
    assert "Inloggen op uw eigen pagina" not in entry
    post_commit(client, reverse("portal:family_send_code", args=[token]), {"channel": "email"})
    message = [m for m in mail.outbox if m.to == [circle.aunt.email]][-1]
    assert message.subject == "Giriş kodunuz"
    body = str(message.body)
    assert "Kendi sayfanıza giriş kodunuz:" in body
    code = re.search(r"\b(\d{6})\b", body).group(1)  # type: ignore[union-attr]
    page = client.get(reverse("portal:family_code", args=[token])).content.decode()
    assert "Kodunuzu yazın" in page
    signed_in = client.post(reverse("portal:family_code", args=[token]), {"code": code})
    assert signed_in.status_code == 302
    home = client.get(reverse("portal:family_home")).content.decode()
    assert "Çıkış yap" in home and "Afmelden" not in home


def test_an_arabic_main_person_gets_the_sign_in_page_right_to_left(circle):
    Person.objects.filter(pk=circle.main.pk).update(language="ar")
    token = issue_link(circle.main, "portal")
    page = Client().get(reverse("portal:family_entry", args=[token])).content.decode()
    assert "تسجيل الدخول إلى صفحتك الخاصة" in page
    assert 'dir="rtl"' in page
