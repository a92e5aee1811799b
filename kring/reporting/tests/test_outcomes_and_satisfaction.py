"""Outcomes at the follow-ups and satisfaction per respondent group, on the hand-built dataset
of conftest.py, with follow-ups and survey answers made through `kring.followup`'s services.

The windows (decision 0156), counted from the conference:
- c1, conference 13 Apr 2026: 6 months = 13 Oct 2026 (window 13 Aug - 13 Dec 2026), 12 months
  = 13 Apr 2027 (window 13 Feb - 13 Jun 2027). Follow-ups on 1 Jun (first), 20 Sep (23 days
  from 6 months), 1 Nov (19 days: the 6-month one), 20 Apr 2027 (the 12-month one; closes).
- c5, conference 5 May 2026: 6 months = 5 Nov 2026 (window 5 Sep 2026 - 5 Jan 2027), 12 months
  = 5 May 2027 (window 5 Mar - 5 Jul 2027). Follow-ups on 1 Jul (first), 5 Sep (the window's
  first day: the 6-month one), 6 Jan 2027 (outside both windows; closes).
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kring.cases.models import Case
from kring.cases.states import Status
from kring.followup import survey
from kring.followup.meetings import Outcomes, record_follow_up
from kring.network.models import Person, Ring
from kring.network.states import PersonStatus
from kring.plans.tests.factories import PersonFactory
from kring.reporting import figures, report
from kring.reporting.figures import Filters
from kring.reporting.models import FlowFigure
from kring.reporting.refresh import add_months, outcomes_at, refresh_figures
from kring.reporting.sections import build
from kring.reporting.tests.conftest import Dataset, at, d

pytestmark = pytest.mark.django_db

MARCH = "?van=2026-03&tot=2026-03"
START = END = datetime.date(2026, 3, 1)


def meet(case: Case, actor: Any, day: str, codes: str, next_day: str | None) -> None:
    """Record a follow-up on `day` (at noon) through the service; `codes` are the register's
    four values, space-separated."""
    agreements, question, help_, holds = codes.split()
    with time_machine.travel(at(day, 12), tick=False):
        record_follow_up(
            Case.objects.get(pk=case.pk),
            held_on=d(day),
            present=[],
            steps=[],
            outcomes=Outcomes(agreements, question, help_, holds),
            changes="",
            next_at=at(next_day) if next_day else None,
            close=next_day is None,
            actor=actor,
        )


def answer(person: Any, day: str, heard: int, plan: int, coordinator: int) -> None:
    with time_machine.travel(at(day, 12), tick=False):
        survey.answer(
            person, heard=heard, plan=plan, coordinator=coordinator, open_answer="Geheim antwoord"
        )


@pytest.fixture
def followed(dataset: Dataset) -> Dataset:
    c1, _c2, _c3, c5 = dataset.cases
    Case.objects.filter(pk__in=[c1.pk, c5.pk]).update(status=Status.CHECK_IN_DONE)
    # c1 has two minimum requirements, so "there was none" cannot be recorded for it.
    meet(c1, dataset.manager, "2026-06-01", "done partly same yes", "2026-09-20")
    meet(c1, dataset.manager, "2026-09-20", "partly yes reduced no", "2026-11-01")
    meet(c1, dataset.manager, "2026-11-01", "done yes reduced no", "2027-04-01")
    meet(c1, dataset.manager, "2027-04-20", "done yes reduced no", None)
    meet(c5, dataset.manager, "2026-07-01", "not_done no increased none", "2026-09-05")
    meet(c5, dataset.manager, "2026-09-05", "not_done partly same none", "2027-01-06")
    meet(c5, dataset.manager, "2027-01-06", "done yes reduced none", None)
    # Participants of c1 and c5 and c1's professional answer the survey.
    present = Person.objects.filter(case=c1, status=PersonStatus.PRESENT).order_by("id")
    participants = [p for p in present if p.ring != Ring.PROFESSIONALS][:3]
    professional = next(p for p in present if p.ring == Ring.PROFESSIONALS)
    for person, scores in zip(participants, [(8, 7, 10), (6, 7, 9), (9, 10, 8)], strict=True):
        answer(person, "2026-04-20", *scores)
    answer(professional, "2026-04-21", 5, 6, 7)
    c5_person = PersonFactory(case=c5, ring=Ring.FAMILY, status=PersonStatus.PRESENT)
    answer(c5_person, "2026-05-10", 5, 4, 7)
    refresh_figures(full=True)
    return dataset


def apeldoorn(dataset: Dataset) -> Filters:
    return Filters(START, END, municipality=dataset.municipality.id)


def test_the_windows_pick_the_nearest_follow_up_within_two_months():
    assert add_months(d("2026-08-31"), 6) == d("2027-02-28")
    register = [(d(day), {"n": day}) for day in ("2026-06-01", "2026-09-20", "2026-11-01")]
    picked = outcomes_at(d("2026-04-13"), register)
    assert picked == {"first": {"n": "2026-06-01"}, "6m": {"n": "2026-11-01"}}
    # Equally near (12 days either side): the earlier one.
    tie = [(d("2026-10-01"), {"n": "early"}), (d("2026-10-25"), {"n": "late"})]
    assert outcomes_at(d("2026-04-13"), tie)["6m"] == {"n": "early"}
    assert outcomes_at(None, register) == {"first": {"n": "2026-06-01"}}
    assert outcomes_at(d("2026-04-13"), []) == {}


def test_outcomes_per_window_equal_the_hand_count(followed: Dataset):
    tallies = figures.tallies(apeldoorn(followed))
    assert tallies["outcome_first"] == {
        "agreements:done": 1,
        "agreements:not_done": 1,
        "question_answered:partly": 1,
        "question_answered:no": 1,
        "professional_help:same": 1,
        "professional_help:increased": 1,
        "safety_holds:yes": 1,
        "safety_holds:none": 1,
    }
    assert tallies["outcome_6m"] == {
        "agreements:done": 1,
        "agreements:not_done": 1,
        "question_answered:yes": 1,
        "question_answered:partly": 1,
        "professional_help:reduced": 1,
        "professional_help:same": 1,
        "safety_holds:no": 1,
        "safety_holds:none": 1,
    }
    # c5's last follow-up (6 Jan 2027) lies outside both windows.
    assert tallies["outcome_12m"] == {
        "agreements:done": 1,
        "question_answered:yes": 1,
        "professional_help:reduced": 1,
        "safety_holds:no": 1,
    }
    section = next(s for s in build(apeldoorn(followed)) if s.slug == "uitkomsten")
    rows = {(r[0], r[1]): r[2:] for r in section.rows}
    assert section.rows[0][2:] == [2, "", 2, "", 1, ""]
    assert rows[("Afspraken gedaan", "Gedaan")] == [1, "50%", 1, "50%", 1, "100%"]
    assert rows[("Afspraken gedaan", "Deels gedaan")] == [0, "0%", 0, "0%", 0, "0%"]
    assert rows[("Centrale vraag beantwoord", "Nee")] == [1, "50%", 0, "0%", 0, "0%"]
    assert rows[("Hulp van professionals", "Minder")] == [0, "0%", 1, "50%", 1, "100%"]
    assert section.chart and "<svg" in section.chart
    # Another municipality of the region has no follow-ups.
    other = Filters(START, END, municipality=followed.other_municipality.id)
    assert figures.tallies(other)["outcome_first"] == {}


def test_satisfaction_per_respondent_group_equals_the_hand_count(followed: Dataset):
    section = next(s for s in build(apeldoorn(followed)) if s.slug == "tevredenheid")
    rows = {(r[0], r[1]): r[2:] for r in section.rows}
    # Participants: heard 8, 6, 9, 5; plan 7, 7, 10, 4; coordinator 10, 9, 8, 7.
    assert rows[("Gehoord gevoeld", "Deelnemers")] == [4, 7.0, 7.0]
    assert rows[("Tevreden over het plan", "Deelnemers")] == [4, 7.0, 7.0]
    assert rows[("Tevreden over de coördinator", "Deelnemers")] == [4, 8.5, 8.5]
    # One professional: 5, 6, 7.
    assert rows[("Gehoord gevoeld", "Professionals")] == [1, 5.0, 5.0]
    assert rows[("Tevreden over de coördinator", "Professionals")] == [1, 7.0, 7.0]
    # The open answers are nowhere in the figures.
    assert "Geheim" not in str(section.rows)
    assert "Geheim" not in str(list(FlowFigure.objects.values()))


def test_new_follow_ups_and_answers_are_picked_up_by_the_next_refresh(dataset: Dataset):
    c5 = dataset.cases[3]
    Case.objects.filter(pk=c5.pk).update(status=Status.CHECK_IN_DONE)
    now = timezone.now()
    with time_machine.travel(now + datetime.timedelta(minutes=10), tick=False):
        refresh_figures()
    with time_machine.travel(now + datetime.timedelta(minutes=20), tick=False):
        assert refresh_figures() == 0
        record_follow_up(
            Case.objects.get(pk=c5.pk),
            held_on=timezone.localdate(),
            present=[],
            steps=[],
            outcomes=Outcomes("done", "yes", "same", "none"),
            changes="",
            next_at=timezone.now() + datetime.timedelta(days=30),
            close=False,
            actor=dataset.manager,
        )
    with time_machine.travel(now + datetime.timedelta(minutes=30), tick=False):
        assert refresh_figures() == 1
    with time_machine.travel(now + datetime.timedelta(minutes=40), tick=False):
        assert refresh_figures() == 0
        # A second follow-up changes nothing on the case: only its own `recorded_at` tells.
        record_follow_up(
            Case.objects.get(pk=c5.pk),
            held_on=timezone.localdate(),
            present=[],
            steps=[],
            outcomes=Outcomes("partly", "no", "increased", "none"),
            changes="",
            next_at=timezone.now() + datetime.timedelta(days=30),
            close=False,
            actor=dataset.manager,
        )
        person: Any = PersonFactory(case=c5, ring=Ring.FAMILY, status=PersonStatus.PRESENT)
    with time_machine.travel(now + datetime.timedelta(minutes=50), tick=False):
        assert refresh_figures() == 1
    with time_machine.travel(now + datetime.timedelta(minutes=60), tick=False):
        assert refresh_figures() == 0
        survey.answer(person, heard=9, plan=8, coordinator=7, open_answer="")
    with time_machine.travel(now + datetime.timedelta(minutes=70), tick=False):
        assert refresh_figures() == 1
    tallies = figures.tallies(apeldoorn(dataset))
    assert tallies["outcome_first"]["agreements:done"] == 1
    assert tallies["score_participant"] == {"heard:9": 1, "plan:8": 1, "coordinator:7": 1}


def test_dashboard_csv_and_query_count(client, followed: Dataset, django_assert_num_queries):
    client.force_login(followed.manager)
    url = reverse("reporting:dashboard") + MARCH
    client.get(url)
    # The same 13 queries as without follow-ups (test_figure_pages): the outcomes and scores
    # come with the other tallies.
    with django_assert_num_queries(13):
        page = client.get(url)
    body = page.content.decode()
    assert 'id="h-uitkomsten"' in body
    assert 'id="h-tevredenheid"' in body
    assert 'aria-labelledby="chart-satisfaction-title"' in body
    assert "Geheim" not in body
    response = client.get(
        reverse("reporting:dashboard_csv", args=["tevredenheid"])
        + f"{MARCH}&gemeente={followed.municipality.id}"
    )
    assert "Geheim" not in response.content.decode()
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0] == ["Vraag", "Groep", "Respondenten", "Gemiddelde", "Mediaan"]
    assert rows[1][:3] == ["Gehoord gevoeld", "Deelnemers", "4"]
    response = client.get(
        reverse("reporting:dashboard_csv", args=["uitkomsten"])
        + f"{MARCH}&gemeente={followed.municipality.id}"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[2] == ["Afspraken gedaan", "Gedaan", "1", "50%", "1", "50%", "1", "100%"]


def test_funder_view_still_suppresses_and_shows_no_scores(client, followed: Dataset):
    client.force_login(followed.funder)
    page = client.get(reverse("reporting:municipality", args=["GM0200"]) + "?jaar=2026")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tevredenheid" not in body
    assert "Geheim" not in body
    for table in page.context["tables"]:
        for _label, cells in table.rows:
            assert not any(c is not None and 1 <= c <= 4 for c in cells)
    assert client.get(reverse("reporting:municipality", args=["GM0202"])).status_code == 404
    csv_url = reverse("reporting:dashboard_csv", args=["tevredenheid"])
    assert client.get(csv_url).status_code == 403


def test_annual_report_holds_both_sections(client, followed: Dataset):
    slugs = [s.slug for s in report.annual_sections(2026, followed.region)]
    assert "uitkomsten" in slugs
    assert "tevredenheid" in slugs
    client.force_login(followed.admin)
    response = client.get(
        reverse("reporting:annual_report") + f"?jaar=2026&regio={followed.region.id}"
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Uitkomsten bij de vervolgbijeenkomsten" in text
    assert "Tevredenheid" in text
    assert "Geheim" not in text
