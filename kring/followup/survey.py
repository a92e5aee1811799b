"""The satisfaction survey after the conference: sent once to each participant and
professional who was there, answered once through a personal link, stored without a name.

The answer row (`SurveyAnswer`) has no link to the person; only the person's
`SurveyInvitation` says that they answered (so a second answer is refused), not what.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from kring.audit.services import Action, record
from kring.cases.states import Status
from kring.core.links import absolute_reverse
from kring.followup.models import SurveyAnswer, SurveyInvitation, SurveyRole
from kring.languages.services import speech_for
from kring.network.links import issue_link, revoke_links
from kring.network.models import LinkPurpose, Person, RevokeReason, Ring
from kring.network.states import PersonStatus
from kring.outbox import services as outbox

# Asked from the day after the conference, for people who were there.
SEND_AFTER_DAYS = 1
# How far back the daily job looks (a case that was already past this is not asked any more).
SEND_WITHIN_DAYS = 30
LINK_DAYS = 30

SENT_STATES = (Status.CONFERENCE_HELD, Status.PLAN_DELIVERED, Status.CHECK_IN_DONE,
               Status.FOLLOW_UP)  # fmt: skip


class AlreadyAnswered(Exception):
    """This person answered the survey before."""


def role_of(person: Person) -> str:
    return SurveyRole.PROFESSIONAL if person.ring == Ring.PROFESSIONALS else SurveyRole.PARTICIPANT


def send_surveys(today: datetime.date | None = None) -> int:
    """Ask everyone who was at a recent conference (once each); returns how many were asked."""
    now = timezone.now()
    today = today or timezone.localdate()
    latest = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=SEND_AFTER_DAYS - 1), datetime.time.min
        )
    )
    people = (
        Person.objects.filter(
            status=PersonStatus.PRESENT,
            case__status__in=SENT_STATES,
            case__conference_held_at__lt=latest,
            case__conference_held_at__gte=latest - datetime.timedelta(days=SEND_WITHIN_DAYS),
            survey_invitation__isnull=True,
        )
        .exclude(email="")
        .select_related("case")
    )
    sent = 0
    for person in people:
        if not person.has_consent:
            continue
        try:
            with transaction.atomic():
                # The marker first: a second worker fails here, before a link or a mail.
                SurveyInvitation.objects.create(person=person, sent_at=now)
                raw = issue_link(person, LinkPurpose.SURVEY, days=LINK_DAYS)
                outbox.send_mail(
                    "survey.invitation",
                    to=person.email,
                    template="followup/mail/survey",
                    context={
                        "person": person,
                        "url": absolute_reverse("followup:survey", raw),
                    },
                    language=speech_for(person.language).code,
                    case=person.case,
                    about=person,
                )
                record(
                    Action.SEND,
                    person,
                    actor_label="system",
                    case=person.case,
                    changes={"purpose": LinkPurpose.SURVEY},
                    key="followup.survey_sent",
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def has_answered(person: Person) -> bool:
    return SurveyInvitation.objects.filter(person=person, answered_at__isnull=False).exists()


def answer(
    person: Person,
    *,
    heard: int,
    plan: int,
    coordinator: int,
    open_answer: str,
    request: HttpRequest | None = None,
) -> SurveyAnswer:
    """Store one answer without the person's name and mark that they answered; the link stops
    working. A second answer raises AlreadyAnswered."""
    now = timezone.now()
    with transaction.atomic():
        marker, _created = SurveyInvitation.objects.select_for_update().get_or_create(person=person)
        if marker.answered_at is not None:
            raise AlreadyAnswered
        marker.answered_at = now
        marker.save(update_fields=["answered_at"])
        saved = SurveyAnswer.objects.create(
            case=person.case,
            role=role_of(person),
            heard=heard,
            plan=plan,
            coordinator=coordinator,
            open_answer=open_answer.strip(),
            month=timezone.localdate(now).replace(day=1),
        )
        revoke_links(person, LinkPurpose.SURVEY, reason=RevokeReason.SUPERSEDED)
        # Recorded against the case, not the answer: the trail must not pair a person's link
        # with their answer row.
        record(
            Action.CREATE,
            None,
            request=request,
            case=person.case,
            object_type="followup.surveyanswer",
            actor_label="link:survey",
            key="followup.survey_answered",
        )
    return saved
