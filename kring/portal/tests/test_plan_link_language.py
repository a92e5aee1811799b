"""The plan's link pages speak the person's language (`document_language`), unless they chose
another one with the language switcher."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_participant_reads_the_plan_in_their_language(
    client_for, coordinator, circle, ready_plan, post_commit, client
):
    circle.aunt.language = "en"
    circle.aunt.save()
    post_commit(
        client_for(coordinator),
        reverse("plans:deliver", args=[circle.case.uuid]),
        {"recipients": [circle.aunt.pk]},
    )
    message = next(m for m in mail.outbox if m.to == [circle.aunt.email])
    path = re.search(r"/plan/\S+/", str(message.body)).group(0)  # type: ignore[union-attr]
    page = client.get(path).content.decode()
    assert '<html lang="en"' in page
    assert "Your plan" in page
    # A language without Kring's texts falls back to Dutch; the switcher wins over both.
    circle.aunt.language = "xx"
    circle.aunt.save()
    assert '<html lang="nl"' in client.get(path).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en"' in client.get(path).content.decode()
