"""Eco-map names that never overlap and stay readable on a phone (finding 15): each name gets a
free place around its node; who does not fit gets a number and a line in the key under the
map; the table next to it stays the full text alternative."""

import re
from typing import Any

import pytest
from django.urls import reverse

from kring.network import ecomap
from kring.network.models import Person
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# The circle of twelve from the journey in which the labels were found to overlap.
TWELVE = [
    ("Mohammed el Amrani", "parent", "family"),
    ("Samira el Amrani", "sibling", "family"),
    ("Yusuf el Amrani", "child", "household"),
    ("Noor el Amrani", "child", "household"),
    ("Oma Aïcha", "grandparent", "family"),
    ("Tante Latifa", "aunt_uncle", "family"),
    ("Ans de Vries", "neighbour", "community"),
    ("Henk Jansen", "friend", "community"),
    ("Marloes Bakker", "colleague", "community"),
    ("Juf Petra", "teacher", "professionals"),
    ("Sanne Visser", "professional", "professionals"),
    ("Wijkagent Bas", "professional", "professionals"),
]


def _people(rows):
    main = Person(name="Fatima", is_main_person=True, relation="self", ring="household")
    return [main, *(Person(name=n, relation=r, ring=ring) for n, r, ring in rows)]


def _layout(people):
    """The labels the map would draw, with the fixed parts they must avoid."""
    placed = []
    captured: dict[str, Any] = {}
    original = ecomap._place_labels

    def spy(nodes, obstacles):
        labels, key = original(nodes, obstacles)
        placed.extend(nodes)
        captured.update(labels=labels, key=key, obstacles=obstacles)
        return labels, key

    ecomap._place_labels = spy
    try:
        ecomap.render(people, title="Ecogram")
    finally:
        ecomap._place_labels = original
    return placed, captured["labels"], captured["key"], captured["obstacles"]


def _assert_no_overlap(nodes, labels, obstacles):
    boxes = [label.box for label in labels]
    for i, a in enumerate(boxes):
        assert a.inside(ecomap.SIZE, ecomap.SIZE), labels[i].text
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b, 0), (labels[i].text, a, b)
        for obstacle in obstacles:
            assert not a.overlaps(obstacle, 0), (labels[i].text, obstacle)
        for _person, x, y in nodes:
            assert not a.touches_node(x, y, 0), labels[i].text


def test_twelve_people_all_get_their_name_on_the_map_without_overlap():
    nodes, labels, key, obstacles = _layout(_people(TWELVE))
    assert key == []
    for label, (person, _x, _y) in zip(labels, nodes, strict=True):
        # The first name, shortened only when it is long ("Wijkag…").
        assert person.first_name.startswith(label.text.rstrip("\u2026")), label.text
    _assert_no_overlap(nodes, labels, obstacles)


@pytest.mark.parametrize("count", [20, 40])
def test_a_crowded_circle_numbers_who_does_not_fit_and_keys_them_under_the_map(count):
    rows = [
        (
            f"Persoon{i} Achternaam",
            "friend",
            ["household", "family", "community", "professionals"][i % 4],
        )
        for i in range(count)
    ]
    people = _people(rows)
    nodes, labels, key, obstacles = _layout(people)
    named = [label for label in labels if not label.text.isdigit()]
    _assert_no_overlap(nodes, named, obstacles)
    assert len(named) + len(key) == count
    svg = ecomap.render(people, title="Ecogram")
    if key:
        assert "Nummers in het ecogram" in svg
        for number, person in key:
            short = ecomap._short(person.name, ecomap.KEY_CHARS)
            assert re.search(rf">{number}</tspan>\s+{re.escape(short)}<", svg)


def test_names_are_drawn_at_a_size_readable_on_a_phone():
    svg = ecomap.render(_people(TWELVE), title="Ecogram")
    sizes = {
        int(s) for s in re.findall(r'class="ecomap-label ecomap-name"[^>]*font-size="(\d+)"', svg)
    }
    # 1000 map units are about 370px on a 390px phone: 34 units is about 12.5px.
    assert sizes == {ecomap.NAME_FONT} and ecomap.NAME_FONT * 370 / 1000 >= 12
    # The relation is still there for a mouse (hover) and in the table.
    assert "<title>Mohammed el Amrani, Ouder, Voorgesteld</title>" in svg


def test_the_circle_page_of_twelve_has_no_key_and_keeps_the_table(
    client_for, coordinator, case, main_person
):
    for name, relation, ring in TWELVE:
        PersonFactory(case=case, name=name, relation=relation, ring=ring)
    html = client_for(coordinator).get(reverse("network:circle", args=[case.uuid])).content.decode()
    assert "Nummers in het ecogram" not in html
    assert html.count('class="ecomap-node"') == 12
    assert 'class="circle-table"' in html and "Wijkagent Bas" in html
