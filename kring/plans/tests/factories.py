"""Factories for the plan, with traits; people come from the conference tests' factory."""

import datetime

import factory
from django.utils import timezone

from kring.conferences.tests.factories import PersonFactory
from kring.network.models import SafetyRequirement
from kring.plans.models import Agreement, Plan


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyRequirement

    text = "De kinderen zijn nooit alleen met vader als hij gedronken heeft."
    set_by = factory.SubFactory(PersonFactory, professional=True)
    case = factory.LazyAttribute(lambda o: o.set_by.case)
    organisation = factory.LazyAttribute(lambda o: o.set_by.organisation or "Jeugdbescherming")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    question = factory.LazyAttribute(lambda o: o.case.question)

    class Params:
        ready = factory.Trait(
            contingency="Als oma ziek is, springt tante Ria bij.",
            follow_up_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=42)),
            follow_up_place="Buurthuis De Pijp",
            follow_up_organiser="Oma Truus",
        )


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    what = factory.Sequence(lambda n: f"Afspraak nummer {n}: samen boodschappen doen")
    due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    position = factory.Sequence(lambda n: n + 1)
