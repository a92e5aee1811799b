"""Request factories with one trait per status. Production code changes status only in services."""

import datetime

import factory
from django.utils import timezone

from kring.accounts.tests.factories import MunicipalityFactory
from kring.intake.choices import name_key
from kring.intake.models import CloseReason, ReceivedVia, Request, RequesterType, RequestPerson
from kring.intake.states import RequestStatus


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


class RequestFactory(factory.django.DjangoModelFactory[Request]):
    class Meta:
        model = Request
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"EK-2026-{50000 + n:05d}")
    channel = ReceivedVia.WEB
    submission_token = factory.Sequence(lambda n: f"test-token-{n:010d}-abcdefghij")
    requester_type = RequesterType.PROFESSIONAL
    # Fixed names (no apostrophes such as "van 't Hek") keep HTML assertions simple.
    requester_name = factory.Iterator(["Sanne Visser", "Ahmed Yilmaz", "Petra de Jong"])
    requester_organisation = "Wijkteam Oost"
    requester_phone = "+31 6 12345678"
    requester_email = "aanvrager@example.nl"
    main_person_names = factory.Sequence(lambda n: f"Hoofdpersoon Nummer{n}")
    minors_involved = True
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    languages = factory.LazyFunction(lambda: ["nl"])
    main_language = factory.LazyAttribute(lambda o: (o.languages or ["nl"])[0])
    question = "Wat is nodig om in dit huis te kunnen blijven wonen?"
    topics = factory.LazyFunction(lambda: ["eviction", "youth_care"])
    consent_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyFunction(lambda: _ago(1))
    contact_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))

    @factory.post_generation
    def people(obj: Request, create: bool, extracted: object, **kwargs: object) -> None:
        """One main person holding the request's names (or the given list of names)."""
        if not create:
            return
        names = extracted if isinstance(extracted, list) else [obj.main_person_names]
        RequestPerson.objects.bulk_create(
            RequestPerson(
                request=obj,
                position=position,
                name=name,
                name_key=name_key(name),
                relation="other",
                languages=list(obj.languages or [obj.main_language]),
                main_language=obj.main_language,
            )
            for position, name in enumerate(names)
        )

    class Params:
        overdue = factory.Trait(
            created_at=factory.LazyFunction(lambda: _ago(10)),
            contact_due=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=4)
            ),
        )
        contacted = factory.Trait(
            status=RequestStatus.CONTACTED,
            first_contact_at=factory.LazyFunction(lambda: _ago(0)),
        )
        info_conversation = factory.Trait(
            contacted=True,
            status=RequestStatus.INFO_CONVERSATION,
            wants_info_conversation=True,
            info_conversation_at=factory.LazyFunction(lambda: _ago(0)),
        )
        converted = factory.Trait(contacted=True, status=RequestStatus.CONVERTED)
        closed = factory.Trait(
            status=RequestStatus.CLOSED,
            close_reason=CloseReason.WITHDRAWN,
            closed_at=factory.LazyFunction(lambda: _ago(0)),
        )
