"""The queue's search at national scale: a reference from its start, a name through the
trigram index (PostgreSQL) or the FTS5 trigram table (SQLite), never a scan with icontains."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kring.intake.search import reference_prefix
from kring.intake.tests.factories import RequestFactory

URL = "/aanvragen/"


def test_a_name_is_found_in_either_name_column_and_in_any_case(client_for, manager, municipality):
    demir = RequestFactory.create(municipality=municipality, main_person_names="Ayla Demir")
    by_requester = RequestFactory.create(
        municipality=municipality, requester_name="Joris Oudeman", main_person_names="Kim Bos"
    )
    other = RequestFactory.create(municipality=municipality, main_person_names="Kees Jansen")
    c = client_for(manager)
    html = c.get(URL, {"q": "DEMI"}).content.decode()
    assert demir.reference in html and other.reference not in html
    html = c.get(URL, {"q": "oudem"}).content.decode()
    assert by_requester.reference in html and demir.reference not in html


def test_a_renamed_request_is_found_by_its_new_name(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, main_person_names="Ayla Demir")
    req.main_person_names = "Ayla Yildiz"
    req.save()
    c = client_for(manager)
    assert req.reference in c.get(URL, {"q": "Yildiz"}).content.decode()
    assert req.reference not in c.get(URL, {"q": "Demir"}).content.decode()


def test_a_name_of_fewer_than_three_letters_says_so(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, main_person_names="Bo Li")
    html = client_for(manager).get(URL, {"q": "Li"}).content.decode()
    assert "Typ minstens 3 letters" in html
    assert req.reference not in html


def test_percent_and_underscore_are_letters_not_wildcards(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, main_person_names="Anna Smit")
    html = client_for(manager).get(URL, {"q": "A%a"}).content.decode()
    assert req.reference not in html
    html = client_for(manager).get(URL, {"q": 'An"na'}).content.decode()
    assert req.reference not in html


def test_a_reference_matches_from_its_start(client_for, manager, municipality):
    first = RequestFactory.create(municipality=municipality, reference="EK-2025-00042")
    second = RequestFactory.create(municipality=municipality, reference="EK-2026-00042")
    c = client_for(manager)
    html = c.get(URL, {"q": "2025-000"}).content.decode()
    assert first.reference in html and second.reference not in html
    html = c.get(URL, {"q": "ek-2026-00042"}).content.decode()
    assert second.reference in html and first.reference not in html


def test_reference_prefix_adds_the_letters():
    assert reference_prefix("2026-0004") == "EK-2026-0004"
    assert reference_prefix("ek2026-0004") == "EK-2026-0004"
    assert reference_prefix("EK-2026-0004") == "EK-2026-0004"


def test_the_search_queries_use_no_contains_scan(client_for, manager, municipality):
    RequestFactory.create(municipality=municipality, main_person_names="Ayla Demir")
    c = client_for(manager)
    with CaptureQueriesContext(connection) as captured:
        c.get(URL, {"q": "Demir"})
        c.get(URL, {"q": "EK-2026"})
    sql = " ".join(q["sql"] for q in captured.captured_queries if "intake_request" in q["sql"])
    assert "UPPER(" not in sql  # Django's icontains
    if connection.vendor == "postgresql":
        assert "ILIKE" in sql
    else:
        assert "intake_request_search MATCH" in sql
    # A reference prefix is a range on the reference, compared byte by byte (decision 203).
    reference = '"intake_request"."reference"'
    if connection.vendor == "postgresql":
        reference += ' COLLATE "C"'
    assert f"{reference} >= 'EK-2026' AND {reference} < 'EK-2027'" in sql
