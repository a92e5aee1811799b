"""Case factories with one trait per lifecycle state.

Test set-up may build a case directly in a state; production code moves cases only through
`kring.cases.transitions`.
"""

import datetime

import factory
from django.utils import timezone

from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory, UserFactory
from kring.cases.load import recount
from kring.cases.models import Case, CasePerson, Variant
from kring.cases.states import Status


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"EK-2026-{n + 1:05d}")
    main_person_names = factory.Faker("name", locale="nl_NL")
    main_person_first_name = factory.LazyAttribute(lambda o: o.main_person_names.split()[0])
    question = "Wat is nodig om samen met de kinderen in dit huis te kunnen blijven wonen?"
    topics = factory.LazyFunction(lambda: ["eviction", "youth_care"])
    languages = factory.LazyFunction(lambda: ["nl"])
    main_language = factory.LazyAttribute(lambda o: (o.languages or ["nl"])[0])
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    variant = Variant.FAMILY
    status = Status.REQUESTED
    requested_at = factory.LazyFunction(lambda: _ago(30))
    contact_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))

    @factory.post_generation
    def main_people(obj: Case, create: bool, extracted: object, **kwargs: object) -> None:
        """One main person holding the case's names, unless the test gives its own list of
        names (`main_people=["Elif", "Ayten"]`) or none (`main_people=[]`)."""
        if not create:
            return
        names = extracted if isinstance(extracted, list) else [obj.main_person_names]
        CasePerson.objects.bulk_create(
            CasePerson(
                case=obj,
                position=position,
                name=name,
                relation="other",
                languages=list(obj.languages or [obj.main_language]),
                main_language=obj.main_language,
            )
            for position, name in enumerate(names)
        )

    @factory.post_generation
    def running_count(obj: Case, create: bool, extracted: object, **kwargs: object) -> None:
        """The coordinator's kept count of running cases, as the transitions would have left
        it (a case built directly in a state went around them)."""
        if create and obj.coordinator_id is not None:
            recount([obj.coordinator_id])

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


def set_main_people(case: Case, people: list[dict[str, object]]) -> list[CasePerson]:
    """Replace the case's main people by these (each a dict of CasePerson fields, at least a
    name), as if corrected on the facts page."""
    CasePerson.objects.filter(case=case).delete()
    defaults = {"relation": "other", "main_language": case.main_language}
    rows = []
    for position, person in enumerate(people):
        fields: dict[str, object] = {**defaults, **person}
        fields.setdefault("languages", [fields["main_language"]])
        rows.append(CasePerson(case=case, position=position, **fields))
    return CasePerson.objects.bulk_create(rows)
