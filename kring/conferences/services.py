"""Domain functions for the conference: logistics, scheduling, invitations, RSVP, dates.

Each runs in one transaction, writes its audit event and queues mail with `on_commit`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases import transitions
from kring.cases.funding import funding_blocks_scheduling
from kring.cases.models import Case
from kring.cases.states import Status
from kring.conferences.invitations import contact_for, queue_invitation, rsvp_days
from kring.conferences.models import (
    Conference,
    DateOption,
    DateVote,
    InformationItem,
    InformationStatus,
    Invitation,
    InvitationKind,
)
from kring.core.links import absolute_reverse
from kring.core.uploads import delete_after_commit, extension_for
from kring.languages.services import speech_for
from kring.network import transitions as person_transitions
from kring.network.links import issue_link
from kring.network.models import LinkPurpose, Person, PersonStatus, SafetyRequirement
from kring.network.services import conflicts
from kring.outbox import services as outbox

# Who gets updates and cancellations: everyone who may come.
RECEIVES_UPDATES = (PersonStatus.COMING, PersonStatus.MAYBE, PersonStatus.INVITED)
LOGISTICS_FIELDS = [
    "starts_at",
    "ends_at",
    "place_name",
    "address",
    "room",
    "accessibility",
    "interpreters",
    "childcare",
    "food",
    "travel",
    "internal_note",
]
# A change to one of these is news for the invitees (a new iCalendar SEQUENCE).
CALENDAR_FIELDS = {"starts_at", "ends_at", "place_name", "address", "room"}


class InvitationRefused(Exception):
    """This person may not be invited (no consent, no address)."""


def conference_to_show(case: Case) -> Conference:
    """The case's conference, or an unsaved empty one for a page to show (a GET writes nothing)."""
    return Conference.objects.filter(case=case).first() or Conference(case=case)


def conference_for(case: Case) -> Conference:
    """The case's conference record, created empty on first use (only from a change)."""
    conference, _created = Conference.objects.get_or_create(
        case=case, defaults={"ical_uid": f"{uuid.uuid4()}@kring"}
    )
    return conference


def _queue(people: list[Person], kind: str) -> None:
    for person in people:
        queue_invitation(person, kind)


def _recipients(case: Case) -> list[Person]:
    people = Person.objects.filter(case=case, status__in=RECEIVES_UPDATES).exclude(email="")
    return [p for p in people.select_related("case") if p.has_consent]


def update_logistics(
    conference: Conference,
    data: dict[str, Any],
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> Conference:
    """Save date, place and arrangements; once announced (scheduled, or an .ics went out), a
    change to date or place is sent to everyone who may come as an update with the same UID
    and a higher SEQUENCE."""
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        old = {k: getattr(conference, k) for k in LOGISTICS_FIELDS}
        for key in LOGISTICS_FIELDS:
            if key in data:
                setattr(conference, key, data[key])
        changed = sorted(k for k in LOGISTICS_FIELDS if getattr(conference, k) != old[k])
        calendar_changed = bool(CALENDAR_FIELDS & set(changed))
        case = conference.case
        # Once any .ics went out (or the meeting is scheduled), calendars hold this UID: a
        # change must carry a higher SEQUENCE and reach everyone who may come.
        announced = (
            case.status == Status.CONFERENCE_SCHEDULED
            or Invitation.objects.filter(person__case=case, ical_sequence__isnull=False).exists()
        )
        if calendar_changed and announced:
            conference.ical_sequence += 1
        conference.save()
        record(
            Action.UPDATE,
            conference,
            actor=actor,
            request=request,
            case=case,
            key="conference.logistics_changed",
            changes={"fields": changed, "sequence": conference.ical_sequence},
        )
        if calendar_changed and announced:
            _queue(_recipients(case), InvitationKind.UPDATE)
    return conference


def toggle_checklist(
    conference: Conference, key: str, done: bool, *, actor: User, request: HttpRequest | None = None
) -> Conference:
    """Tick or untick one manual checklist item."""
    with transaction.atomic():
        items = [k for k in conference.checklist_done if k != key]
        if done:
            items.append(key)
        conference.checklist_done = items
        conference.save(update_fields=["checklist_done", "updated_at"])
        record(
            Action.UPDATE,
            conference,
            actor=actor,
            request=request,
            case=conference.case,
            key="conference.checklist",
            changes={"item": key, "done": done},
        )
    return conference


def conference_ready(case: Case) -> list[str]:
    """Why the conference cannot be scheduled yet (empty when it can): a date and a place, the
    minimum requirement where safety is at stake, no open contact conflicts, approved
    funding where the region requires it (decision 0130), and the main person coming. The
    precondition `schedule` passes to the case's verb."""
    reasons: list[str] = []
    conference = Conference.objects.filter(case=case).first()
    if conference is None or conference.starts_at is None:
        reasons.append(_("Er is nog geen datum en tijd."))
    elif conference.starts_at <= timezone.now():
        reasons.append(_("De datum van de conferentie is voorbij. Kies een nieuwe datum."))
    if conference is None or not conference.place_name:
        reasons.append(_("Er is nog geen plaats."))
    if case.safety_at_stake and not SafetyRequirement.objects.filter(case=case).exists():
        reasons.append(_("De veiligheid is in het geding: er is nog geen minimumeis."))
    if conflicts(case):
        reasons.append(
            _("Twee mensen die elkaar niet mogen ontmoeten zijn voor hetzelfde deel uitgenodigd.")
        )
    if funding_blocks_scheduling(case):
        reasons.append(_("De regio vraagt goedgekeurde financiering vóór het plannen."))
    main = case.people.filter(is_main_person=True)
    if not main.filter(status__in=[PersonStatus.COMING, PersonStatus.PRESENT]).exists():
        reasons.append(_("De hoofdpersoon heeft nog niet gezegd te komen."))
    return reasons


def schedule(case: Case, *, actor: User, request: HttpRequest | None = None) -> Case:
    """Move the case to CONFERENCE_SCHEDULED once `conference_ready` has no objection, and send
    the .ics invitations after commit."""
    with transitions.locked(case) as locked:
        conference = Conference.objects.select_for_update().get(case=locked)
        if conference.cancelled_at is not None:
            # A new date after a cancellation (or a day nobody came): same UID, higher SEQUENCE.
            conference.cancelled_at = None
            conference.cancel_reason = ""
            conference.nobody_came = False
            conference.ical_sequence += 1
            conference.save(
                update_fields=["cancelled_at", "cancel_reason", "nobody_came", "ical_sequence"]
            )
        transitions.schedule_conference(
            locked, actor=actor, request=request, check=conference_ready
        )
        _queue(_recipients(locked), InvitationKind.REQUEST)
    return locked


def cancel(
    case: Case, *, reason: str, actor: User, request: HttpRequest | None = None
) -> Conference:
    """Cancel the planned conference: a METHOD:CANCEL to everyone who may come.

    The case goes back to IN_PREPARATION so a new date can be planned.
    """
    with transitions.locked(case) as locked:
        conference = Conference.objects.select_for_update().get(case=locked)
        conference.cancelled_at = timezone.now()
        conference.cancel_reason = reason
        conference.ical_sequence += 1
        conference.save(update_fields=["cancelled_at", "cancel_reason", "ical_sequence"])
        if locked.status == Status.CONFERENCE_SCHEDULED:
            # The reason is kept on the conference, not in the audit trail.
            transitions.cancel_conference(locked, actor=actor, request=request)
        record(
            Action.UPDATE,
            conference,
            actor=actor,
            request=request,
            case=locked,
            key="conference.cancelled",
            changes={"sequence": conference.ical_sequence},
        )
        _queue(_recipients(locked), InvitationKind.CANCEL)
    return conference


def invite(person: Person, *, actor: User, request: HttpRequest | None = None) -> None:
    """Queue an invitation e-mail to this person (sent after commit). Needs the main person's
    consent."""
    if not person.has_consent:
        raise InvitationRefused(_("De hoofdpersoon heeft (nog) geen toestemming gegeven."))
    if not person.email:
        raise InvitationRefused(_("Er is geen e-mailadres. Maak een brief om te versturen."))
    with transaction.atomic():
        conference_for(person.case)
        record(
            Action.UPDATE,
            person,
            actor=actor,
            request=request,
            case=person.case,
            key="invitation.queued",
        )
        _queue([person], InvitationKind.REQUEST)


def invite_all(case: Case, *, actor: User, request: HttpRequest | None = None) -> int:
    """Invite everyone with consent and an e-mail address who was not invited yet."""
    people = [
        p
        for p in Person.objects.filter(
            case=case,
            is_main_person=False,
            status__in=[PersonStatus.SUGGESTED, PersonStatus.INFORMED],
        ).exclude(email="")
        if p.has_consent
    ]
    with transaction.atomic():
        conference_for(case)
        for p in people:
            record(
                Action.UPDATE,
                p,
                actor=actor,
                request=request,
                case=case,
                key="invitation.queued",
            )
        _queue(people, InvitationKind.REQUEST)
    return len(people)


@dataclass
class Answer:
    status: str
    parts: list[str]
    needs_interpreter: bool
    interpreter_language: str
    needs_accessibility: str
    needs_childcare: bool
    needs_travel: bool
    note: str
    suits: dict[int, bool]


ANSWER_FIELDS = (
    "parts",
    "needs_interpreter",
    "interpreter_language",
    "needs_accessibility",
    "needs_childcare",
    "needs_travel",
    "answer_note",
)


def answer_rsvp(person: Person, answer: Answer, *, request: HttpRequest | None) -> Person:
    """Save a participant's answer from their personal link.

    The audit event names the answer (a status code) and which details changed, never the
    needs or the note themselves.
    """
    with transaction.atomic():
        old_status = person.status
        old = {k: getattr(person, k) for k in ANSWER_FIELDS}
        person_transitions.record_answer(
            person, answer.status, request=request, actor_label=f"link:rsvp:{person.uuid}"
        )
        if answer.parts:
            person.parts = answer.parts
        person.needs_interpreter = answer.needs_interpreter
        person.interpreter_language = answer.interpreter_language
        person.needs_accessibility = answer.needs_accessibility
        person.needs_childcare = answer.needs_childcare
        person.needs_travel = answer.needs_travel
        person.answer_note = answer.note
        person.answered_at = timezone.now()
        person.save()
        for option_id, suits in answer.suits.items():
            DateVote.objects.update_or_create(
                option_id=option_id, person=person, defaults={"suits": suits}
            )
        record(
            Action.UPDATE,
            person,
            request=request,
            case=person.case,
            actor_label=f"link:{LinkPurpose.RSVP}:{person.uuid}",
            key="invitation.answered",
            changes={
                "status": [old_status, person.status],
                "fields": sorted(k for k in ANSWER_FIELDS if getattr(person, k) != old[k]),
                "dates": len(answer.suits),
            },
        )
    return person


def add_date_option(
    conference: Conference,
    starts_at: datetime.datetime,
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> DateOption:
    """Propose a date; invitees mark whether it suits them."""
    with transaction.atomic():
        option, _created = DateOption.objects.get_or_create(
            conference=conference, starts_at=starts_at
        )
        record(
            Action.CREATE,
            option,
            actor=actor,
            request=request,
            case=conference.case,
            key="conference.date_proposed",
            changes={"starts_at": starts_at},
        )
    return option


def remove_date_option(option: DateOption, *, actor: User, request: HttpRequest | None) -> None:
    """Withdraw a proposed date (and its votes)."""
    with transaction.atomic():
        record(
            Action.DELETE,
            option,
            actor=actor,
            request=request,
            case=option.conference.case,
            key="conference.date_removed",
        )
        option.delete()


@dataclass
class RankedOption:
    option: DateOption
    main_person_can: bool | None
    yes: int
    no: int


def ranked_options(conference: Conference) -> list[RankedOption]:
    """Proposed dates, best first: the main person counts first, then the most yes."""
    if conference.pk is None:
        return []
    options = DateOption.objects.filter(conference=conference).annotate(
        yes=Count("votes", filter=Q(votes__suits=True)),
        no=Count("votes", filter=Q(votes__suits=False)),
    )
    main_votes = {
        v.option_id: v.suits
        for v in DateVote.objects.filter(option__conference=conference, person__is_main_person=True)
    }
    ranked = [RankedOption(o, main_votes.get(o.pk), o.yes, o.no) for o in options]
    ranked.sort(
        key=lambda r: (
            {True: 0, None: 1, False: 2}[r.main_person_can],
            -r.yes,
            r.no,
            r.option.starts_at,
        )
    )
    return ranked


def add_information_item(
    case: Case,
    *,
    question: str,
    answered_by: Person | None,
    actor: User,
    request: HttpRequest | None = None,
    shared_with_invitees: bool = False,
) -> InformationItem:
    """Add a question the network needs answered for a good plan."""
    with transaction.atomic():
        item = InformationItem.objects.create(
            case=case,
            question=question,
            answered_by=answered_by,
            shared_with_invitees=shared_with_invitees,
            status=InformationStatus.ASKED if answered_by else InformationStatus.OPEN,
            updated_by=actor,
        )
        record(
            Action.CREATE,
            item,
            actor=actor,
            request=request,
            case=case,
            key="information.asked",
            changes={"answered_by": answered_by.uuid if answered_by else None},
        )
    return item


def provide_information(
    item: InformationItem,
    *,
    answer: str,
    document: File | None,
    document_type: str,
    actor: User | None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> InformationItem:
    """A professional (or the coordinator) adds the information: text and/or a document.

    A professional without an account answers through a personal link: then `actor` is None
    and `actor_label` names the link.
    """
    with transaction.atomic():
        item.answer = answer
        if document is not None:
            # The earlier document goes from storage once the new one is committed.
            delete_after_commit(item.document.storage, item.document.name or "")
            # A form's FileField refuses a file without a name; the fallback is for the type.
            item.document_name = (document.name or "")[:200]
            item.document_type = document_type
            # Stored under a random name: the original name is kept for display only.
            extension = extension_for(document_type)
            item.document.save(f"{uuid.uuid4().hex}.{extension}", document, save=False)
        if answer or document is not None:
            item.status = InformationStatus.RECEIVED
        item.updated_by = actor
        item.save()
        record(
            Action.UPDATE,
            item,
            actor=actor,
            request=request,
            case=item.case,
            actor_label=actor_label,
            key="information.provided",
            changes={
                "answer": bool(answer),
                "document": document is not None,
                "document_type": document_type if document is not None else "",
            },
        )
    return item


def request_information_by_mail(
    item: InformationItem, *, actor: User, request: HttpRequest | None = None
) -> Person:
    """Mail the question's answerer (a professional without an account) a personal link to
    answer it. The mail names no family and no question: those are behind the link. One link
    covers every question put to this person; a new one replaces the old.

    The caller checks `kring.conferences.access.may_request_by_mail`.
    """
    person = item.answered_by
    if person is None:
        raise InvitationRefused(_("Er is niemand gekozen die deze informatie geeft."))
    with transaction.atomic():
        conference = Conference.objects.filter(case=item.case).first()
        raw = issue_link(person, LinkPurpose.INFORMATION, days=rsvp_days(conference))
        outbox.send_mail(
            "information.request",
            to=person.email,
            template="conferences/mail/information_request",
            context={
                "person": person,
                "url": absolute_reverse("portal:information_link", raw),
                "contact": contact_for(item.case),
            },
            language=speech_for(person.language).code,
            case=item.case,
            about=person,
        )
        record(
            Action.SEND,
            item,
            actor=actor,
            request=request,
            case=item.case,
            key="information.requested_by_mail",
            changes={"to": person.uuid},
        )
    return person
