"""The case status label (`LabelledModel`, decision 191) is translated when shown."""

from __future__ import annotations

from django.utils import translation

from kring.cases.models import Case
from kring.cases.states import Status


def test_the_label_is_translated_when_shown_not_when_first_looked_up() -> None:
    case = Case(status=Status.REQUESTED)
    with translation.override("nl"):
        dutch = case.get_status_display()
        assert dutch == str(Status.REQUESTED.label)
    with translation.override("en"):
        english = case.get_status_display()
        assert english == str(Status.REQUESTED.label)
    assert dutch != english
