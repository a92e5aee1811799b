"""Case factories with one trait per lifecycle state.

Test set-up may build a case directly in a state; production code moves cases only through
`kring.cases.transitions`.
"""

import datetime

import factory
from django.utils import timezone

from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory, UserFactory
from kring.cases.models import Case, Variant
from kring.cases.states import Status


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"EK-2026-{n + 1:05d}")
    main_person_names = factory.Faker("name", locale="nl_NL")
    main_person_first_name = factory.LazyAttribute(lambda o: o.main_person_names.split()[0])
    question = "Wat is nodig om samen met de kinderen in dit huis te kunnen blijven wonen?"
    topics = factory.LazyFunction(lambda: ["eviction", "youth_care"])
    languages = factory.LazyFunction(lambda: ["nl"])
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    variant = Variant.FAMILY
    status = Status.REQUESTED
    requested_at = factory.LazyFunction(lambda: _ago(30))
    contact_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))

    class Params:
        assigned = factory.Trait(
            status=Status.COORDINATOR_ASSIGNED,
            coordinator=factory.SubFactory(UserFactory, role=Role.COORDINATOR),
            coordinator_assigned_at=factory.LazyFunction(lambda: _ago(25)),
        )
        declared = factory.Trait(
            assigned=True,
            independence_declared_at=factory.LazyFunction(lambda: _ago(24)),
        )
        in_preparation = factory.Trait(
            declared=True,
            status=Status.IN_PREPARATION,
            first_contact_at=factory.LazyFunction(lambda: _ago(23)),
            in_preparation_at=factory.LazyFunction(lambda: _ago(23)),
        )
        scheduled = factory.Trait(
            in_preparation=True,
            status=Status.CONFERENCE_SCHEDULED,
            conference_scheduled_at=factory.LazyFunction(lambda: _ago(10)),
        )
        held = factory.Trait(
            scheduled=True,
            status=Status.CONFERENCE_HELD,
            conference_held_at=factory.LazyFunction(lambda: _ago(5)),
        )
        delivered = factory.Trait(
            held=True,
            status=Status.PLAN_DELIVERED,
            plan_delivered_at=factory.LazyFunction(lambda: _ago(3)),
        )
        checked_in = factory.Trait(
            delivered=True,
            status=Status.CHECK_IN_DONE,
            check_in_done_at=factory.LazyFunction(lambda: _ago(1)),
        )
        stopped = factory.Trait(
            status=Status.STOPPED,
            stop_reason="situation_changed",
            stopped_at=factory.LazyFunction(lambda: _ago(1)),
        )


def new_case(**kwargs: object) -> Case:
    """A case from CaseFactory, typed as a Case for mypy."""
    case: Case = CaseFactory(**kwargs)  # type: ignore[assignment]
    return case
