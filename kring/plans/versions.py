"""A delivered plan as a frozen snapshot: building it, showing it, its canonical text and the
line diff between two versions.
"""

from __future__ import annotations

import datetime
import difflib
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from kring.network.models import Person, SafetyRequirement
from kring.plans.models import (
    Agreement,
    Outcome,
    Plan,
    SafetyAssessment,
    SupportRequest,
    SupportStatus,
)

# The states a snapshot's support requests and assessments are in, by name, for the templates
# that show a plan (`plans/_content.html`, the PDF): they compare with these, not with strings.
CONTENT_STATES: dict[str, type[SupportStatus | Outcome]] = {
    "SupportStatus": SupportStatus,
    "Outcome": Outcome,
}


def standing_requirements(case_id: int) -> QuerySet[SafetyRequirement]:
    """The minimum requirements a case's plan answers to, oldest first.

    The one place the plan asks for them (the snapshot, the safety rows, the agreement form,
    the professional's pages): a requirement its author withdrew is gone from all of them at
    once, and one handed to a colleague follows its new author (`set_by`).
    """
    return SafetyRequirement.objects.filter(case_id=case_id).order_by("set_on", "id")


def plan_queryset() -> QuerySet[Plan]:
    """Plans with everything a snapshot needs, in a fixed number of queries."""
    return Plan.objects.select_related("case").prefetch_related(
        Prefetch(
            "agreements",
            queryset=Agreement.objects.prefetch_related(
                Prefetch("performers", queryset=Person.objects.order_by("name", "id")),
                "meets_requirements",
            ),
        ),
        Prefetch(
            "support_requests",
            queryset=SupportRequest.objects.select_related("professional").order_by(
                "created_at", "id"
            ),
        ),
        Prefetch("agreed_by", queryset=Person.objects.order_by("name", "id")),
        Prefetch("assessments", queryset=SafetyAssessment.objects.order_by("assessed_at", "id")),
    )


def snapshot(
    plan: Plan, *, loaded: bool = False, requirements: list[SafetyRequirement] | None = None
) -> dict[str, Any]:
    """The plan's content as plain JSON: what a delivered version freezes. `loaded`: the plan
    already came from `plan_queryset()` (the plan page), so it is not read again;
    `requirements`: the case's `standing_requirements`, when the caller read them already."""
    if not loaded:
        plan = plan_queryset().get(pk=plan.pk)
    case = plan.case
    people = list(Person.objects.filter(case=case).order_by("party", "-is_main_person", "id"))
    agreements = list(plan.agreements.all())
    numbers = {a.pk: i for i, a in enumerate(agreements, start=1)}
    latest: dict[int, SafetyAssessment] = {}
    for assessment in plan.assessments.all():
        latest[assessment.requirement_id] = assessment
    if requirements is None:
        requirements = list(standing_requirements(case.pk))
    covered: dict[int, list[int]] = {r.pk: [] for r in requirements}
    for agreement in agreements:
        for req in agreement.meets_requirements.all():
            covered.setdefault(req.pk, []).append(numbers[agreement.pk])
    return {
        "reference": case.reference,
        "variant": case.variant,
        "question": plan.question,
        "main_people": [{"name": p.name, "party": p.party} for p in people if p.is_main_person],
        "made_without_conference": plan.made_without_conference,
        "no_conference_reason": plan.no_conference_reason,
        "agreements": [
            {
                "number": numbers[a.pk],
                "uuid": str(a.uuid),
                "what": a.what,
                "who": [{"uuid": str(p.uuid), "name": p.name} for p in a.performers.all()],
                "organisation": a.organisation,
                "due": a.due.isoformat(),
                "how_known": a.how_known,
            }
            for a in agreements
        ],
        "support": [
            {"what": s.what, "organisation": s.organisation, "status": s.status}
            for s in plan.support_requests.all()
        ],
        "safety": [
            {
                "text": r.text,
                "organisation": r.organisation,
                "agreements": covered.get(r.pk, []),
                "outcome": latest[r.pk].outcome if r.pk in latest else "",
                "explanation": latest[r.pk].explanation if r.pk in latest else "",
            }
            for r in requirements
        ],
        "contingency": plan.contingency,
        "follow_up": {
            "at": timezone.localtime(plan.follow_up_at).isoformat(timespec="minutes")
            if plan.follow_up_at
            else "",
            "place": plan.follow_up_place,
            "organiser": plan.follow_up_organiser,
        },
        "agreed_by": [p.name for p in plan.agreed_by.all()],
        "version": plan.version,
    }


def display(content: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with real dates, for templates."""
    shown = dict(content)
    shown["agreements"] = [
        {**a, "due": datetime.date.fromisoformat(a["due"])} for a in content["agreements"]
    ]
    follow_up = dict(content["follow_up"])
    follow_up["at"] = datetime.datetime.fromisoformat(follow_up["at"]) if follow_up["at"] else None
    shown["follow_up"] = follow_up
    return shown


def _day(value: str) -> str:
    return date_format(datetime.date.fromisoformat(value), "j F Y") if value else "–"


def _moment(value: str) -> str:
    if not value:
        return "–"
    return date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "l j F Y, H:i")


def canonical_text(content: dict[str, Any]) -> str:
    """One line per fact, in Dutch, so versions can be compared line by line."""
    with override("nl"):
        lines = [_("Centrale vraag: %(q)s") % {"q": content["question"]}]
        if content.get("made_without_conference"):
            lines.append(
                _("Gemaakt zonder conferentie: %(r)s") % {"r": content["no_conference_reason"]}
            )
        for a in content["agreements"]:
            who = ", ".join(
                [p["name"] for p in a["who"]] + ([a["organisation"]] if a["organisation"] else [])
            )
            line = _("Afspraak %(n)s: %(what)s | wie: %(who)s | klaar op: %(due)s") % {
                "n": a["number"],
                "what": a["what"],
                "who": who or "–",
                "due": _day(a["due"]),
            }
            if a["how_known"]:
                line += " | " + _("zo weten we het: %(how)s") % {"how": a["how_known"]}
            lines.append(line)
        for s in content["support"]:
            lines.append(
                _("Steun van %(org)s: %(what)s") % {"org": s["organisation"], "what": s["what"]}
            )
        for r in content["safety"]:
            line = _("Minimumeis: %(text)s | afspraken: %(nums)s") % {
                "text": r["text"],
                "nums": ", ".join(str(n) for n in r["agreements"]) or "–",
            }
            if r["outcome"]:
                line += " | " + _("oordeel: %(o)s") % {"o": Outcome(r["outcome"]).label}
            lines.append(line)
        lines.append(_("Als het anders gaat: %(c)s") % {"c": content["contingency"] or "–"})
        f = content["follow_up"]
        lines.append(
            _("Vervolgbijeenkomst: %(at)s, %(place)s, georganiseerd door %(who)s")
            % {"at": _moment(f["at"]), "place": f["place"] or "–", "who": f["organiser"] or "–"}
        )
        lines.append(
            _("Eens met het plan: %(names)s") % {"names": ", ".join(content["agreed_by"]) or "–"}
        )
    return "\n".join(lines)


def diff_lines(old_text: str, new_text: str) -> list[tuple[str, str]]:
    """The line diff between two canonical texts as (kind, line): kind is '+', '-' or ' '."""
    result: list[tuple[str, str]] = []
    for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines()):
        kind, body = line[:1], line[2:]
        if kind in {"+", "-", " "}:
            result.append((kind, body))
    return result


def tasks_of(content: dict[str, Any], person: Person) -> list[dict[str, Any]]:
    """The agreements in a snapshot that this person takes part in ("my agreements")."""
    key = str(person.uuid)
    return [a for a in content["agreements"] if any(p["uuid"] == key for p in a["who"])]
