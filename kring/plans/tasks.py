"""Background work for plans: PDF rendering and notices with personal links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, override

from kring.audit.services import Action, record
from kring.core.languages import document_language
from kring.core.links import absolute_reverse
from kring.network.links import issue_link
from kring.network.models import LinkPurpose, Person, SafetyRequirement
from kring.plans.models import PlanRecipient, PlanVersion, SafetyAssessment
from kring.plans.pdf import version_pdf


@task()
def render_version_pdf(version_id: int) -> None:
    """Render and cache the PDF of a delivered version (off the request path)."""
    version = PlanVersion.objects.filter(pk=version_id).first()
    if version is not None:
        version_pdf(version)


def _send(person: Person, subject: str, template: str, context: dict[str, object]) -> None:
    with override(document_language(person.language)):
        body = render_to_string(
            template, {**context, "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME}
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    message.send()


@task()
def send_plan_notice(recipient_id: int) -> None:
    """Send one recipient a personal link to read the plan (never the PDF as attachment)."""
    recipient = (
        PlanRecipient.objects.select_related("person", "version__plan__case")
        .filter(pk=recipient_id, notified_at__isnull=True)
        .first()
    )
    if recipient is None or not recipient.person.email:
        return
    person = recipient.person
    with transaction.atomic():
        token = issue_link(person, LinkPurpose.PLAN)
        PlanRecipient.objects.filter(pk=recipient.pk).update(notified_at=timezone.now())
        record(
            Action.SEND,
            recipient.version,
            case=recipient.version.plan.case,
            actor_label="system",
            message=gettext("Link naar het plan gemaild"),
        )
    url = absolute_reverse("portal:link_plan", token)
    with override(document_language(person.language)):
        subject = gettext("Jullie plan staat klaar")
    _send(
        person,
        subject,
        "plans/email/plan_notice.txt",
        {"person": person, "url": url, "version": recipient.version},
    )


@task()
def send_not_met_notice(assessment_id: int) -> None:
    """Tell the main person(s) what the plan still misses for a safety requirement."""
    assessment = (
        SafetyAssessment.objects.select_related("requirement", "plan__case")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        return
    case = assessment.plan.case
    for person in Person.objects.filter(case=case, is_main_person=True).exclude(email=""):
        with transaction.atomic():
            token = issue_link(person, LinkPurpose.PLAN)
            record(
                Action.SEND,
                assessment,
                case=case,
                actor_label="system",
                message=gettext("Bericht: plan voldoet nog niet aan een minimumeis"),
            )
        url = absolute_reverse("portal:link_plan", token)
        with override(document_language(person.language)):
            subject = gettext("Jullie plan: er ontbreekt nog iets voor de veiligheid")
        _send(
            person,
            subject,
            "plans/email/not_met_notice.txt",
            {"person": person, "url": url, "assessment": assessment},
        )


@task()
def send_assessment_request(requirement_ids: list[int]) -> None:
    """Ask the professional(s) who set these requirements to assess the plan (one mail each)."""

    requirements = SafetyRequirement.objects.select_related("set_by__user", "case").filter(
        pk__in=requirement_ids
    )
    by_user: dict[int, tuple[Any, list[SafetyRequirement]]] = {}
    for requirement in requirements:
        user = requirement.set_by.user
        if user is not None and user.email and user.is_active:
            by_user.setdefault(user.pk, (user, []))[1].append(requirement)
    for user, items in by_user.values():
        url = absolute_reverse("portal:professional")
        with override("nl"):
            subject = gettext("Wilt u een plan beoordelen?")
            body = render_to_string(
                "plans/email/assessment_request.txt",
                {
                    "user": user,
                    "requirements": items,
                    "url": url,
                    "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
                },
            )
        EmailMultiAlternatives(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
        ).send()


@task()
def send_choice_request(person_ids: list[int]) -> None:
    """Send the main person(s) a personal link to read the draft plan and choose recipients."""
    for person in Person.objects.select_related("case").filter(pk__in=person_ids).exclude(email=""):
        with transaction.atomic():
            token = issue_link(person, LinkPurpose.PLAN)
            record(
                Action.SEND,
                person,
                case=person.case,
                actor_label="system",
                message=gettext("Link gemaild: kies wie het plan krijgt"),
            )
        url = absolute_reverse("portal:link_plan", token)
        with override(document_language(person.language)):
            subject = gettext("Jullie plan: wie mag het krijgen?")
        _send(person, subject, "plans/email/choose_recipients.txt", {"person": person, "url": url})
