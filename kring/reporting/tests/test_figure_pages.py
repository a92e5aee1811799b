"""The figure pages through HTTP: who reaches what, the CSV, query counts, the exports."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from kring.accounts.models import Role, User
from kring.accounts.tests.factories import UserFactory
from kring.audit.models import AuditEvent
from kring.cases.models import Case
from kring.cases.tests.factories import CaseFactory
from kring.coordinators.tests.factories import CoordinatorProfileFactory
from kring.intake.models import Request
from kring.network.models import Person
from kring.reporting.refresh import refresh_figures
from kring.reporting.tests.conftest import Dataset, at

pytestmark = pytest.mark.django_db

MARCH = "?van=2026-03&tot=2026-03"


def test_manager_filters_by_municipality_and_downloads_the_funnel(client, dataset: Dataset):
    client.force_login(dataset.manager)
    page = client.get(
        reverse("reporting:dashboard") + f"{MARCH}&gemeente={dataset.municipality.id}"
    )
    assert page.status_code == 200
    funnel = next(s for s in page.context["sections"] if s.slug == "trechter")
    assert funnel.rows[0][1] == 5
    # What the municipality's funder sees is one link away.
    assert reverse("reporting:municipality", args=["GM0200"]) in page.content.decode()
    response = client.get(
        reverse("reporting:dashboard_csv", args=["trechter"])
        + f"{MARCH}&gemeente={dataset.municipality.id}"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0] == ["Stap", "Aantal", "Van de aanvragen"]
    assert rows[1] == ["Aanvragen", "5", "100%"]
    assert rows[3] == ["Trajecten gestart", "4", "80%"]
    assert client.get(reverse("reporting:dashboard_csv", args=["onbekend"])).status_code == 404


def test_a_manager_cannot_filter_on_another_regions_municipality(client, dataset: Dataset):
    client.force_login(dataset.manager)
    far = dataset.other_region.municipalities.get()
    page = client.get(reverse("reporting:dashboard") + f"{MARCH}&gemeente={far.id}")
    assert page.status_code == 200
    assert "gemeente" in page.context["form"].errors
    # The figures stay those of the manager's own regions.
    funnel = next(s for s in page.context["sections"] if s.slug == "trechter")
    assert funnel.rows[0][1] == 6


def test_bad_months_get_a_plain_message_and_keep_what_was_typed(client, dataset: Dataset):
    client.force_login(dataset.manager)
    page = client.get(reverse("reporting:dashboard") + "?van=maart&tot=2026-01")
    assert "Vul een maand in als jaar en maand" in page.content.decode()
    assert 'value="maart"' in page.content.decode()


def test_funder_sees_own_municipality_only_and_no_personal_data(client, dataset: Dataset):
    client.force_login(dataset.funder)
    start = client.get(reverse("reporting:dashboard"))
    assert start["Location"] == reverse("reporting:municipality", args=["GM0200"])
    page = client.get(reverse("reporting:municipality", args=["GM0200"]) + "?jaar=2026")
    assert page.status_code == 200
    body = page.content.decode()
    monthly = page.context["tables"][0]
    march = dict(monthly.rows)["maart"]
    # 5 requests and 4 trajectories shown; 3 conferences and 2 plans hidden (1 to 4), and
    # so are the year totals of those columns, which would give them away.
    assert march == [5, None, None, None]
    assert monthly.rows[-1][1] == [5, None, None, None]
    for case in dataset.cases:
        assert case.reference not in body
        assert case.main_person_names not in body
    assert client.get(reverse("reporting:municipality", args=["GM0202"])).status_code == 404
    assert client.get(reverse("reporting:dashboard_csv", args=["trechter"])).status_code == 403
    assert client.get(reverse("cases:detail", args=[dataset.cases[0].uuid])).status_code in {
        403,
        404,
    }


def test_coordinator_has_no_figures(client, dataset: Dataset):
    client.force_login(dataset.coordinator)
    assert client.get(reverse("reporting:dashboard")).status_code == 403
    assert client.get(reverse("reporting:municipality", args=["GM0200"])).status_code == 403


def _dashboard_queries(client, django_assert_num_queries, user, n: int) -> None:
    client.force_login(user)
    url = reverse("reporting:dashboard") + MARCH
    client.get(url)
    with django_assert_num_queries(n):
        client.get(url)


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, dataset: Dataset, django_assert_num_queries
):
    # The session and user, the manager's regions (scope and form), the form's choices, the
    # refresh state, then one query each for totals, tallies, months, weeks and loads.
    _dashboard_queries(client, django_assert_num_queries, dataset.manager, 13)
    for day in range(1, 29):
        case: Any = CaseFactory(
            municipality=dataset.other_municipality,
            requested_at=at(f"2026-03-{day:02d}"),
            topics=["crime"],
            coordinator=UserFactory(role=Role.COORDINATOR),
        )
        case.coordinator.regions.set([dataset.region])
        CoordinatorProfileFactory(user=case.coordinator, languages=["nl", "ar"])
    refresh_figures()
    _dashboard_queries(client, django_assert_num_queries, dataset.manager, 13)


def test_research_export_is_pseudonymised_and_audited(client, dataset: Dataset):
    client.force_login(dataset.admin)
    url = reverse("reporting:research_export")
    first = client.post(url, {"van": "2026-03", "tot": "2026-03"})
    second = client.post(url, {"van": "2026-03", "tot": "2026-03"})
    assert first["Content-Type"] == "application/zip"
    cases_1 = _read(first.content, "cases.csv")
    cases_2 = _read(second.content, "cases.csv")
    assert len(cases_1) == 7
    assert {r["case_id"] for r in cases_1}.isdisjoint({r["case_id"] for r in cases_2})
    people = _read(first.content, "participants.csv")
    assert len(people) == 10
    assert {p["case_id"] for p in people} <= {r["case_id"] for r in cases_1}
    events = AuditEvent.objects.filter(key="reporting.research_exported")
    assert events.count() == 2
    assert [e.changes["cases"] for e in events] == [7, 7]


def _read(data: bytes, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def test_annual_report_is_a_tagged_pdf(client, dataset: Dataset):
    client.force_login(dataset.admin)
    response = client.get(
        reverse("reporting:annual_report") + f"?jaar=2026&regio={dataset.region.id}"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    root: Any = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert AuditEvent.objects.filter(key="reporting.annual_report_downloaded").count() == 1


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_the_research_export_of_the_demo_data_holds_no_personal_data(client):
    call_command("seed_demo", stdout=io.StringIO())
    refresh_figures(full=True)
    client.force_login(User.objects.filter(role="admin").first())
    response = client.post(
        reverse("reporting:research_export"), {"van": "2000-01", "tot": "2030-12"}
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = "\n".join(archive.read(n).decode() for n in ("cases.csv", "participants.csv"))
    assert len(text.splitlines()) > 20
    assert not EMAIL.search(text)
    words: set[str] = set()
    for name, phone, email in Person.objects.values_list("name", "phone", "email"):
        words |= {name, phone, email}
    for fields in Request.objects.values_list(
        "requester_name",
        "requester_phone",
        "requester_email",
        "main_person_names",
        "question",
        "close_note",
        "first_contact_note",
        "coordinator_wish",
    ):
        words |= set(fields)
    for texts in Case.objects.values_list("main_person_names", "question", "stop_note"):
        words |= set(texts)
    for word in sorted(w for w in words if w and len(w) >= 4):
        assert word not in text, f"{word!r} is in the research export"
