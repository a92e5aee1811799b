"""The main people are asked one by one on the public and the staff form, never split from a
line of text; adding and removing a person works without JavaScript."""

import pytest
from django.core.cache import cache

from kring.intake.models import Request
from kring.intake.tests.helpers import form_data

URL = "/aanvraag/"

ELIF = {
    "name": "Elif Yılmaz",
    "relation": "child",
    "main_language": "tr",
    "languages": ["nl"],
    "is_minor": True,
    "age": "12",
}
AYTEN = {
    "name": "Ayten Yılmaz",
    "relation": "self",
    "main_language": "tr",
    "phone": "06 87654321",
    "email": "Ayten@Example.nl",
}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def test_two_main_people_are_stored_as_two_people(client, municipality):
    response = client.post(URL, form_data(municipality, people=[ELIF, AYTEN]))
    assert response.status_code == 302
    req = Request.objects.get()
    elif_, ayten = req.people.all()
    assert (elif_.name, elif_.relation, elif_.age, elif_.is_minor) == (
        "Elif Yılmaz",
        "child",
        12,
        True,
    )
    assert elif_.languages == ["tr", "nl"] and elif_.main_language == "tr"
    assert (ayten.name, ayten.main_language, ayten.languages) == ("Ayten Yılmaz", "tr", ["tr"])
    # Her own contact details, normalised (the requester gave other ones).
    assert (ayten.phone, ayten.email) == ("+31 6 87654321", "ayten@example.nl")
    assert req.main_person_names == "Elif Yılmaz, Ayten Yılmaz"
    # The family's language: that of the first adult, chosen for her, not the first ticked box.
    assert req.main_language == "tr"
    assert req.languages == ["tr", "nl"]


def test_a_line_with_several_names_stays_one_person(client, municipality):
    person = {**AYTEN, "name": "Elif (12) en haar moeder Ayten"}
    client.post(URL, form_data(municipality, people=[person]))
    assert list(Request.objects.get().people.values_list("name", flat=True)) == [
        "Elif (12) en haar moeder Ayten"
    ]


def test_a_child_makes_minors_involved_whatever_the_answer(client, municipality):
    client.post(URL, form_data(municipality, minors_involved="no", people=[ELIF, AYTEN]))
    assert Request.objects.get().minors_involved is True


def test_an_age_of_18_or_more_does_not_fit_under_18(client, municipality):
    response = client.post(
        URL, form_data(municipality, people=[{**ELIF, "age": "19", "is_minor": True}])
    )
    assert "Bij &#x27;jonger dan 18 jaar&#x27; past een leeftijd onder de 18." in (
        response.content.decode()
    )
    assert Request.objects.count() == 0


def test_an_age_under_18_marks_a_minor_without_the_tick(client, municipality):
    client.post(URL, form_data(municipality, people=[{**ELIF, "is_minor": False}, AYTEN]))
    assert Request.objects.get().people.get(position=0).is_minor is True


def test_errors_of_a_person_are_shown_next_to_the_field_and_in_the_summary(client, municipality):
    response = client.post(
        URL, form_data(municipality, people=[AYTEN, {**ELIF, "name": "", "main_language": ""}])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_persoon-1-name"' in html
    assert "Hoofdpersoon 2, naam: Vul de naam in." in html
    assert 'id="id_persoon-1-name_error"' in html
    assert 'href="#id_persoon-1-main_language"' in html
    # What was typed is kept, also for the other person.
    assert 'value="Ayten Yılmaz"' in html
    assert Request.objects.count() == 0


def test_the_same_person_twice_is_refused(client, municipality):
    response = client.post(
        URL, form_data(municipality, people=[AYTEN, {**AYTEN, "name": "ayten  YILMAZ"}])
    )
    assert "U noemt dezelfde persoon twee keer." in response.content.decode()
    assert Request.objects.count() == 0


def test_add_another_person_without_javascript_keeps_what_was_typed(client, municipality):
    data = form_data(municipality, people=[AYTEN], question="")
    data["persoon_toevoegen"] = "1"
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Request.objects.count() == 0
    # A second, empty person block, with the focus on its name; no error shown yet.
    assert 'name="persoon-1-name"' in html
    assert 'name="persoon-TOTAL_FORMS" value="2"' in html
    assert "autofocus" in html
    assert 'id="error-summary"' not in html
    assert 'value="Ayten Yılmaz"' in html
    assert 'value="Sanne Visser"' in html
    # The form keeps its token, so sending it is still one request.
    assert data["submission_token"] in html


def test_an_added_block_left_empty_is_ignored(client, municipality):
    data = form_data(municipality, people=[AYTEN, {"relation": "", "main_language": ""}])
    assert client.post(URL, data).status_code == 302
    assert Request.objects.get().people.count() == 1


def test_remove_a_person_without_javascript(client, municipality):
    data = form_data(municipality, people=[ELIF, AYTEN])
    data["persoon_weghalen"] = "0"
    html = client.post(URL, data).content.decode()
    assert 'name="persoon-TOTAL_FORMS" value="1"' in html
    assert 'value="Ayten Yılmaz"' in html and "Elif" not in html
    assert Request.objects.count() == 0


def test_at_most_six_main_people(client, municipality):
    people = [{**AYTEN, "name": f"Persoon {n}"} for n in range(6)]
    data = form_data(municipality, people=people)
    data["persoon_toevoegen"] = "1"
    html = client.post(URL, data).content.decode()
    assert 'name="persoon-6-name"' not in html
    assert "Nog een hoofdpersoon toevoegen" not in html
    data = form_data(municipality, people=[*people, {**AYTEN, "name": "Zeven"}])
    response = client.post(URL, data)
    assert "Noem hoogstens 6 hoofdpersonen." in response.content.decode()
    assert Request.objects.count() == 0


def test_structured_wishes_about_the_coordinator_are_stored(client, municipality):
    client.post(
        URL,
        form_data(
            municipality,
            preferred_gender="f",
            preferred_language="tr",
            preferred_culture="Turks",
            people=[AYTEN],
        ),
    )
    req = Request.objects.get()
    assert (req.preferred_gender, req.preferred_language, req.preferred_culture) == (
        "f",
        "tr",
        "Turks",
    )


def test_staff_type_in_a_request_with_two_people(client_for, manager, municipality):
    data = form_data(municipality, people=[ELIF, AYTEN], channel="phone")
    data.pop("website")
    response = client_for(manager).post("/aanvragen/nieuw/", data)
    req = Request.objects.get()
    assert response.status_code == 302
    assert req.people.count() == 2 and req.entered_by == manager


def test_staff_form_adds_a_person_without_javascript(client_for, manager, municipality):
    data = form_data(municipality, people=[AYTEN], channel="phone")
    data["persoon_toevoegen"] = "1"
    html = client_for(manager).post("/aanvragen/nieuw/", data).content.decode()
    assert 'name="persoon-1-name"' in html
    assert Request.objects.count() == 0


def test_the_request_page_shows_each_main_person(client, client_for, manager, municipality):
    client.post(URL, form_data(municipality, people=[ELIF, AYTEN]))
    req = Request.objects.get()
    html = client_for(manager).get(f"/aanvragen/{req.uuid}/").content.decode()
    assert "Elif Yılmaz" in html and "Ayten Yılmaz" in html
    assert "Mijn kind" in html
    assert "+31 6 87654321" in html
    assert "Hoofdtaal van het gezin" in html
