"""The satisfaction survey: sent once to who was there, answered once through the personal
link in their language, stored without a name, read only by the organisation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.followup import survey
from kring.followup.models import SurveyAnswer, SurveyInvitation
from kring.network.models import Person
from kring.network.states import PersonStatus
from kring.outbox.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_conference(make_circle):
    circle = make_circle(held=True)
    circle.case.conference_held_at = timezone.now() - datetime.timedelta(days=2)
    circle.case.save()
    Person.objects.filter(pk__in=[circle.main.pk, circle.aunt.pk, circle.prof.pk]).update(
        status=PersonStatus.PRESENT
    )
    Person.objects.filter(pk=circle.prof.pk).update(language="en")
    Person.objects.filter(pk=circle.uncle.pk).update(status=PersonStatus.NOT_COMING)
    return circle


def _link(person) -> str:
    message = Message.objects.get(kind="survey.invitation", to=person.email)
    return message.text.split("/vragenlijst/")[1].split("/")[0]


def test_everyone_who_was_there_is_asked_once(after_conference):
    assert survey.send_surveys() == 3
    assert survey.send_surveys() == 0  # the next day, a restart, a second worker
    sent = {m.to for m in Message.objects.filter(kind="survey.invitation")}
    assert sent == {after_conference.main.email, after_conference.aunt.email,
                    after_conference.prof.email}  # fmt: skip
    prof_mail = Message.objects.get(to=after_conference.prof.email, kind="survey.invitation")
    assert prof_mail.language == "en"
    assert SurveyInvitation.objects.count() == 3


def test_the_answer_is_stored_without_a_name_and_only_once(after_conference, client):
    survey.send_surveys()
    url = reverse("followup:survey", args=[_link(after_conference.aunt)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Voelde u zich gehoord?" in page.content.decode()
    assert page["Referrer-Policy"] == "strict-origin"  # a personal-link page (decision 0121)
    response = client.post(
        url, {"heard": "8", "plan": "7", "coordinator": "9", "open_answer": "Fijn gesprek."}
    )
    assert response.status_code == 200
    assert "Dank u wel" in response.content.decode()
    answer = SurveyAnswer.objects.get()
    assert (answer.heard, answer.plan, answer.coordinator) == (8, 7, 9)
    assert answer.role == "participant"
    assert answer.month.day == 1
    # No field of the answer points at a person.
    assert not [
        f for f in SurveyAnswer._meta.get_fields() if getattr(f, "related_model", None) is Person
    ]
    marker = SurveyInvitation.objects.get(person=after_conference.aunt)
    assert marker.answered_at is not None
    # The link stops working: no second answer.
    assert client.post(url, {"heard": "1", "plan": "1", "coordinator": "1"}).status_code == 404
    with pytest.raises(survey.AlreadyAnswered):
        survey.answer(after_conference.aunt, heard=1, plan=1, coordinator=1, open_answer="")
    assert SurveyAnswer.objects.count() == 1
    event = AuditEvent.objects.get(key="followup.survey_answered")
    assert "Fijn" not in str(event.changes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"heard": "11", "plan": "5", "coordinator": "5"}, "Kies een cijfer van 1 tot en met 10."),
        ({"heard": "0", "plan": "5", "coordinator": "5"}, "Kies een cijfer van 1 tot en met 10."),
        ({"plan": "5", "coordinator": "5"}, "Kies een cijfer van 1 tot en met 10."),
        (
            {"heard": "5", "plan": "5", "coordinator": "5", "open_answer": "x" * 1001},
            "Schrijf hooguit 1000 tekens.",
        ),
    ],
)
def test_scores_are_validated_in_plain_dutch(after_conference, client, data, message):
    survey.send_surveys()
    url = reverse("followup:survey", args=[_link(after_conference.main)])
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_open_answers_are_for_the_organisation_only(
    after_conference, client, manager, coordinator, professional, admin_user, make_user,
    other_region, client_for,
):  # fmt: skip
    survey.send_surveys()
    client.post(
        reverse("followup:survey", args=[_link(after_conference.prof)]),
        {"heard": "6", "plan": "6", "coordinator": "6", "open_answer": "Meer tijd graag."},
    )
    url = reverse("followup:survey_answers")
    for user in (manager, admin_user):
        page = client_for(user).get(url)
        assert page.status_code == 200
        assert "Meer tijd graag." in page.content.decode()
        assert after_conference.prof.name not in page.content.decode()
    for user in (coordinator, professional):
        assert client_for(user).get(url).status_code == 403
    elsewhere = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    assert "Meer tijd graag." not in client_for(elsewhere).get(url).content.decode()
    assert AuditEvent.objects.filter(key="followup.survey_answers_viewed").exists()
