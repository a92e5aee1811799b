"""Mail about the plan, through the one outbox, in each reader's language.

Queued in the transaction of the change (delivery, assessment, a request to choose). Mails to
families carry a personal link, never the plan or safety texts themselves: what the plan says
(where the family is, who takes a child to school) stays behind the checked link.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.core.languages import document_language
from kring.core.links import absolute_reverse, absolute_url
from kring.network.links import issue_link
from kring.network.models import LinkPurpose, Person, SafetyRequirement
from kring.outbox import services as outbox
from kring.plans.models import PlanRecipient, SafetyAssessment


def _to_person(kind: str, person: Person, template: str, **context: object) -> None:
    """A mail with a fresh personal plan link; queued even without an address, so that the
    case shows that this person could not be reached."""
    token = issue_link(person, LinkPurpose.PLAN) if person.email else ""
    outbox.send_mail(
        kind,
        to=person.email,
        template=f"plans/email/{template}",
        context={
            "person": person,
            "url": absolute_reverse("portal:link_plan", token) if token else "",
            **context,
        },
        language=document_language(person.language),
        case=person.case,
        about=person,
    )


def _to_user(kind: str, user: User, case: Case, template: str, **context: object) -> None:
    outbox.send_mail(
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
            message="Link naar het plan gemaild",
        )


def not_met(assessment: SafetyAssessment) -> None:
    """The professional judged that the plan does not meet a minimum requirement.

    The main person(s) get a link to read what is missing; the coordinator is told too, so the
    family is never the only one who knows. Someone without an e-mail address shows on the
    case as "not reached", for the coordinator to phone.
    """
    case = assessment.plan.case
    for person in Person.objects.filter(case=case, is_main_person=True).select_related("case"):
        _to_person(
            "plan.not_met",
            person,
            "not_met_notice",
            organisation=assessment.requirement.organisation,
        )
    if case.coordinator is not None and case.coordinator.is_active:
        _to_user(
            "plan.not_met.coordinator",
            case.coordinator,
            case,
            "not_met_coordinator",
            url=absolute_url(reverse("plans:detail", args=[case.uuid])),
        )
    record(
        Action.SEND,
        assessment,
        case=case,
        actor_label="system",
        message="Bericht: plan voldoet nog niet aan een minimumeis",
    )


def assessment_requested(requirements: Iterable[SafetyRequirement]) -> int:
    """Ask each professional (with an account) who set a requirement to assess the plan; one
    mail each. Returns how many were asked."""
    by_user: dict[int, tuple[User, list[SafetyRequirement]]] = {}
    for requirement in requirements:
        user = requirement.set_by.user
        if user is not None and user.is_active:
            by_user.setdefault(user.pk, (user, []))[1].append(requirement)
    for user, items in by_user.values():
        _to_user(
            "plan.assessment_request",
            user,
            items[0].case,
            "assessment_request",
            references=sorted({r.case.reference for r in items}),
            url=absolute_reverse("portal:professional"),
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
            message="Link gemaild: kies wie het plan krijgt",
        )
