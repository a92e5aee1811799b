"""A professional in the circle joins the case by invitation (issue 9).

The coordinator sends it from the professional's place in the circle, to the e-mail address
recorded there. An active professional account with that address is linked to the person at
once (and told by mail); otherwise a professional account is made and its single-use
activation link mailed (`kring.accounts.staff`), and the person is linked to it already, so
that after activating (password and second factor) the case's information and safety pages
open for them (`kring.network.access.cases_for_professional`: with the main person's consent).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.accounts import staff
from kring.accounts.models import Role, User
from kring.audit.services import Action, record
from kring.core.languages import document_language
from kring.core.links import absolute_reverse
from kring.network.models import Person, Ring
from kring.outbox import services as outbox


class InvitationRefused(Exception):
    """Why this person cannot be invited now, in plain Dutch."""


@dataclass(frozen=True)
class ProfessionalAccount:
    """What the person page shows about a professional's account (booleans only)."""

    applies: bool  # a professional in the circle
    linked: bool  # their Kring account is linked to this person
    activated: bool  # ... and they chose a password
    may_invite: bool  # an invitation can be sent now (e-mail and consent)


def account_state(person: Person) -> ProfessionalAccount:
    """The professional-account facts of one person in the circle."""
    applies = person.ring == Ring.PROFESSIONALS and not person.is_main_person
    linked = applies and person.user_id is not None
    activated = linked and person.user is not None and not staff.is_pending(person.user)
    return ProfessionalAccount(
        applies=applies,
        linked=linked,
        activated=activated,
        may_invite=applies and bool(person.email) and person.has_consent,
    )


def _check(person: Person) -> str:
    if person.ring != Ring.PROFESSIONALS or person.is_main_person:
        raise InvitationRefused(_("Alleen professionals in de kring krijgen een account."))
    if not person.email:
        raise InvitationRefused(_("Vul eerst het e-mailadres van deze professional in."))
    if not person.has_consent:
        raise InvitationRefused(
            _("Eerst toestemming van de hoofdpersoon; dan kan de professional meedoen.")
        )
    return person.email.strip().lower()


@transaction.atomic
def invite_professional(person: Person, *, actor: User, request: HttpRequest) -> bool:
    """Link the professional's account to this person, or invite them to make one.

    Returns True when an existing account was linked, False when an invitation was sent.
    """
    email = _check(person)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.role != Role.PROFESSIONAL:
            raise InvitationRefused(
                _("Dit e-mailadres hoort bij een account met een andere rol in Kring.")
            )
        if not existing.is_active:
            raise InvitationRefused(_("Het account met dit e-mailadres is gestopt."))
        Person.objects.filter(pk=person.pk).update(user=existing)
        person.user = existing
        if staff.is_pending(existing):
            staff.resend(existing, actor=actor, request=request)
        else:
            outbox.send_mail(
                "account.case_linked",
                to=existing.email,
                template="accounts/mail/case_linked",
                context={
                    "url": absolute_reverse("portal:professional"),
                    "invited_by": actor.full_name,
                },
                language=document_language(existing.preferred_language),
                case=person.case,
                about=existing,
            )
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            key="account.linked_to_case",
            changes={"account": "existing", "user": existing.uuid},
        )
        return True
    invited = staff.invite(
        email=email,
        full_name=person.name,
        role=Role.PROFESSIONAL,
        organisation=person.organisation,
        actor=actor,
        request=request,
        context={"case_invitation": True},
    )
    Person.objects.filter(pk=person.pk).update(user=invited.user)
    person.user = invited.user
    record(
        Action.UPDATE,
        person,
        actor=actor,
        request=request,
        case=person.case,
        key="account.case_invitation_sent",
        changes={"account": "new", "user": invited.user.uuid},
    )
    return False
