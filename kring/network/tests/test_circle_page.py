"""The circle page: the eco-map, the table, who still has to be informed; and who may see it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases.tests.factories import CaseFactory
from kring.network.models import Person, PersonStatus
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("network:circle", args=[case.uuid])


def test_coordinator_sees_ecomap_and_table(client_for, coordinator, case, main_person):
    PersonFactory(case=case, name="Karim el Amrani", relation="sibling", ring="family")
    PersonFactory(case=case, name="Ans de Vries", coming=True)
    response = client_for(coordinator).get(url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="ecomap-title">' in html
    assert html.count('class="ecomap-node"') == 2
    assert 'data-status="coming"' in html
    assert "Karim el Amrani" in html  # in the text alternative
    assert "Nog informeren" in html
    assert AuditEvent.objects.filter(action="view", case_id=case.uuid).exists()


def test_ecomap_partial_for_htmx(client_for, coordinator, case, main_person):
    response = client_for(coordinator).get(url(case), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<h1" not in html


def test_ecomap_escapes_names(client_for, coordinator, case):
    PersonFactory(case=case, name="<script>alert(1)</script> Piet")
    html = client_for(coordinator).get(url(case)).content.decode()
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", 200),
        ("manager", 200),
        ("admin_user", 200),
        ("other_coordinator", 404),
        ("undeclared_coordinator", 404),
        ("professional", 404),
        ("funder", 404),
        ("other_manager", 404),
    ],
)
def test_who_may_see_the_circle(request, client_for, make_user, other_region, case, who, expected):
    if who == "other_coordinator":
        user = make_user(Role.COORDINATOR)
    elif who == "other_manager":
        user = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    elif who == "undeclared_coordinator":
        user = make_user(Role.COORDINATOR)
        case = CaseFactory(assigned=True, coordinator=user, municipality=case.municipality)
    else:
        user = request.getfixturevalue(who)
    assert client_for(user).get(url(case)).status_code == expected


def test_anonymous_is_sent_to_login(client, case):
    response = client.get(url(case))
    assert response.status_code == 302


@pytest.mark.parametrize("rows", [1, 50])
def test_circle_page_exact_query_count(
    client_for, coordinator, case, main_person, rows, django_assert_num_queries
):
    suggester = PersonFactory(case=case)
    Person.objects.bulk_create(
        [
            Person(
                case=case,
                name=f"Persoon {i}",
                relation="friend",
                ring=["household", "family", "community", "professionals"][i % 4],
                status=list(PersonStatus)[i % 7],
                suggested_by=suggester,
                informed_by=coordinator,
                informed_on=timezone.localdate(),
                parts=["information"],
            )
            for i in range(rows)
        ]
    )
    c = client_for(coordinator)
    # session, user, case (+coordinator, region, municipality, manager), audit insert,
    # people (+suggested by, informed by)
    with django_assert_num_queries(5):
        response = c.get(url(case))
    assert response.status_code == 200
    assert response.content.decode().count('class="ecomap-node"') == rows + 1


def test_main_people_are_put_in_the_centre_once(client_for, coordinator, case):
    from kring.cases.tests.factories import set_main_people

    set_main_people(
        case,
        [
            {"name": "Fatima el Amrani", "main_language": "ar", "email": "fatima@example.nl"},
            {"name": "Karim el Amrani", "is_minor": True, "age": 12},
        ],
    )
    c = client_for(coordinator)
    url = reverse("network:add_main_people", args=[case.uuid])
    assert c.get(url).status_code == 405
    c.post(url)
    c.post(url)
    main = Person.objects.filter(case=case, is_main_person=True)
    assert sorted(p.name for p in main) == ["Fatima el Amrani", "Karim el Amrani"]
    assert all(p.has_consent for p in main)
    # Their details come from the case's main people (asked one by one), not from a split line.
    fatima = main.get(name="Fatima el Amrani")
    assert (fatima.language, fatima.email) == ("ar", "fatima@example.nl")
    assert main.get(name="Karim el Amrani").is_minor


def test_circle_summary_tag_lists_who_to_inform(case, main_person):
    from django.template import Context, Template

    PersonFactory(case=case, name="Nog Niet Geïnformeerd")
    PersonFactory(case=case, name="Al Wel", informed=True)
    html = Template("{% load circle %}{% circle_summary case %}").render(Context({"case": case}))
    assert "Nog Niet Geïnformeerd" in html
    assert "Al Wel</a>" not in html
    assert reverse("network:circle", args=[case.uuid]) in html
