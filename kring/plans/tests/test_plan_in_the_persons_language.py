"""Plan mails, the plan pages and the PDFs reach each person in their own language, with the
language and writing direction in the page, the mail and the PDF (and a font for the script)."""

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from kring.network.links import issue_link


def _fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        resources: Any = page["/Resources"]
        fonts: Any = resources.get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).replace("-", ""))
    return names


@pytest.mark.django_db
def test_a_turkish_main_person_and_an_arabic_uncle_each_read_their_own_language(
    client_for, coordinator, circle, ready_plan, post_commit, client
):
    circle.main.language = "tr"
    circle.main.save()
    circle.uncle.language = "ar"
    circle.uncle.email = "karim@example.nl"
    circle.uncle.save()
    c = client_for(coordinator)
    post_commit(c, reverse("plans:ask_main_person", args=[circle.case.uuid]))
    ask = mail.outbox[-1]
    assert ask.subject == "Planınız: kim alabilir?"
    assert "Sayın Fatima Amrani," in ask.body and "Saygılarımızla," in ask.body
    match: Any = re.search(r"/plan/\S+/", str(ask.body))
    page = client.get(match.group(0)).content.decode()
    assert '<html lang="tr" dir="ltr">' in page
    assert "Planı kim alabilir?" in page and "Wie mag het plan krijgen?" not in page
    post_commit(
        c, reverse("plans:deliver", args=[circle.case.uuid]), {"recipients": [circle.uncle.pk]}
    )
    notice = next(m for m in mail.outbox if m.to == [circle.uncle.email])
    assert notice.subject == "خطتكم جاهزة"
    assert "عزيزي/عزيزتي Karim Amrani،" in notice.body
    token = issue_link(circle.uncle, "plan")
    page = client.get(reverse("portal:link_plan", args=[token])).content.decode()
    assert '<html lang="ar" dir="rtl">' in page and "اتفاقاتي فقط (PDF)" in page
    mine = client.get(reverse("portal:link_my_agreements_pdf", args=[token])).content
    reader = PdfReader(io.BytesIO(mine))
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    assert any("NotoNaskhArabic" in name for name in _fonts(mine))
    assert "اتفاقاتي" in reader.pages[0].extract_text()
    # The whole plan is written in the main person's language.
    whole = client.get(reverse("portal:link_plan_pdf", args=[token])).content
    whole_reader = PdfReader(io.BytesIO(whole))
    whole_root: Any = whole_reader.trailer["/Root"]
    assert whole_root["/Lang"] == "tr"
    assert "Planımız" in whole_reader.pages[0].extract_text()
