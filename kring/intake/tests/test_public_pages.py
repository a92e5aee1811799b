"""The home page, the privacy statement and the regional office finder."""

import pytest

from kring.intake import models


def test_home_explains_and_links_to_the_form(client, db, settings):
    settings.KRING_PHONE = "0800 - 12 34 567"
    settings.KRING_EMAIL = "hallo@kring.example"
    html = client.get("/").content.decode()
    assert "Wat is een Eigen Kracht-conferentie?" in html
    assert "Wie is de coördinator?" in html
    assert "besloten" in html
    assert "Wat kost het?" in html
    assert "informatief gesprek" in html
    assert 'href="/aanvraag/"' in html
    assert "0800 - 12 34 567" in html
    assert "hallo@kring.example" in html


def test_home_shows_published_quotes_only(client, db):
    models.Testimonial.objects.create(quote="Wij hadden weer regie.", attribution="Moeder, Zwolle")
    models.Testimonial.objects.create(quote="Verborgen", attribution="X", published=False)
    html = client.get("/").content.decode()
    assert "Wij hadden weer regie." in html
    assert "Verborgen" not in html


def test_find_regional_office_by_municipality(client, municipality):
    region = municipality.region
    region.office_phone = "020 - 622 19 00"
    region.save()
    html = client.get("/regiokantoor/", {"gemeente": "GM0363"}).content.decode()
    assert "Amsterdam hoort bij regio Noord-Holland" in html
    assert "020 - 622 19 00" in html


def test_find_office_htmx_returns_only_the_result(client, municipality):
    response = client.get("/regiokantoor/", {"gemeente": "GM0363"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Noord-Holland" in html
    assert "<html" not in html


def test_find_office_unknown_municipality(client, db):
    html = client.get("/regiokantoor/", {"gemeente": "GM9999"}).content.decode()
    assert "Kies een gemeente uit de lijst." in html


def test_privacy_statement_in_plain_language(client, db, settings):
    settings.KRING_INFO_REQUEST_RETENTION_DAYS = 90
    html = client.get("/privacy/").content.decode()
    assert "90 dagen" in html
    assert "toestemming" in html


@pytest.mark.parametrize("quotes", [1, 20])
def test_home_exact_query_count(client, db, quotes, django_assert_num_queries):
    for i in range(quotes):
        models.Testimonial.objects.create(quote=f"Citaat {i}", attribution="Iemand")
    # testimonials, municipalities (+region) for "find your office"
    with django_assert_num_queries(2):
        client.get("/")
