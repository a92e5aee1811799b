"""The dashboard's figures on a hand-built dataset equal the values computed by hand.

March 2026, Apeldoorn: five requests (r1..r5), four trajectories, three conferences, two plans
delivered, one stopped in the preparation; see conftest.py for each one's dates.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from kring.reporting import figures
from kring.reporting.figures import Filters
from kring.reporting.refresh import refresh_figures
from kring.reporting.sections import build

pytestmark = pytest.mark.django_db

START = END = datetime.date(2026, 3, 1)


def apeldoorn(dataset, **kw) -> Filters:
    return Filters(START, END, municipality=dataset.municipality.id, **kw)


def test_funnel_counts(dataset):
    t = figures.totals(apeldoorn(dataset))
    assert t["requests"] == 5
    assert t["info_conversations"] == 1
    assert t["trajectories"] == 4
    assert t["conferences"] == 3
    assert t["plans_at_conference"] == 2
    assert t["plans_without_conference"] == 0
    assert t["stopped_early"] == 1
    assert figures.tallies(apeldoorn(dataset))["stop_reason"] == {"network_too_small": 1}


def test_lead_times_medians_and_90th_percentiles(dataset):
    tallies = figures.tallies(apeldoorn(dataset))
    contact = figures.histogram(tallies["days_to_contact"])
    conference = figures.histogram(tallies["days_to_conference"])
    plan = figures.histogram(tallies["days_to_plan"])
    # 1, 6, 2, 3 days: median (2 + 3) / 2, p90 the 4th of 4 (nearest rank).
    assert (figures.median(contact), figures.percentile(contact, 90)) == (2.5, 6.0)
    # 42, 70, 49 days: median 49, p90 the 3rd of 3.
    assert (figures.median(conference), figures.percentile(conference, 90)) == (49.0, 70.0)
    # 7, 14 days: median 10.5, p90 the 2nd of 2.
    assert (figures.median(plan), figures.percentile(plan, 90)) == (10.5, 14.0)
    t = figures.totals(apeldoorn(dataset))
    assert (t["contact_in_time"], t["contact_measured"]) == (3, 4)


def test_attendance_split_and_safety(dataset):
    t = figures.totals(apeldoorn(dataset))
    # c1: main + family + household present, family not coming, community present, community
    # only suggested (not invited), professional present; c2: main + family present,
    # professional invited but absent.
    assert (t["invited_family"], t["invited_network"], t["invited_professional"]) == (6, 1, 2)
    assert (t["present_family"], t["present_network"], t["present_professional"]) == (5, 1, 1)
    assert (t["requirements_set"], t["requirements_met"]) == (2, 1)
    attendance = next(s for s in build(apeldoorn(dataset)) if s.slug == "aanwezigheid")
    assert attendance.rows[-1] == ["Totaal", 9, 7, 2.3]


def test_filters_by_topic_source_region_and_municipality(dataset):
    assert figures.totals(apeldoorn(dataset, topic="divorce"))["requests"] == 1
    assert figures.totals(apeldoorn(dataset, source="self"))["requests"] == 1
    region = Filters(START, END, region=dataset.region.id)
    assert figures.totals(region)["requests"] == 6
    assert figures.totals(Filters(START, END))["requests"] == 7
    scoped = Filters(START, END, regions=frozenset({dataset.other_region.id}))
    assert figures.totals(scoped)["requests"] == 1
    assert figures.totals(Filters(START, END, variant="group"))["requests"] == 0


def test_weeks_and_months(dataset):
    weeks = figures.series(apeldoorn(dataset), "week", ["requests"])
    assert [(w.isoformat(), v["requests"]) for w, v in weeks] == [
        ("2026-02-23", 0),
        ("2026-03-02", 2),
        ("2026-03-09", 1),
        ("2026-03-16", 2),
        ("2026-03-23", 0),
        ("2026-03-30", 0),
    ]
    months = figures.series(apeldoorn(dataset), "month", ["requests", "trajectories"])
    assert months == [(datetime.date(2026, 3, 1), {"requests": 5, "trajectories": 4})]


def test_a_change_is_picked_up_by_the_next_refresh_alone(dataset):
    later = timezone.now() + datetime.timedelta(minutes=10)
    # The runs overlap by two minutes (OVERLAP): what changed just before a run is read again
    # by the next, so the run after the set-up still sees the four unfinished flows.
    with time_machine.travel(later - datetime.timedelta(minutes=5), tick=False):
        assert refresh_figures() == 4
    with time_machine.travel(later, tick=False):
        assert refresh_figures() == 0  # nothing changed since the last run
        c5 = dataset.cases[3]
        c5.plan_delivered_at = c5.conference_held_at + datetime.timedelta(days=21)
        c5.status = "plan_delivered"
        c5.save()
    with time_machine.travel(later + datetime.timedelta(minutes=10), tick=False):
        assert refresh_figures() == 1  # only the changed flow is computed again
    hist = figures.histogram(figures.tallies(apeldoorn(dataset))["days_to_plan"])
    assert sorted(hist) == [7, 14, 21]
    assert figures.totals(apeldoorn(dataset))["plans_at_conference"] == 3
    # Finished flows (c2, c3 and the request closed at the desk) keep their figures.
    assert refresh_figures(full=True) == 7 - 3
    assert figures.totals(apeldoorn(dataset))["plans_at_conference"] == 3


def test_coordinator_workload_and_languages(dataset):
    sections = {
        s.slug: s for s in build(Filters(START, END, regions=frozenset({dataset.region.id})))
    }
    assert sections["werklast"].rows == [["Cor Coördinator", 1, 0]]
    languages = {row[0]: row[1] for row in sections["talen"].rows}
    assert languages["Türkçe"] == 1
    assert languages["Nederlands"] == 5
