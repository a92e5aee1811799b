"""Journey through the screens: a request for a Turkish-speaking mother and her daughter, with
the main people asked one by one, becomes a case; the manager assigns a Turkish-speaking
coordinator (with the reason shown), replaces her when she falls ill, and the eco-map's centre
shows the real names. No audit row of the journey holds a name, e-mail address or phone number.

Regions, municipalities and staff accounts come from factories: the screens that make them
belong to the accounts app (issue 9, deliverable 1).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory, RegionFactory, UserFactory
from kring.audit.models import AuditEvent
from kring.cases.models import Case
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.intake.models import Request
from kring.intake.tests.helpers import form_data
from kring.network.models import Person

pytestmark = pytest.mark.django_db

SECRETS = [
    "Ayten",
    "Elif",
    "Yılmaz",
    "Sanne Visser",
    "sanne@wijkteam.example",
    "ayten@example.nl",
    "+31 6 12345678",
    "+31 6 87654321",
    "ziek",
    "Graag een vrouw",
]


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_from_the_public_form_to_the_eco_map_centre_with_real_names():
    cache.clear()
    region = RegionFactory(name="Noord-Holland", slug="noord-holland")
    amsterdam = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    manager = UserFactory(role=Role.REGIONAL_MANAGER, full_name="Marieke de Boer")
    manager.regions.set([region])

    def coordinator(name, languages):
        user = UserFactory(role=Role.COORDINATOR, full_name=name)
        user.regions.set([region])
        CoordinatorProfileFactory(user=user, languages=languages, gender="f")
        return user

    dutch = coordinator("Anouk Verbeek", ["nl", "en"])
    turkish = coordinator("Ayşe Kaya", ["nl", "tr"])
    second_turkish = coordinator("Zeynep Demir", ["tr"])

    # A citizen (a professional) asks, naming the mother and the daughter one by one.
    citizen = Client()
    token = citizen.get("/aanvraag/").context["form"]["submission_token"].value()
    people = [
        {
            "name": "Elif Yılmaz",
            "relation": "client",
            "main_language": "nl",
            "languages": ["tr"],
            "is_minor": True,
            "age": "12",
        },
        {
            "name": "Ayten Yılmaz",
            "relation": "client",
            "main_language": "tr",
            "phone": "06 87654321",
            "email": "ayten@example.nl",
        },
    ]
    response = citizen.post(
        "/aanvraag/",
        form_data(
            amsterdam,
            submission_token=token,
            people=people,
            preferred_gender="f",
            coordinator_wish="Graag een vrouw.",
        ),
    )
    assert response.status_code == 302
    req = Request.objects.get()
    # The family's language is the first adult's main language, Ayten's Turkish.
    assert req.main_language == "tr"

    # The manager starts the trajectory and assigns the Turkish-speaking coordinator.
    m = _client(manager)
    m.post(reverse("intake:record_contact", args=[req.uuid]), {"contact-note": ""})
    m.post(reverse("cases:open", args=[req.uuid]), {"start-variant": "family"})
    case = Case.objects.get(request=req)
    ranking = m.get(reverse("coordinators:match", args=[case.uuid])).content.decode()
    assert "Spreekt Türkçe, de hoofdtaal van het gezin" in ranking
    assert "Let op: spreekt geen Türkçe" in ranking  # Anouk's warning line
    first = re.findall(r'id="kies-([0-9a-f-]+)"', ranking)[0]
    assert first in {str(turkish.uuid), str(second_turkish.uuid)}
    m.post(reverse("coordinators:assign", args=[case.uuid]), {"coordinator": str(turkish.uuid)})
    case.refresh_from_db()
    assert case.coordinator == turkish

    # She declares, sees who asked and how to reach them, and builds the circle.
    t = _client(turkish)
    t.post(reverse("cases:declare", args=[case.uuid]), {"answer": "independent"})
    page = t.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Sanne Visser" in page and "+31 6 12345678" in page
    t.post(
        reverse("cases:first_contact", args=[case.uuid]),
        {
            "first-occurred_on": str(case.requested_at.date()),
            "first-with_whom": "De aanvrager",
            "first-channel": "phone",
        },
    )
    t.post(reverse("network:add_main_people", args=[case.uuid]))
    centre = Person.objects.filter(case=case, is_main_person=True).order_by("id")
    assert [(p.name, p.language, p.is_minor) for p in centre] == [
        ("Elif Yılmaz", "nl", True),
        ("Ayten Yılmaz", "tr", False),
    ]
    circle = t.get(reverse("network:circle", args=[case.uuid])).content.decode()
    assert ">Elif</text>" in circle and ">Ayten</text>" in circle
    assert ">haar</text>" not in circle

    # She falls ill: the manager replaces her with the reason; she loses the case at once.
    m.post(
        reverse("coordinators:replace", args=[case.uuid]),
        {"coordinator": str(second_turkish.uuid), "reason": "Ayşe is voor langere tijd ziek."},
    )
    assert t.get(reverse("cases:detail", args=[case.uuid])).status_code == 404
    z = _client(second_turkish)
    z.post(reverse("cases:declare", args=[case.uuid]), {"answer": "independent"})
    assert "Ayten Yılmaz" in z.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    case.refresh_from_db()
    assert case.coordinator == second_turkish and dutch != case.coordinator

    # Nothing personal ever reached the audit trail.
    rows = AuditEvent.objects.all()
    assert rows.count() > 10
    leaked = [
        (event.key, secret)
        for event in rows
        for secret in SECRETS
        if secret in f"{event.changes} {event.reason} {event.message}"
    ]
    assert not leaked, leaked
