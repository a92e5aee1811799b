"""A request sent twice: back-and-resubmit makes nothing new; a re-entered request within 30
days is flagged in the queue and can be closed as a duplicate or merged, with one mail."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.intake.models import CloseReason, Request
from kring.intake.states import RequestStatus
from kring.intake.tests.factories import RequestFactory
from kring.intake.tests.helpers import form_data

URL = "/aanvraag/"
AYTEN = {"name": "Ayten Yılmaz", "relation": "self", "main_language": "tr"}
ELIF = {"name": "Elif Yılmaz", "relation": "child", "main_language": "tr", "is_minor": True}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def _fresh_form_post(client, municipality, **overrides):
    """Load the form (as the browser does after 'back') and send it with its token."""
    token = client.get(URL).context["form"]["submission_token"].value()
    return client.post(URL, form_data(municipality, submission_token=token, **overrides))


def test_the_form_keeps_its_token_when_loaded_again(client, db):
    first = client.get(URL).context["form"]["submission_token"].value()
    second = client.get(URL).context["form"]["submission_token"].value()
    assert first == second


def test_back_and_resubmit_creates_no_second_request_and_no_second_mail(
    client, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _fresh_form_post(client, municipality, people=[AYTEN])
        # Back: the form is loaded again (a fresh token after a sent request) and sent again.
        second = _fresh_form_post(client, municipality, people=[AYTEN])
    assert Request.objects.count() == 1
    assert first.url == second.url
    assert len(mail.outbox) == 1


def test_after_sending_the_next_form_is_for_a_new_request(client, municipality):
    _fresh_form_post(client, municipality, people=[AYTEN])
    other = {"name": "Kees Jansen", "relation": "client", "main_language": "nl"}
    _fresh_form_post(client, municipality, people=[other], question="Hoe kan Kees thuis wonen?")
    assert Request.objects.count() == 2


def test_a_resubmission_from_another_browser_is_flagged_and_gets_no_second_mail(
    client, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _fresh_form_post(client, municipality, people=[AYTEN])
        _fresh_form_post(Client(), municipality, people=[AYTEN], question="Anders geschreven?")
    original, again = Request.objects.order_by("id")
    assert again.duplicate_of == original
    assert again.is_resubmission is True
    assert len(mail.outbox) == 1
    event = AuditEvent.objects.get(action="create", object_id=str(again.uuid))
    assert event.changes["duplicate_of"] == str(original.uuid)
    assert event.changes["resubmission"] is True


def test_the_same_main_person_from_someone_else_is_flagged_and_both_get_a_mail(
    client, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _fresh_form_post(client, municipality, people=[AYTEN])
        _fresh_form_post(
            Client(),
            municipality,
            people=[{**AYTEN, "relation": "client", "name": "AYTEN yilmaz"}],
            requester_name="Wijkteam Oost",
            requester_email="oost@wijkteam.example",
            requester_phone="020 1234567",
        )
    original, again = Request.objects.order_by("id")
    assert again.duplicate_of == original
    assert again.is_resubmission is False
    assert len(mail.outbox) == 2


def test_the_same_requester_for_another_family_is_flagged_only_as_a_hint(client, municipality):
    _fresh_form_post(client, municipality, people=[AYTEN])
    other = {"name": "Kees Jansen", "relation": "client", "main_language": "nl"}
    _fresh_form_post(Client(), municipality, people=[other], question="Hoe kan Kees thuis wonen?")
    original, again = Request.objects.order_by("id")
    assert again.duplicate_of == original and not again.is_resubmission


def test_after_30_days_it_is_a_new_request(client, municipality):
    _fresh_form_post(client, municipality, people=[AYTEN])
    later = timezone.now() + datetime.timedelta(days=31)
    with time_machine.travel(later):
        _fresh_form_post(Client(), municipality, people=[AYTEN], question="Weer een vraag?")
    assert Request.objects.order_by("-id")[0].duplicate_of is None


def test_the_queue_flags_a_possible_duplicate(client_for, manager, municipality):
    original = RequestFactory.create(municipality=municipality, main_person_names="Ayten Yılmaz")
    RequestFactory.create(municipality=municipality, duplicate_of=original)
    html = client_for(manager).get("/aanvragen/").content.decode()
    assert f"Mogelijk dubbel: {original.reference}" in html


def test_the_request_page_says_why_and_links_both_ways(client, client_for, manager, municipality):
    _fresh_form_post(client, municipality, people=[AYTEN])
    _fresh_form_post(Client(), municipality, people=[AYTEN], question="Nog eens?")
    original, again = Request.objects.order_by("id")
    c = client_for(manager)
    html = c.get(f"/aanvragen/{again.uuid}/").content.decode()
    assert "Mogelijk dubbel" in html
    assert "dezelfde aanvrager (telefoon of e-mail), dezelfde hoofdpersoon" in html
    assert f"/aanvragen/{original.uuid}/" in html
    assert f"Samenvoegen met {original.reference}" in html
    assert "De aanvrager kreeg geen tweede bevestiging." in html
    html = c.get(f"/aanvragen/{original.uuid}/").content.decode()
    assert f"/aanvragen/{again.uuid}/" in html


def test_close_as_duplicate_of_the_flagged_original(client, client_for, manager, municipality):
    _fresh_form_post(client, municipality, people=[AYTEN])
    _fresh_form_post(Client(), municipality, people=[AYTEN], question="Nog eens?")
    original, again = Request.objects.order_by("id")
    response = client_for(manager).post(
        f"/aanvragen/{again.uuid}/afsluiten/", {"close-reason": "duplicate"}
    )
    assert response.status_code == 302
    again.refresh_from_db()
    assert (again.status, again.close_reason) == (RequestStatus.CLOSED, CloseReason.DUPLICATE)
    assert again.duplicate_of == original and again.merged_at is None


def test_close_as_duplicate_names_the_earlier_request_when_not_flagged(
    client_for, manager, municipality, other_municipality
):
    earlier = RequestFactory.create(municipality=municipality)
    unflagged = RequestFactory.create(municipality=municipality)
    elsewhere = RequestFactory.create(municipality=other_municipality)
    c = client_for(manager)
    url = f"/aanvragen/{unflagged.uuid}/afsluiten/"
    response = c.post(url, {"close-reason": "duplicate"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul het nummer in van de aanvraag waarvan dit een duplicaat is." in html
    # A request of another region does not exist for this manager.
    response = c.post(url, {"close-reason": "duplicate", "close-original": elsewhere.reference})
    assert "Er is geen aanvraag met dit nummer in uw regio&#x27;s." in response.content.decode()
    c.post(url, {"close-reason": "duplicate", "close-original": earlier.reference.lower()})
    unflagged.refresh_from_db()
    assert unflagged.close_reason == "duplicate" and unflagged.duplicate_of == earlier


def test_merge_into_the_original_takes_over_what_it_lacked_and_mails_nobody(
    client, client_for, manager, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _fresh_form_post(client, municipality, people=[AYTEN], topics=["youth_care"])
        _fresh_form_post(
            Client(),
            municipality,
            people=[AYTEN, ELIF],
            topics=["education"],
            question="Nog eens?",
        )
    original, again = Request.objects.order_by("id")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(f"/aanvragen/{again.uuid}/samenvoegen/")
    assert response.status_code == 302
    assert response.url == f"/aanvragen/{original.uuid}/"
    original.refresh_from_db()
    again.refresh_from_db()
    assert list(original.people.values_list("name", flat=True)) == ["Ayten Yılmaz", "Elif Yılmaz"]
    assert original.topics == ["youth_care", "education"]
    assert original.main_person_names == "Ayten Yılmaz, Elif Yılmaz"
    assert again.status == RequestStatus.CLOSED and again.close_reason == "duplicate"
    assert again.merged_at is not None
    assert mail.outbox == []
    merged = AuditEvent.objects.get(key="intake.merged_into")
    assert merged.changes == {"from": str(again.uuid), "fields": sorted(merged.changes["fields"])}
    assert "Elif" not in str(merged.changes)


def test_merging_a_request_that_is_not_flagged_is_404(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality)
    assert client_for(manager).post(f"/aanvragen/{req.uuid}/samenvoegen/").status_code == 404


def test_no_merge_into_an_original_that_became_a_trajectory(client_for, manager, municipality):
    original = RequestFactory.create(municipality=municipality, converted=True)
    again = RequestFactory.create(municipality=municipality, duplicate_of=original)
    c = client_for(manager)
    html = c.get(f"/aanvragen/{again.uuid}/").content.decode()
    assert "Samenvoegen met" not in html
    response = c.post(f"/aanvragen/{again.uuid}/samenvoegen/", follow=True)
    assert "Samenvoegen kan niet meer" in response.content.decode()
    again.refresh_from_db()
    assert again.status == RequestStatus.NEW


def test_the_request_page_has_no_duplicate_ids(client_for, manager, municipality):
    """The close form's note and the contact form's note had the same id (finding 15)."""
    import re
    from collections import Counter

    req = RequestFactory.create(municipality=municipality, contacted=True)
    html = client_for(manager).get(f"/aanvragen/{req.uuid}/").content.decode()
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1]
    assert 'for="id_close-note"' in html and 'id="id_close-note"' in html


def test_a_page_shown_again_after_an_invalid_post_writes_its_read_event(
    client_for, manager, municipality
):
    req = RequestFactory.create(municipality=municipality)
    client_for(manager).post(f"/aanvragen/{req.uuid}/afsluiten/", {"close-reason": "other"})
    assert AuditEvent.objects.filter(
        action="view", object_id=str(req.uuid), key="intake.request_viewed"
    ).exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_flagged_request_page_exact_query_count(
    client_for, manager, municipality, rows, django_assert_num_queries
):
    original = RequestFactory.create(
        municipality=municipality, people=[f"P{n}" for n in range(rows)]
    )
    again = RequestFactory.create(municipality=municipality, duplicate_of=original)
    c = client_for(manager)
    c.get("/aanvragen/")
    # session, user (+region ids), request (+municipality, region, author, original), audit insert,
    # people, history, original visible?, why alike (its people, the original's people), later ones
    with django_assert_num_queries(10):
        assert c.get(f"/aanvragen/{again.uuid}/").status_code == 200


def _rows_read(node: dict, table: str) -> int:
    """Rows a plan node (and its children) read from `table`: returned plus filtered away."""
    own = 0
    if node.get("Relation Name") == table:
        loops = node.get("Actual Loops", 1)
        own = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
    return own + sum(_rows_read(child, table) for child in node.get("Plans", []))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN ANALYZE of PostgreSQL's plan"
)
def test_the_duplicate_check_reads_the_matches_not_the_regions_month(client, municipality):
    """A flood of posts fills a region's last 30 days; the check for the next post must not
    read them all (issue 15: it walked the region's month, 627 rows at 100k in the bench)."""
    for i in range(300):
        RequestFactory.create(
            municipality=municipality,
            requester_email=f"ander{i}@example.nl",
            requester_phone=f"+31 6 2{i:07d}",
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_request")
        cursor.execute("ANALYZE intake_requestperson")
    with CaptureQueriesContext(connection) as captured:
        _fresh_form_post(Client(), municipality, people=[AYTEN])
    (check,) = [q["sql"] for q in captured.captured_queries if '"both"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + check)
        plan = cursor.fetchone()[0][0]["Plan"]
    assert _rows_read(plan, "intake_request") < 10, plan
    assert Request.objects.order_by("-id")[0].duplicate_of is None
