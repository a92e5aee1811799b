"""Mail about the plan, through the one outbox, in each reader's language.

Queued in the transaction of the change (delivery, assessment, a request to choose). Mails to
families carry a personal link, never the plan or safety texts themselves: what the plan says
(where the family is, who takes a child to school) stays behind the checked link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.notices import managers_of
from kring.cases.states import COORDINATOR_TASK_STATES
from kring.core.languages import document_language
from kring.core.links import absolute_reverse, absolute_url
from kring.languages.services import speech_for
from kring.network.links import issue_link
from kring.network.models import LinkPurpose, Person, SafetyRequirement
from kring.outbox import services as outbox
from kring.outbox.models import Message, MessageStatus
from kring.plans.models import PlanRecipient, SafetyAssessment

NOT_MET = "plan.not_met"
NOT_MET_COORDINATOR = "plan.not_met.coordinator"
NOT_MET_MANAGER = "plan.not_met.manager"


def _to_person(kind: str, person: Person, template: str, **context: object) -> Message | None:
    """A mail with a fresh personal plan link; queued even without an address, so that the
    case shows that this person could not be reached."""
    token = issue_link(person, LinkPurpose.PLAN) if person.email else ""
    return outbox.send_mail(
        kind,
        to=person.email,
        template=f"plans/email/{template}",
        context={
            "person": person,
            "url": absolute_reverse("portal:link_plan", token) if token else "",
            **context,
        },
        language=speech_for(person.language).code,
        case=person.case,
        about=person,
    )


def _to_user(kind: str, user: User, case: Case, template: str, **context: object) -> Message | None:
    return outbox.send_mail(
        kind,
        to=user.email,
        template=f"plans/email/{template}",
        context={"user": user, "case": case, **context},
        language=document_language(user.preferred_language),
        case=case,
        about=case,
    )


def plan_delivered(recipients: Iterable[PlanRecipient]) -> None:
    """Each chosen recipient gets a personal link to read the plan (never the PDF itself)."""
    for recipient in recipients:
        _to_person("plan.notice", recipient.person, "plan_notice", version=recipient.version)
        PlanRecipient.objects.filter(pk=recipient.pk).update(notified_at=timezone.now())
        record(
            Action.SEND,
            recipient.version,
            case=recipient.person.case,
            actor_label="system",
            changes={"version": recipient.version.number, "person": str(recipient.person.uuid)},
            key="plans.link_sent",
        )


def not_met(assessment: SafetyAssessment) -> list[Message]:
    """The professional judged that the plan does not meet a minimum requirement.

    The main person(s) get a link to read what is missing, and the organisation is told too,
    so the family is never the only one who knows: the coordinator while their task runs,
    otherwise the case's regional manager(s). Someone without an e-mail address is queued as
    "not reached" and shows on the case page for the coordinator to phone. The messages are
    kept on the assessment (by id) so the professional sees plainly who was told.
    """
    case = assessment.plan.case
    queued: list[Message | None] = []
    for person in Person.objects.filter(case=case, is_main_person=True).select_related("case"):
        queued.append(
            _to_person(
                NOT_MET,
                person,
                "not_met_notice",
                organisation=assessment.requirement.organisation,
            )
        )
    url = absolute_url(reverse("plans:detail", args=[case.uuid]))
    coordinator = case.coordinator
    if coordinator is not None and coordinator.is_active and case.status in COORDINATOR_TASK_STATES:
        queued.append(
            _to_user(NOT_MET_COORDINATOR, coordinator, case, "not_met_coordinator", url=url)
        )
    else:
        for manager in managers_of(case):
            queued.append(_to_user(NOT_MET_MANAGER, manager, case, "not_met_coordinator", url=url))
    messages = [m for m in queued if m is not None]
    assessment.notices = [str(m.uuid) for m in messages]
    assessment.save(update_fields=["notices"])
    failed = sum(m.status == MessageStatus.FAILED for m in messages)
    record(
        Action.SEND,
        assessment,
        case=case,
        actor_label="system",
        changes={"told": len(messages) - failed, "not_reached": failed},
        key="plans.not_met_notified",
    )
    return messages


@dataclass(frozen=True)
class NoticeLine:
    """Who was told about a "not met" judgement, and whether the message went out."""

    kind: str  # NOT_MET (a main person), NOT_MET_COORDINATOR or NOT_MET_MANAGER
    first_name: str  # a main person's first name; empty for the organisation
    status: str  # MessageStatus
    no_address: bool

    @property
    def to_main_person(self) -> bool:
        return self.kind == NOT_MET

    @property
    def to_coordinator(self) -> bool:
        return self.kind == NOT_MET_COORDINATOR

    @property
    def reached(self) -> bool:
        """Sent or still on its way; False when it cannot be delivered."""
        return self.status != MessageStatus.FAILED

    @property
    def sent(self) -> bool:
        return self.status == MessageStatus.SENT


@dataclass(frozen=True)
class NoticeReport:
    """Who was told of one "not met" judgement, with the two facts the page says plainly."""

    lines: list[NoticeLine]
    # How many messages were sent; fewer lines means some were removed since (retention).
    sent_count: int = 0

    @property
    def complete(self) -> bool:
        return len(self.lines) == self.sent_count

    @property
    def nobody_of_the_organisation(self) -> bool:
        """Nobody of the organisation got or will get the message: the professional must call."""
        return self.complete and not self.organisation_reached

    @property
    def family_unreached(self) -> bool:
        """Some main person could not be reached by mail (the coordinator sees it on the case)."""
        return any(line.to_main_person and not line.reached for line in self.lines)

    @property
    def organisation_reached(self) -> bool:
        """Someone of the organisation (coordinator or manager) got or will get the message."""
        return any(not line.to_main_person and line.reached for line in self.lines)


def notice_reports(
    assessments: Iterable[SafetyAssessment],
) -> dict[int, NoticeReport]:
    """Per assessment id, the messages sent about its "not met" judgement as they stand now
    (whether they went out or could not be delivered); two queries for any number."""
    assessments = [a for a in assessments if a.notices is not None]
    wanted = [m for a in assessments for m in a.notices or []]
    if not wanted:
        return {a.pk: NoticeReport([]) for a in assessments}
    messages = {
        str(m.uuid): m
        for m in Message.objects.filter(uuid__in=wanted).only(
            "uuid", "kind", "status", "last_error", "about_type", "about_id"
        )
    }
    about_people = [m.about_id for m in messages.values() if m.about_type == "network.person"]
    names = (
        {
            str(key): name
            for key, name in Person.objects.filter(uuid__in=about_people).values_list(
                "uuid", "name"
            )
        }
        if about_people
        else {}
    )
    result: dict[int, NoticeReport] = {}
    for assessment in assessments:
        result[assessment.pk] = NoticeReport(
            [
                NoticeLine(
                    kind=m.kind,
                    first_name=(names.get(m.about_id) or "").split(" ")[0],
                    status=m.status,
                    no_address=m.last_error == "no-address",
                )
                for m in (messages.get(key) for key in assessment.notices or [])
                if m is not None
            ],
            sent_count=len(assessment.notices or []),
        )
    return result


def assessment_requested(requirements: Iterable[SafetyRequirement]) -> int:
    """Ask each professional (with an account) who set a requirement to assess the plan; one
    mail each. Returns how many were asked."""
    by_user: dict[int, tuple[User, list[SafetyRequirement]]] = {}
    for requirement in requirements:
        user = requirement.set_by.user
        if user is not None and user.is_active:
            by_user.setdefault(user.pk, (user, []))[1].append(requirement)
    for user, items in by_user.values():
        cases = {r.case_id for r in items}
        url = (
            absolute_reverse("portal:professional_case", items[0].case.uuid)
            if len(cases) == 1
            else absolute_reverse("portal:start")
        )
        _to_user(
            "plan.assessment_request",
            user,
            items[0].case,
            "assessment_request",
            references=sorted({r.case.reference for r in items}),
            url=url,
        )
    return len(by_user)


def choice_requested(people: Iterable[Person]) -> None:
    """The main person(s) get a personal link to read the draft and choose the recipients."""
    for person in people:
        _to_person("plan.choose_recipients", person, "choose_recipients")
        record(
            Action.SEND,
            person,
            case=person.case,
            actor_label="system",
            key="plans.choice_link_sent",
        )
