"""A restoration conference is drawn as two circles, one per party; a group conference puts
all its main people in the centre."""

import re

import pytest
from django.urls import reverse

from kring.network.models import Person, PersonStatus
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("network:circle", args=[case.uuid])


@pytest.fixture
def restoration(case):
    case.variant = "restoration"
    case.save(update_fields=["variant"])
    PersonFactory(case=case, main=True, party=1, name="Mehmet Yılmaz")
    PersonFactory(case=case, main=True, party=2, name="Jesse Jansen")
    PersonFactory(case=case, party=1, name="Ayla Yılmaz", relation="partner", ring="household")
    PersonFactory(case=case, party=2, name="Petra Jansen", relation="parent", ring="household")
    PersonFactory(case=case, party=2, name="Kees Jansen", coming=True, ring="family")
    return case


def _first(pattern, text):
    match = re.search(pattern, text)
    assert match is not None
    return match.group(1)


def _svgs(html):
    return re.findall(r"<svg class=\"ecomap\".*?</svg>", html, flags=re.S)


def test_restoration_case_is_drawn_as_two_circles_with_their_own_main_person(
    client_for, coordinator, restoration
):
    html = client_for(coordinator).get(url(restoration)).content.decode()
    assert '<div class="ecomap-parties">' in html
    first, second = _svgs(html)
    # Each party's map: its label, its main person in the centre, only its own people.
    assert "Partij 1" in first and "Mehmet" in first and 'data-name="Ayla Yılmaz"' in first
    assert "Jesse" not in first and "Petra Jansen" not in first
    assert "Partij 2" in second and "Jesse" in second and 'data-name="Petra Jansen"' in second
    assert 'data-name="Kees Jansen"' in second and "Mehmet" not in second
    # Each keeps its own accessible name and description, with ids unique on the page.
    assert '<title id="ecomap-title-1">Partij 1: de kring rond Mehmet</title>' in first
    assert '<title id="ecomap-title-2">Partij 2: de kring rond Jesse</title>' in second
    assert 'aria-labelledby="ecomap-title-2 ecomap-desc-2"' in second
    assert '<desc id="ecomap-desc-2">2 mensen rond de hoofdpersoon' in second
    assert html.count('class="ecomap-node"') == 3


def test_restoration_table_shows_each_persons_party(client_for, coordinator, restoration):
    html = client_for(coordinator).get(url(restoration)).content.decode()
    table = html[html.index('<table class="circle-table">') :]
    assert '<th scope="col">Partij</th>' in table
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table, flags=re.S)
    parties = [
        (_first(r">([^<]+)</a>", row), _first(r"party-cell\">([^<]+)<", row)) for row in rows
    ]
    # Grouped by party, main person first.
    assert parties[0] == ("Mehmet Yılmaz", "Partij 1")
    assert ("Petra Jansen", "Partij 2") in parties and ("Ayla Yılmaz", "Partij 1") in parties
    assert [p for _n, p in parties] == sorted(p for _n, p in parties)


def test_family_case_is_one_circle_without_party_column(client_for, coordinator, case, main_person):
    PersonFactory(case=case, name="Karim el Amrani")
    html = client_for(coordinator).get(url(case)).content.decode()
    assert "ecomap-parties" not in html and len(_svgs(html)) == 1
    assert "Partij" not in html
    assert '<title id="ecomap-title">' in html


def test_group_conference_shows_every_main_person_in_the_centre(client_for, coordinator, case):
    case.variant = "group"
    case.save(update_fields=["variant"])
    for name in ["Anna Bos", "Kofi Mensah", "Iris Peters"]:
        PersonFactory(case=case, main=True, name=name)
    html = client_for(coordinator).get(url(case)).content.decode()
    centre = re.findall(r'class="ecomap-main"[^>]*>([^<]+)<', html)
    assert sorted(centre) == ["Anna", "Iris", "Kofi"]
    assert "HOOFDPERSONEN" in html


def test_many_main_people_are_summed_up_in_the_centre(client_for, coordinator, case):
    case.variant = "group"
    case.save(update_fields=["variant"])
    for i in range(5):
        PersonFactory(case=case, main=True, name=f"Bewoner{i} Straat")
    html = client_for(coordinator).get(url(case)).content.decode()
    centre = re.findall(r'class="ecomap-main"[^>]*>([^<]+)<', html)
    assert len(centre) == 3 and centre[-1] == "+ 3 anderen"


@pytest.mark.parametrize("rows", [1, 50])
def test_restoration_circle_exact_query_count(
    client_for, coordinator, restoration, rows, django_assert_num_queries
):
    Person.objects.bulk_create(
        [
            Person(
                case=restoration,
                name=f"Persoon {i}",
                relation="friend",
                ring=["household", "family", "community", "professionals"][i % 4],
                status=list(PersonStatus)[i % 7],
                party=1 + i % 2,
                parts=["information"],
            )
            for i in range(rows)
        ]
    )
    c = client_for(coordinator)
    # session, user, case (+coordinator, region, municipality, manager), audit insert,
    # people (+suggested by, informed by)
    with django_assert_num_queries(5):
        response = c.get(url(restoration))
    assert response.status_code == 200
    assert response.content.decode().count('class="ecomap-node"') == rows + 3


def test_restoration_main_people_get_a_party_each(client_for, coordinator, case):
    from kring.cases.tests.factories import set_main_people

    case.variant = "restoration"
    case.save()
    set_main_people(case, [{"name": "Mehmet Yılmaz"}, {"name": "Jesse Jansen"}])
    client_for(coordinator).post(reverse("network:add_main_people", args=[case.uuid]))
    mains = dict(Person.objects.filter(case=case, is_main_person=True).values_list("name", "party"))
    assert mains == {"Mehmet Yılmaz": 1, "Jesse Jansen": 2}


def test_coordinator_puts_someone_in_party_two(client_for, coordinator, restoration):
    response = client_for(coordinator).post(
        reverse("network:add_person", args=[restoration.uuid]),
        {
            "name": "Lisa Jansen",
            "party": "2",
            "relation": "sibling",
            "ring": "household",
            "language": "nl",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(name="Lisa Jansen").party == 2


def test_party_is_not_asked_outside_restoration(client_for, coordinator, case):
    response = client_for(coordinator).get(reverse("network:add_person", args=[case.uuid]))
    assert 'name="party"' not in response.content.decode()


def test_demo_restoration_case_has_a_main_person_per_party():
    import io

    from django.core.management import call_command

    from kring.cases.models import Case

    call_command("seed_demo", stdout=io.StringIO())
    case = Case.objects.filter(variant="restoration", reference__startswith="EK-2026-001").first()
    assert case is not None
    mains = set(case.people.filter(is_main_person=True).values_list("party", flat=True))
    assert mains == {1, 2}
    assert case.people.filter(party=2, is_main_person=False).count() >= 5


def test_person_page_shows_the_party_in_a_restoration_case(client_for, coordinator, restoration):
    petra = Person.objects.get(name="Petra Jansen")
    html = (
        client_for(coordinator)
        .get(reverse("network:person", args=[restoration.uuid, petra.uuid]))
        .content.decode()
    )
    assert "<dt>Partij</dt><dd>Partij 2</dd>" in html
