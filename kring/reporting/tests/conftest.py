"""A hand-built dataset whose figures were computed by hand (see test_figures_by_hand.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory, RegionFactory, UserFactory
from kring.cases.states import Status, StopReason
from kring.cases.tests.factories import CaseFactory
from kring.intake.models import CloseReason
from kring.intake.states import RequestStatus
from kring.intake.tests.factories import RequestFactory
from kring.network.models import Ring
from kring.network.states import PersonStatus
from kring.plans.models import Outcome, SafetyAssessment
from kring.plans.tests.factories import PersonFactory, PlanFactory, RequirementFactory
from kring.reporting.refresh import refresh_figures


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def d(day: str) -> datetime.date:
    return datetime.date.fromisoformat(day)


@dataclass
class Dataset:
    region: Any
    municipality: Any
    other_municipality: Any
    other_region: Any
    manager: Any
    admin: Any
    funder: Any
    coordinator: Any
    cases: list[Any]


def person(case: Any, ring: str, status: str, main: bool = False, **kw: Any) -> Any:
    return PersonFactory(
        case=case,
        ring=ring,
        status=status,
        is_main_person=main,
        professional=ring == Ring.PROFESSIONALS,
        **kw,
    )


@pytest.fixture
def dataset(db: Any) -> Dataset:
    region = RegionFactory(name="Oost", slug="oost")
    other_region = RegionFactory(name="West", slug="west")
    place = MunicipalityFactory(code="GM0200", name="Apeldoorn", region=region)
    other_place = MunicipalityFactory(code="GM0202", name="Arnhem", region=region)
    far_place = MunicipalityFactory(code="GM0344", name="Utrecht", region=other_region)
    manager: Any = UserFactory(role=Role.REGIONAL_MANAGER, full_name="Mira Manager")
    manager.regions.set([region])
    coordinator: Any = UserFactory(role=Role.COORDINATOR, full_name="Cor Coördinator")
    coordinator.regions.set([region])
    admin = UserFactory(admin=True)
    funder = UserFactory(funder=True, funder_municipality=place, organisation="Gemeente")

    def request(created: str, **kw: Any) -> Any:
        kw.setdefault("municipality", place)
        return RequestFactory(created_at=at(created), **kw)

    # r1 -> c1: contact after 1 day (in time), conference after 42 days, plan 7 days later.
    r1 = request(
        "2026-03-02",
        status=RequestStatus.CONVERTED,
        first_contact_at=at("2026-03-03"),
        contact_due=d("2026-03-05"),
        requester_type="self",
    )
    c1 = CaseFactory(
        request=r1,
        municipality=place,
        status=Status.PLAN_DELIVERED,
        requested_at=r1.created_at,
        topics=["divorce"],
        main_language="tr",
        conference_held_at=at("2026-04-13"),
        plan_delivered_at=at("2026-04-20"),
        coordinator=coordinator,
    )
    person(c1, Ring.FAMILY, PersonStatus.PRESENT, main=True)
    person(c1, Ring.FAMILY, PersonStatus.PRESENT)
    person(c1, Ring.HOUSEHOLD, PersonStatus.PRESENT)
    person(c1, Ring.FAMILY, PersonStatus.NOT_COMING)
    person(c1, Ring.COMMUNITY, PersonStatus.PRESENT)
    person(c1, Ring.COMMUNITY, PersonStatus.SUGGESTED)
    prof = person(c1, Ring.PROFESSIONALS, PersonStatus.PRESENT)
    plan: Any = PlanFactory(case=c1)
    met: Any = RequirementFactory(case=c1, set_by=prof)
    not_met: Any = RequirementFactory(case=c1, set_by=prof)
    assessor: Any = UserFactory(professional=True)
    for requirement, outcome in ((met, Outcome.MET), (not_met, Outcome.NOT_MET)):
        SafetyAssessment.objects.create(
            plan=plan,
            requirement=requirement,
            plan_revision=1,
            outcome=outcome,
            explanation="" if outcome == Outcome.MET else "Nog niet.",
            assessed_by=assessor,
        )
    # r2 -> c2: contact after 6 days (late), conference after 70 days, plan 14 days later.
    r2 = request(
        "2026-03-04",
        status=RequestStatus.CONVERTED,
        first_contact_at=at("2026-03-10"),
        contact_due=d("2026-03-07"),
    )
    c2 = CaseFactory(
        request=r2,
        municipality=place,
        status=Status.CLOSED,
        requested_at=r2.created_at,
        conference_held_at=at("2026-05-13"),
        plan_delivered_at=at("2026-05-27"),
        closed_at=at("2026-07-01"),
    )
    person(c2, Ring.FAMILY, PersonStatus.PRESENT, main=True)
    person(c2, Ring.FAMILY, PersonStatus.PRESENT)
    person(c2, Ring.PROFESSIONALS, PersonStatus.INVITED)
    # r3 -> c3: contact after 2 days (in time), stopped in the preparation.
    r3 = request(
        "2026-03-09",
        status=RequestStatus.CONVERTED,
        first_contact_at=at("2026-03-11"),
        contact_due=d("2026-03-12"),
    )
    c3 = CaseFactory(
        request=r3,
        municipality=place,
        status=Status.STOPPED,
        requested_at=r3.created_at,
        stop_reason=StopReason.NETWORK_TOO_SMALL,
        stopped_at=at("2026-04-01"),
    )
    # r4: closed at the desk without contact; no trajectory.
    request(
        "2026-03-16",
        status=RequestStatus.CLOSED,
        close_reason=CloseReason.NO_QUESTION,
        closed_at=at("2026-03-17"),
    )
    # r5 -> c5: informational conversation, contact after 3 days (the deadline day: in time),
    # conference after 49 days, no plan yet.
    r5 = request(
        "2026-03-17",
        status=RequestStatus.CONVERTED,
        first_contact_at=at("2026-03-20"),
        info_conversation_at=at("2026-03-24"),
        contact_due=d("2026-03-20"),
    )
    c5 = CaseFactory(
        request=r5,
        municipality=place,
        status=Status.CONFERENCE_HELD,
        requested_at=r5.created_at,
        conference_held_at=at("2026-05-05"),
    )
    # Elsewhere: one request in another municipality of the region, one in another region.
    request("2026-03-18", municipality=other_place)
    request("2026-03-19", municipality=far_place)
    refresh_figures()
    return Dataset(
        region,
        place,
        other_place,
        other_region,
        manager,
        admin,
        funder,
        coordinator,
        [c1, c2, c3, c5],
    )
