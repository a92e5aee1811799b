"""Journey: a coordinator looks at the circle of a restoration conference: two circles, one
per party, each with its own main person, on a laptop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.accounts.tests.factories import TEST_PASSWORD, UserFactory
from kring.cases.tests.factories import CaseFactory
from kring.network.models import PersonStatus
from kring.network.tests.factories import PersonFactory

S = PersonStatus
PARTY_1 = [
    ("Ayla Yılmaz", "partner", "household", S.COMING),
    ("Deniz Yılmaz", "child", "household", S.INFORMED),
    ("Hüseyin Yılmaz", "sibling", "family", S.COMING),
    ("Gerard de Wit", "neighbour", "community", S.COMING),
    ("Sevda Kaya", "colleague", "community", S.SUGGESTED),
    ("Nina Bos", "professional", "professionals", S.COMING),
]
PARTY_2 = [
    ("Petra Jansen", "parent", "household", S.COMING),
    ("Rob Jansen", "parent", "household", S.MAYBE),
    ("Lisa Jansen", "sibling", "household", S.INVITED),
    ("Kees Jansen", "grandparent", "family", S.COMING),
    ("Trainer Marco", "friend", "community", S.INVITED),
    ("Wijkagent Bas", "professional", "professionals", S.COMING),
    ("Femke de Boer", "professional", "professionals", S.NOT_COMING),
]


@pytest.mark.django_db(transaction=True)
def test_restoration_circle_is_two_circles_side_by_side(
    page, phone_page, login, assert_accessible, screenshot, municipality
):
    coordinator = UserFactory(
        role=Role.COORDINATOR, email="ayse@kring.test", full_name="Ayşe Demir"
    )
    coordinator.regions.set([municipality.region])
    case = CaseFactory(
        in_preparation=True,
        municipality=municipality,
        coordinator=coordinator,
        variant="restoration",
        main_person_names="Mehmet Yılmaz en Jesse Jansen",
        main_person_first_name="Mehmet",
    )
    PersonFactory(case=case, main=True, party=1, name="Mehmet Yılmaz", status=S.COMING)
    PersonFactory(case=case, main=True, party=2, name="Jesse Jansen", status=S.COMING)
    for party, rows in ((1, PARTY_1), (2, PARTY_2)):
        for name, relation, ring, status in rows:
            PersonFactory(
                case=case,
                party=party,
                name=name,
                relation=relation,
                ring=ring,
                status=status,
                informed=status != S.SUGGESTED,
            )

    login(page, "ayse@kring.test", TEST_PASSWORD)
    page.goto(f"/trajecten/{case.uuid}/kring/")
    first = page.get_by_role("img", name=re.compile("Partij 1: de kring rond Mehmet"))
    second = page.get_by_role("img", name=re.compile("Partij 2: de kring rond Jesse"))
    expect(first).to_be_visible()
    expect(second).to_be_visible()
    # Side by side on a laptop.
    box_1, box_2 = first.bounding_box(), second.bounding_box()
    assert box_1 is not None and box_2 is not None
    assert abs(box_1["y"] - box_2["y"]) < 5 and box_2["x"] > box_1["x"] + box_1["width"] - 5
    assert first.locator("g.ecomap-node").count() == len(PARTY_1)
    assert second.locator("g.ecomap-node").count() == len(PARTY_2)
    expect(page.locator("table.circle-table")).to_contain_text("Partij 2")
    assert_accessible(page)
    screenshot(page, "ecomap-herstel")
    # On paper: one above the other, both still whole.
    page.emulate_media(media="print")
    boxes = [m.bounding_box() for m in page.locator("svg.ecomap").all()]
    assert all(b is not None and b["width"] > 300 for b in boxes)
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1  # type: ignore[index]
    screenshot(page, "ecomap-herstel-print")
    page.emulate_media(media="screen")

    # On a phone: one above the other, each as wide as the screen, no sideways scrolling.
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(f"/trajecten/{case.uuid}/kring/")
    maps = phone_page.locator("svg.ecomap")
    expect(maps).to_have_count(2)
    top_1, top_2 = maps.nth(0).bounding_box(), maps.nth(1).bounding_box()
    assert top_1 is not None and top_2 is not None
    assert top_2["y"] >= top_1["y"] + top_1["height"] - 1 and top_1["width"] > 340
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
    screenshot(phone_page, "ecomap-herstel-telefoon")
