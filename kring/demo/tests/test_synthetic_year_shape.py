"""A year of synthetic cases drawn from the published shape comes back out of the dashboard's
figures within tolerance."""

from __future__ import annotations

import datetime

import pytest

from kring.accounts.tests.factories import MunicipalityFactory
from kring.demo.synthetic_year import generate_year
from kring.reporting import figures
from kring.reporting.figures import Filters
from kring.reporting.refresh import refresh_figures

pytestmark = pytest.mark.django_db


def test_the_dashboard_reports_the_published_shape_back():
    MunicipalityFactory()
    MunicipalityFactory()
    made = generate_year(2025, 600, seed=14)
    refresh_figures()
    year = Filters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 1))
    t = figures.totals(year)
    assert t["requests"] == made.requests == 600
    assert t["trajectories"] == made.cases
    assert 0.75 <= t["trajectories"] / t["requests"] <= 0.85
    # A third of the preparations stop early; about 85% of conferences end in a plan.
    # (Tolerance: about three standard errors at these sizes.)
    assert abs(t["stopped_early"] / t["trajectories"] - 1 / 3) <= 0.07
    assert abs(t["plans_at_conference"] / t["conferences"] - 0.85) <= 0.07
    # 9 to 11 people present per conference.
    present = t["present_family"] + t["present_network"] + t["present_professional"]
    assert 9.5 <= present / t["conferences"] <= 10.5
    # 6 to 10 weeks from request to conference.
    tallies = figures.tallies(year)
    to_conference = figures.histogram(tallies["days_to_conference"])
    assert 49 <= (figures.median(to_conference) or 0) <= 63
    assert (figures.percentile(to_conference, 90) or 0) <= 70
    assert min(to_conference) >= 42
