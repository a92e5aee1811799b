"""Demo data after the conference: held follow-up meetings with their outcome register, and a
few anonymous survey answers (idempotent).

The cases seeder hands cases in *Vervolg* and *Afgesloten*; the plans seeder gave them a plan
and the check-in. Here those cases get what `kring.followup.meetings.record_follow_up` would
have written, with the case's own dates (running the service would stamp everything "now" and
move the cases again). A case in *Vervolg* gets its next meeting in the plan, in the future, so
the demo shows no late-follow-up signal it did not earn.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from kring.accounts.models import Role, User
from kring.cases.models import Case
from kring.cases.states import Status
from kring.demo.accounts import DemoContext
from kring.followup.models import (
    AgreementProgress,
    FollowUp,
    SurveyAnswer,
    SurveyInvitation,
    SurveyRole,
)
from kring.network.models import Person, Ring
from kring.network.states import PersonStatus
from kring.plans.models import Plan

Register = tuple[str, str, str, str, tuple[str, ...]]

# Per case (in order): the register, and how each agreement went (cycled over the agreements).
REGISTERS: list[Register] = [
    ("partly", "partly", "reduced", "none", ("done", "partly", "done")),
    ("done", "yes", "reduced", "no", ("done", "done", "done")),
    ("partly", "partly", "same", "yes", ("done", "not_done", "partly")),
]
# A few answers: (heard, plan, coordinator, open answer).
ANSWERS = [
    (9, 8, 9, "Voor het eerst zat iedereen aan tafel. Dat had ik niet verwacht."),
    (7, 6, 8, "Het plan is goed, maar deel 2 duurde lang."),
    (8, 8, 10, ""),
    (6, 7, 7, "Graag een tolk voor mijn moeder de volgende keer."),
]


def _recorder(case: Case) -> User | None:
    if case.regional_manager is not None:
        return case.regional_manager
    return User.objects.filter(role=Role.ADMIN, is_active=True).order_by("id").first()


def _meeting(
    case: Case,
    plan: Plan,
    *,
    held_on: datetime.date,
    planned_for: datetime.date | None,
    register: Register,
    next_at: datetime.datetime | None,
    recorder: User,
    present: list[Person],
) -> None:
    agreements, question, help_, safety, steps = register
    follow_up, created = FollowUp.objects.get_or_create(
        case=case,
        held_on=held_on,
        defaults={
            "planned_for": planned_for,
            "agreements": agreements,
            "question_answered": question,
            "professional_help": help_,
            "safety_holds": safety,
            "changes": "Opa neemt de woensdag over; verder blijft het plan zoals het is.",
            "next_at": next_at,
            "closes_case": next_at is None,
            "recorded_by": recorder,
        },
    )
    if not created:
        return
    follow_up.present.set(present)
    AgreementProgress.objects.bulk_create(
        [
            AgreementProgress(
                follow_up=follow_up,
                agreement=agreement,
                what=agreement.what,
                status=steps[i % len(steps)],
                note="Lukt bijna altijd." if steps[i % len(steps)] == "partly" else "",
            )
            for i, agreement in enumerate(plan.agreements.all())
        ]
    )


def _safety(case: Case, register: Register) -> Register:
    """A case with a minimum requirement cannot say 'there was none'."""
    if register[3] == "none" and case.safety_requirements.exists():
        return (*register[:3], "yes", register[4])
    return register


def seed(ctx: DemoContext) -> None:
    """Create or refresh the follow-up meetings and survey answers (idempotent)."""
    handed: dict[str, Case] = ctx.extra.get("cases") or {}
    now = timezone.now()
    later = [c for c in handed.values() if c.status in (Status.FOLLOW_UP, Status.CLOSED)]
    for index, case in enumerate(sorted(later, key=lambda c: c.reference)):
        plan = Plan.objects.filter(case=case).first()
        recorder = _recorder(case)
        if plan is None or recorder is None or case.follow_up_at is None:
            continue
        register = _safety(case, REGISTERS[index % len(REGISTERS)])
        present = list(
            Person.objects.filter(case=case, status=PersonStatus.PRESENT).order_by("id")[:5]
        )
        first_day = timezone.localdate(case.follow_up_at)
        planned = timezone.localdate(plan.follow_up_at) if plan.follow_up_at else first_day
        if case.status == Status.FOLLOW_UP:
            next_at = (now + datetime.timedelta(days=35)).replace(
                hour=19, minute=0, second=0, microsecond=0
            )
            _meeting(case, plan, held_on=first_day, planned_for=planned, register=register,
                     next_at=next_at, recorder=recorder, present=present)  # fmt: skip
            if not plan.follow_up_at or plan.follow_up_at < now:
                Plan.objects.filter(pk=plan.pk).update(follow_up_at=next_at)
        else:
            closed_on = timezone.localdate(case.closed_at) if case.closed_at else first_day
            closing = REGISTERS[1]
            _meeting(case, plan, held_on=first_day, planned_for=planned, register=register,
                     next_at=case.closed_at or case.follow_up_at, recorder=recorder,
                     present=present)  # fmt: skip
            _meeting(case, plan, held_on=closed_on, planned_for=closed_on,
                     register=_safety(case, closing), next_at=None, recorder=recorder,
                     present=present)  # fmt: skip
    _survey(handed, now)


def _survey(handed: dict[str, Case], now: datetime.datetime) -> None:
    """A few answers from people who were at a conference; each marked as answered once."""
    done = [
        c
        for c in handed.values()
        if c.status in (Status.CHECK_IN_DONE, Status.FOLLOW_UP, Status.CLOSED)
    ]
    n = 0
    for case in sorted(done, key=lambda c: c.reference):
        for person in Person.objects.filter(case=case, status=PersonStatus.PRESENT).order_by("id")[
            :2
        ]:
            _marker, created = SurveyInvitation.objects.get_or_create(
                person=person,
                defaults={"sent_at": case.conference_held_at or now, "answered_at": now},
            )
            if not created:
                continue
            heard, plan, coordinator, text = ANSWERS[n % len(ANSWERS)]
            n += 1
            answered = timezone.localdate(case.conference_held_at or now) + datetime.timedelta(
                days=3
            )
            SurveyAnswer.objects.create(
                case=case,
                role=SurveyRole.PROFESSIONAL
                if person.ring == Ring.PROFESSIONALS
                else SurveyRole.PARTICIPANT,
                heard=heard,
                plan=plan,
                coordinator=coordinator,
                open_answer=text,
                month=answered.replace(day=1),
            )
