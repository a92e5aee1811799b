"""The survey and the 'no more reminders' page reach a person in their own language."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.conferences.services import conference_for
from kring.followup import reminders, survey
from kring.network.models import Person
from kring.network.states import PersonStatus
from kring.outbox.models import Message

pytestmark = pytest.mark.django_db


def test_the_survey_mail_and_page_are_in_arabic_for_an_arabic_speaker(make_circle):
    circle = make_circle(held=True)
    circle.case.conference_held_at = timezone.now() - datetime.timedelta(days=2)
    circle.case.save()
    Person.objects.filter(pk=circle.aunt.pk).update(status=PersonStatus.PRESENT, language="ar")
    survey.send_surveys()
    message = Message.objects.get(kind="survey.invitation", to=circle.aunt.email)
    assert message.language == "ar"
    assert message.subject == "كيف كان المؤتمر بالنسبة لك؟"
    token = message.text.split("/vragenlijst/")[1].split("/")[0]
    url = reverse("followup:survey", args=[token])
    page = Client().get(url).content.decode()
    assert "هل شعرت أن أحدًا استمع إليك؟" in page and 'dir="rtl"' in page
    # A mistake is explained in Arabic too.
    refused = Client().post(url, {"heard": "11"})
    assert refused.status_code == 400
    assert "اختر رقمًا من 1 إلى 10." in refused.content.decode()


def test_the_opt_out_page_is_in_ukrainian_for_a_ukrainian_speaker(make_circle):
    circle = make_circle(held=True)
    Person.objects.filter(pk=circle.uncle.pk).update(language="uk")
    url = reverse("followup:opt_out", args=[reminders.opt_out_token(circle.uncle)])
    page = Client().get(url).content.decode()
    assert "Вимкнути нагадування" in page
    done = Client().post(url).content.decode()
    assert "Ви більше не отримуватимете нагадувань." in done


def test_a_reminder_to_the_circle_is_written_in_polish_for_a_polish_speaker(make_circle):
    monday = timezone.now().replace(hour=7, minute=0, second=0, microsecond=0)
    with time_machine.travel(monday, tick=False):
        circle = make_circle(scheduled=True)
        conference = conference_for(circle.case)
        conference.starts_at = monday + datetime.timedelta(days=1, hours=12)
        conference.save()
        Person.objects.filter(pk=circle.aunt.pk).update(status=PersonStatus.INVITED, language="pl")
        assert reminders.conference_tomorrow(monday.date()) >= 1
    message = Message.objects.get(kind="reminder.conference_tomorrow", to=circle.aunt.email)
    assert message.language == "pl"
    assert message.subject == "Jutro jest konferencja"
    assert "Nie chce Pan/Pani więcej przypomnień?" in message.text
