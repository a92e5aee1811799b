"""Reminders, each sent exactly once, in each reader's language; and the late-follow-up signal.

`send_once` writes a `Reminder` row and its outbox message in one transaction (a savepoint);
the row's unique constraint on (kind, object, recipient, due date) makes a second attempt, by a
restarted or a second worker, fail before anything is queued, and its message rolls back with
it. A person with a phone number also gets a short SMS (instead of the mail when there is no
e-mail address), queued in the same savepoint under the same row (decision 0182). A person
who switched reminders off (`Person.reminders_off`, through the link in each reminder or by
the coordinator) gets none; the reminders to staff are part of their work and cannot be
switched off.

The daily job `run(today)` sends what is due today:
- RSVP: invited, no answer yet, RSVP_DAYS_BEFORE days before the conference (fresh link);
- the day before the conference: everyone invited who has not declined;
- agreements falling due within AGREEMENT_DAYS_BEFORE days: each performer;
- the coordinator's check-in call, from the day it may be recorded;
- before a follow-up meeting, FOLLOW_UP_DAYS_BEFORE days ahead: the circle;
- two weeks after a planned follow-up without a record: a signal and one mail to the manager.
The managers' daily digest of late first contacts already exists (`kring.cases.tasks`) and is
not repeated here.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.access import check_in_opens_on
from kring.cases.models import Case
from kring.cases.notices import managers_of
from kring.cases.states import Status
from kring.conferences.invitations import rsvp_days
from kring.conferences.models import Conference
from kring.core.languages import document_language
from kring.core.links import absolute_reverse, absolute_url
from kring.followup.models import FollowUp, OverdueSignal, Reminder
from kring.languages.services import speaking, speech_for
from kring.network.links import issue_link
from kring.network.models import LinkPurpose, Person
from kring.network.states import PersonStatus
from kring.outbox import services as outbox
from kring.plans.models import Agreement, Plan

logger = logging.getLogger(__name__)

RSVP_DAYS_BEFORE = 7
AGREEMENT_DAYS_BEFORE = 3
FOLLOW_UP_DAYS_BEFORE = 3
OVERDUE_AFTER_DAYS = 14

RSVP = "rsvp"
CONFERENCE_TOMORROW = "conference_tomorrow"
AGREEMENT_DUE = "agreement_due"
CHECK_IN = "check_in"
FOLLOW_UP = "follow_up"
FOLLOW_UP_OVERDUE = "follow_up_overdue"

# Cases whose plan runs: agreements and follow-ups are reminded in these states.
PLAN_RUNNING = (Status.PLAN_DELIVERED, Status.CHECK_IN_DONE, Status.FOLLOW_UP)
AFTER_CHECK_IN = (Status.CHECK_IN_DONE, Status.FOLLOW_UP)

_OPT_OUT_SALT = "kring.followup.reminders.opt_out"


def opt_out_token(person: Person) -> str:
    """The token in the 'no more reminders' link: the person's uuid, signed (no expiry: a
    reminder read months later must still be able to stop the next one)."""
    return signing.dumps(str(person.uuid), salt=_OPT_OUT_SALT)


def person_for_opt_out(token: str) -> Person | None:
    """The person an opt-out token was made for, or None for anything forged or unknown."""
    try:
        value = signing.loads(token, salt=_OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return Person.objects.select_related("case").filter(uuid=value).first()


def switch_off(person: Person, *, request: object = None) -> bool:
    """The person switches their reminders off; False when they already were."""
    with transaction.atomic():
        changed = Person.objects.filter(pk=person.pk, reminders_off=False).update(
            reminders_off=True
        )
        if changed:
            record(
                Action.UPDATE,
                person,
                request=request,  # type: ignore[arg-type]
                case=person.case,
                actor_label=f"link:reminders:{person.uuid}",
                changes={"fields": ["reminders_off"]},
                key="followup.reminders_switched_off",
            )
    return bool(changed)


def reachable(person: Person) -> bool:
    """May this person get a reminder (by mail, by SMS or both)?"""
    return bool(person.email or person.phone) and person.has_consent and not person.reminders_off


def _day(value: datetime.date | None) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F") if value else ""


def sms_text(kind: str, context: dict[str, object]) -> str:
    """The short text of a reminder by SMS, in the active language (plain words, a link when
    there is one, and the link to switch reminders off)."""
    conference = context.get("conference")
    plan = context.get("plan")
    agreement = context.get("agreement")
    if kind == RSVP:
        line = gettext("Kring: wilt u nog laten weten of u op %(day)s bij het overleg komt?") % {
            "day": _day(getattr(conference, "starts_at", None))
        }
    elif kind == CONFERENCE_TOMORROW:
        line = gettext("Kring: morgen is het overleg over het plan.")
    elif kind == AGREEMENT_DUE:
        line = gettext("Kring: uw afspraak moet op %(day)s klaar zijn.") % {
            "day": _day(getattr(agreement, "due", None))
        }
    else:
        line = gettext("Kring: op %(day)s komt iedereen weer bij elkaar over het plan.") % {
            "day": _day(getattr(plan, "follow_up_at", None))
        }
    parts = [line]
    if context.get("url"):
        parts.append(str(context["url"]))
    parts.append(gettext("Geen herinneringen meer: %(url)s") % {"url": context["opt_out_url"]})
    return " ".join(parts)


def send_once(
    kind: str,
    *,
    case: Case,
    about: object,
    due: datetime.date,
    context: dict[str, object],
    person: Person | None = None,
    user: User | None = None,
    fresh: Callable[[], dict[str, object]] | None = None,
) -> bool:
    """Queue one reminder unless it was queued before; True when this call queued it.

    `fresh` adds to the context only once the reminder row is ours (a new personal link
    would otherwise supersede the one another worker just mailed).
    """
    if person is not None:
        to, language = person.email, speech_for(person.language).code
        context = {
            **context,
            "person": person,
            "opt_out_url": absolute_reverse("followup:opt_out", opt_out_token(person)),
        }
    elif user is not None:
        to, language = user.email, document_language(user.preferred_language)
        context = {**context, "user": user}
    else:  # pragma: no cover - a programming error
        raise ValueError("A reminder needs a person or a user.")
    about_id = str(getattr(about, "uuid", None) or getattr(about, "pk", about))
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind, case=case, about_id=about_id, person=person, user=user, due=due
            )
            if fresh is not None:
                context = {**context, **fresh()}
            message = None
            if to:
                message = outbox.send_mail(
                    f"reminder.{kind}",
                    to=to,
                    template=f"followup/mail/{kind}",
                    context={"case": case, **context},
                    language=language,
                    case=case,
                    about=person or case,
                )
            if person is not None and person.phone:
                with speaking(person.language) as speech:
                    sms = outbox.queue_sms(
                        f"reminder.{kind}.sms",
                        to=person.phone,
                        text=sms_text(kind, context),
                        language=speech.code,
                        case=case,
                        about=person,
                    )
                message = message or sms
            reminder.message_uuid = message.uuid if message else None
            reminder.save(update_fields=["message_uuid"])
            record(
                Action.SEND,
                reminder,
                actor_label="system",
                case=case,
                changes={"kind": kind, "due": due.isoformat()},
                key="followup.reminder_sent",
            )
    except IntegrityError:
        return False  # sent before (or by another worker right now)
    return True


def _invited(case_ids: Iterable[int], statuses: Iterable[str]) -> list[Person]:
    return list(
        Person.objects.filter(case_id__in=list(case_ids), status__in=list(statuses))
        .exclude(email="", phone="")
        .filter(reminders_off=False)
        .select_related("case")
    )


def _conferences_on(day: datetime.date) -> list[Conference]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    return list(
        Conference.objects.filter(
            starts_at__gte=start,
            starts_at__lt=end,
            cancelled_at__isnull=True,
            case__status=Status.CONFERENCE_SCHEDULED,
        ).select_related("case")
    )


def _rsvp_link(person: Person, conference: Conference) -> Callable[[], dict[str, object]]:
    def fresh() -> dict[str, object]:
        raw = issue_link(person, LinkPurpose.RSVP, days=rsvp_days(conference))
        return {"url": absolute_reverse("portal:rsvp", raw)}

    return fresh


def rsvp_reminders(today: datetime.date) -> int:
    """Invited people who did not answer yet, a week before the conference (a fresh link)."""
    sent = 0
    for conference in _conferences_on(today + datetime.timedelta(days=RSVP_DAYS_BEFORE)):
        for person in _invited([conference.case_id], [PersonStatus.INVITED]):
            if not reachable(person):
                continue
            link = _rsvp_link(person, conference)
            sent += send_once(
                RSVP,
                case=conference.case,
                about=conference,
                due=timezone.localdate(conference.starts_at),
                context={"conference": conference},
                person=person,
                fresh=link,
            )
    return sent


def conference_tomorrow(today: datetime.date) -> int:
    """Everyone invited who did not decline, the day before the conference."""
    sent = 0
    statuses = [PersonStatus.INVITED, PersonStatus.COMING, PersonStatus.MAYBE]
    for conference in _conferences_on(today + datetime.timedelta(days=1)):
        for person in _invited([conference.case_id], statuses):
            if reachable(person):
                sent += send_once(
                    CONFERENCE_TOMORROW,
                    case=conference.case,
                    about=conference,
                    due=timezone.localdate(conference.starts_at),
                    context={"conference": conference},
                    person=person,
                )
    return sent


def agreements_due(today: datetime.date) -> int:
    """Each performer of an agreement due within AGREEMENT_DAYS_BEFORE days."""
    sent = 0
    agreements = (
        Agreement.objects.filter(
            due__gte=today,
            due__lte=today + datetime.timedelta(days=AGREEMENT_DAYS_BEFORE),
            plan__case__status__in=PLAN_RUNNING,
        )
        .select_related("plan__case")
        .prefetch_related("performers")
    )
    for agreement in agreements:
        for person in agreement.performers.all():
            if reachable(person):
                sent += send_once(
                    AGREEMENT_DUE,
                    case=agreement.plan.case,
                    about=agreement,
                    due=agreement.due,
                    context={"agreement": agreement},
                    person=person,
                )
    return sent


def check_in_reminders(today: datetime.date) -> int:
    """The coordinator, from the day the check-in call may be recorded."""
    sent = 0
    cases = Case.objects.filter(
        status=Status.PLAN_DELIVERED, coordinator__isnull=False, coordinator__is_active=True
    ).select_related("coordinator")
    for case in cases:
        opens = check_in_opens_on(case)
        if opens is None or opens > today or case.coordinator is None:
            continue
        sent += send_once(
            CHECK_IN,
            case=case,
            about=case,
            due=case.check_in_due or opens,
            context={
                "due_on": case.check_in_due,
                "url": absolute_url(reverse("plans:check_in", args=[case.uuid])),
            },
            user=case.coordinator,
        )
    return sent


def _follow_up_day(plan: Plan) -> datetime.date | None:
    return timezone.localdate(plan.follow_up_at) if plan.follow_up_at else None


def follow_up_reminders(today: datetime.date) -> int:
    """The circle, FOLLOW_UP_DAYS_BEFORE days before the follow-up meeting."""
    sent = 0
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = start + datetime.timedelta(days=FOLLOW_UP_DAYS_BEFORE + 1)
    plans = Plan.objects.filter(
        follow_up_at__gte=start, follow_up_at__lt=end, case__status__in=PLAN_RUNNING
    ).select_related("case")
    for plan in plans:
        day = _follow_up_day(plan)
        if day is None or (day - today).days != FOLLOW_UP_DAYS_BEFORE:
            continue
        people = Person.objects.filter(case=plan.case).exclude(email="", phone="")
        for person in people.filter(Q(is_main_person=True) | Q(consent_at__isnull=False)):
            if reachable(person):
                sent += send_once(
                    FOLLOW_UP,
                    case=plan.case,
                    about=plan,
                    due=day,
                    context={"plan": plan},
                    person=person,
                )
    return sent


def overdue_follow_ups(today: datetime.date) -> int:
    """Two weeks after a planned follow-up without a record: a signal on the manager's
    worklist (`followup:worklist`) and one mail to them; returns how many signals were new."""
    raised = 0
    limit = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=OVERDUE_AFTER_DAYS - 1), datetime.time.min
        )
    )
    plans = Plan.objects.filter(
        follow_up_at__lt=limit, case__status__in=AFTER_CHECK_IN
    ).select_related("case", "case__regional_manager")
    for plan in plans:
        day = _follow_up_day(plan)
        if day is None or FollowUp.objects.filter(case=plan.case, planned_for=day).exists():
            continue
        with transaction.atomic():
            signal, created = OverdueSignal.objects.get_or_create(case=plan.case, planned_for=day)
            if created:
                raised += 1
                record(
                    Action.CREATE,
                    signal,
                    actor_label="system",
                    case=plan.case,
                    changes={"planned_for": day.isoformat()},
                    key="followup.overdue_signalled",
                )
            for manager in managers_of(plan.case):
                send_once(
                    FOLLOW_UP_OVERDUE,
                    case=plan.case,
                    about=signal,
                    due=day,
                    context={
                        "planned_for": day,
                        "url": absolute_url(reverse("followup:case", args=[plan.case.uuid])),
                    },
                    user=manager,
                )
    return raised


JOBS = (
    rsvp_reminders,
    conference_tomorrow,
    agreements_due,
    check_in_reminders,
    follow_up_reminders,
    overdue_follow_ups,
)


def run(today: datetime.date | None = None) -> dict[str, int]:
    """Every reminder due today; a failing kind is logged and the others still run."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    for job in JOBS:
        try:
            counts[job.__name__] = job(today)
        except Exception:
            logger.exception("Reminder job %s failed; it runs again tomorrow", job.__name__)
            counts[job.__name__] = -1
    return counts
