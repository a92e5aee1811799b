"""The plan tests' world (a held case with a circle, a ready plan) for the portal's tests."""

from kring.plans.tests.conftest import (  # noqa: F401 - shared fixtures
    circle,
    make_circle,
    post_commit,
    ready_plan,
    requirement,
)
