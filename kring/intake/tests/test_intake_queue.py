"""The intake queue: own regions only, oldest first, deadlines, filters, search, paging."""

import datetime

import pytest
from django.utils import timezone

from kring.accounts.tests.factories import MunicipalityFactory
from kring.core.paging import _encode
from kring.intake.tests.factories import RequestFactory

URL = "/aanvragen/"


def test_manager_sees_only_requests_of_their_own_regions(
    client_for, manager, municipality, other_municipality
):
    mine = RequestFactory.create(municipality=municipality, main_person_names="Eigen Regio")
    RequestFactory.create(municipality=other_municipality, main_person_names="Andere Regio")
    html = client_for(manager).get(URL).content.decode()
    assert mine.reference in html
    assert "Eigen Regio" in html
    assert "Andere Regio" not in html


def test_oldest_first_with_overdue_highlighted(client_for, manager, municipality):
    newer = RequestFactory.create(municipality=municipality)
    older = RequestFactory.create(municipality=municipality, overdue=True)
    html = client_for(manager).get(URL).content.decode()
    assert html.index(older.reference) < html.index(newer.reference)
    assert 'class="is-overdue"' in html
    assert "badge--overdue" in html
    assert "te laat" in html
    assert "Nog " in html


def test_only_open_requests_by_default_and_status_filter(client_for, manager, municipality):
    new = RequestFactory.create(municipality=municipality)
    closed = RequestFactory.create(municipality=municipality, closed=True)
    c = client_for(manager)
    html = c.get(URL).content.decode()
    assert new.reference in html
    assert closed.reference not in html
    html = c.get(URL, {"status": "closed"}).content.decode()
    assert closed.reference in html
    assert new.reference not in html


def test_filter_by_topic(client_for, manager, municipality):
    school = RequestFactory.create(municipality=municipality, topics=["education"])
    care = RequestFactory.create(municipality=municipality, topics=["care_for_family"])
    html = client_for(manager).get(URL, {"topic": "education"}).content.decode()
    assert school.reference in html
    assert care.reference not in html


def test_filter_by_municipality(client_for, manager, municipality, region):
    haarlem = MunicipalityFactory(code="GM0392", name="Haarlem", region=region)
    here = RequestFactory.create(municipality=municipality)
    there = RequestFactory.create(municipality=haarlem)
    html = client_for(manager).get(URL, {"municipality": "GM0392"}).content.decode()
    assert there.reference in html
    assert here.reference not in html


def test_search_by_reference_or_name(client_for, manager, municipality):
    a = RequestFactory.create(municipality=municipality, main_person_names="Kees Jansen")
    b = RequestFactory.create(municipality=municipality, main_person_names="Ayla Demir")
    c = client_for(manager)
    html = c.get(URL, {"q": "demir"}).content.decode()
    assert b.reference in html and a.reference not in html
    html = c.get(URL, {"q": a.reference.lower()}).content.decode()
    assert a.reference in html and b.reference not in html


def test_a_reference_search_lists_in_reference_order_and_pages_on_it(
    client_for, manager, municipality
):
    """Decision 203: the matches in reference order (the newest made last), paged with a
    keyset on the reference, whatever order their dates are in; the other references left
    out, including the one just past the prefix's range."""
    now = timezone.now()
    matches = [
        RequestFactory.create(
            municipality=municipality,
            reference=f"EK-2026-9{n:04d}",
            # Dates against the reference order: a sort by date would list them reversed.
            created_at=now - datetime.timedelta(hours=n),
        )
        for n in range(30)
    ]
    outside = [
        RequestFactory.create(municipality=municipality, reference=ref)
        for ref in ("EK-2026-89999", "EK-2025-91234", "EK-2026-:0000")
    ]
    c = client_for(manager)
    first = c.get(URL, {"q": "2026-9"})
    listed = [row.req.reference for row in first.context["rows"]]
    assert listed == [m.reference for m in matches[:25]]
    assert first.context["total"] == "30"
    second = c.get(URL, {"q": "2026-9", "na": first.context["page"].next_cursor})
    assert [row.req.reference for row in second.context["rows"]] == [
        m.reference for m in matches[25:]
    ]
    html = first.content.decode() + second.content.decode()
    assert not any(o.reference in html for o in outside)
    # A cursor of another list's kind (a date) for a reference search: the first page.
    dated = _encode([now.isoformat(), matches[3].pk])
    again = c.get(URL, {"q": "2026-9", "na": dated})
    assert [row.req.reference for row in again.context["rows"]] == listed


def test_invalid_filters_are_ignored(client_for, manager, municipality):
    RequestFactory.create(municipality=municipality)
    response = client_for(manager).get(URL, {"status": "nonsense", "na": "%%%"})
    assert response.status_code == 200


def test_paging_is_keyset_and_keeps_filters(client_for, manager, municipality):
    now = timezone.now()
    reqs = [
        RequestFactory.create(
            municipality=municipality, created_at=now - datetime.timedelta(hours=60 - i)
        )
        for i in range(30)
    ]
    c = client_for(manager)
    first = c.get(URL, {"topic": "eviction"})
    html = first.content.decode()
    assert reqs[0].reference in html and reqs[29].reference not in html
    cursor = first.context["page"].next_cursor
    assert "topic=eviction" in html
    second = c.get(URL, {"topic": "eviction", "na": cursor}).content.decode()
    assert reqs[29].reference in second and reqs[0].reference not in second


@pytest.mark.parametrize("rows", [0, 1, 25, 26, 501])
def test_the_total_is_right_whether_or_not_it_was_counted(
    client_for, manager, municipality, rows, django_assert_num_queries
):
    """A first page that holds the whole list shows its own length (no count query); a
    longer list is counted, capped at 500, on its first page and on the next."""
    RequestFactory.create_batch(rows, municipality=municipality)
    c = client_for(manager)
    c.get(URL)  # warm the session
    shown = "500+" if rows > 500 else str(rows)
    with django_assert_num_queries(6 if rows > 25 else 5):
        first = c.get(URL)
    assert first.context["total"] == shown
    assert f"Gevonden: {shown}." in first.content.decode()
    cursor = first.context["page"].next_cursor
    assert (cursor is not None) == (rows > 25)
    if cursor is not None:
        with django_assert_num_queries(6):
            second = c.get(URL, {"na": cursor})
        assert second.context["total"] == shown


@pytest.mark.parametrize("rows", [1, 50])
def test_queue_exact_query_count(
    client_for, manager, municipality, rows, django_assert_num_queries
):
    RequestFactory.create_batch(rows, municipality=municipality, main_person_names="Jan Smit")
    c = client_for(manager)
    c.get(URL)  # warm the session
    # session, user (+region ids), requests (+municipality, flagged original), the page's
    # read event, municipalities for the filter, and the capped count only when the list is
    # longer than its first page of 25 (a first page that holds it all counts its own rows)
    with django_assert_num_queries(6 if rows > 25 else 5):
        response = c.get(URL, {"topic": "eviction", "q": "jan"})
    assert response.status_code == 200
    assert len(response.context["page"].items) == min(rows, 25)


@pytest.mark.parametrize("status", ["", "closed"])
def test_queue_rows_of_every_kind_cost_no_query_each(
    client_for, manager, municipality, status, django_assert_num_queries
):
    """The page reads only the row columns (`queue.ROW_FIELDS`): a flagged duplicate, a merged
    request, safety at stake, an informational conversation and every status still cost one
    query for the whole page, not one per row."""
    original = RequestFactory.create(municipality=municipality)
    now = timezone.now()
    for i, request_status in enumerate(["new", "contacted", "info_conversation", "closed"] * 5):
        merged = request_status == "closed" and i % 3 == 0
        RequestFactory.create(
            municipality=municipality,
            status=request_status,
            close_reason=("duplicate" if merged else "other") if request_status == "closed" else "",
            duplicate_of=original if merged or i % 2 else None,
            merged_at=now if merged else None,
            safety_at_stake=i % 3 == 1,
            wants_info_conversation=request_status == "info_conversation",
        )
    c = client_for(manager)
    c.get(URL)  # warm the session
    # session, user (+region ids), requests (+municipality, flagged original), the page's
    # read event, municipalities for the filter (no count: the page holds the whole list)
    with django_assert_num_queries(5):
        response = c.get(URL, {"status": status} if status else {})
    html = response.content.decode()
    assert len(response.context["page"].items) >= 5
    assert original.reference in html or status == "closed"


def test_htmx_filter_returns_only_the_results(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality)
    response = client_for(manager).get(URL, {"q": req.reference}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert req.reference in html
    assert 'id="queue-results"' in html
    assert "<html" not in html
