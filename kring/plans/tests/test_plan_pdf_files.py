"""The plan PDF's file properties carry no name, and the PDFs live in private file storage
(issue 9 finding 15, issue 15 item 5): tagged PDF/UA with /Lang, cached per version outside the
database, downloaded only through the checked views, removed with their version."""

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pypdf import PdfReader

from kring.cases.tests.factories import CaseFactory
from kring.plans import pdf
from kring.plans.models import PlanVersion, plan_pdf_storage

pytestmark = pytest.mark.django_db


def _deliver(post_commit: Any, client: Any, case: Any, **data: Any) -> None:
    response = post_commit(client, reverse("plans:deliver", args=[case.uuid]), data)
    assert response.status_code == 302, response.content.decode()


def _properties(data: bytes) -> str:
    """Everything in a PDF's document information and XMP metadata, as one text."""
    reader = PdfReader(io.BytesIO(data))
    info: dict[str, Any] = dict(reader.metadata or {})
    parts = [f"{key}={value}" for key, value in info.items()]
    root: Any = reader.trailer["/Root"]
    if "/Metadata" in root:
        parts.append(root["/Metadata"].get_object().get_data().decode("utf-8", "replace"))
    return "\n".join(parts)


def _tagged(data: bytes, language: str) -> None:
    root: Any = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert root["/Lang"] == language
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


@pytest.fixture
def minor_main(circle):
    """The plan is about a child: the main person is a minor."""
    main = circle.main
    main.name = "Elif Yilmaz"
    main.is_minor = True
    main.save()
    return main


def test_the_plan_pdf_names_nobody_in_its_properties(
    post_commit, client_for, coordinator, circle, ready_plan, minor_main
):
    c = client_for(coordinator)
    _deliver(post_commit, c, circle.case, recipients=[circle.aunt.pk])
    data = c.get(reverse("plans:version_pdf", args=[circle.case.uuid, 1])).content
    properties = _properties(data)
    assert circle.case.reference in properties  # the title: "Ons plan – EK-..."
    for secret in (
        "Elif",
        "Yilmaz",
        "Ria Amrani",
        "Karim",
        "Sanne Visser",
        circle.case.question[:30],
        "Oma brengt",
    ):
        assert secret not in properties, secret
    _tagged(data, "nl")
    # The name is in the plan itself, where the family wants it.
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Elif Yilmaz" in text


def test_my_agreements_names_nobody_in_its_properties(
    post_commit, client_for, coordinator, circle, ready_plan, client
):
    circle.aunt.language = "en"
    circle.aunt.save()
    _deliver(post_commit, client_for(coordinator), circle.case, recipients=[circle.aunt.pk])
    message = next(m for m in mail.outbox if m.to == [circle.aunt.email])
    path = re.search(r"/plan/\S+/", str(message.body)).group(0)  # type: ignore[union-attr]
    data = client.get(path + "mijn-afspraken.pdf").content
    properties = _properties(data)
    assert "Ria" not in properties and "Amrani" not in properties
    _tagged(data, "en")


def test_the_pdf_is_kept_in_file_storage_not_in_the_database(
    post_commit, client_for, coordinator, circle, ready_plan, settings
):
    c = client_for(coordinator)
    _deliver(post_commit, c, circle.case)
    version = PlanVersion.objects.get()
    name = version.pdf_file.name
    assert name == f"plan-versions/{version.uuid}.pdf"
    # Under the private files directory, never under the web root, with a name saying nothing.
    path = plan_pdf_storage().path(name)
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert circle.case.reference not in name
    with open(path, "rb") as stored:
        cached = stored.read()
    assert cached.startswith(b"%PDF")
    # The checked download serves the cached file, unchanged.
    response = c.get(reverse("plans:version_pdf", args=[circle.case.uuid, 1]))
    assert response.content == cached
    assert "pdf" not in {f.name for f in PlanVersion._meta.get_fields()}


def test_a_lost_file_is_rendered_again(post_commit, client_for, coordinator, circle, ready_plan):
    c = client_for(coordinator)
    _deliver(post_commit, c, circle.case)
    version = PlanVersion.objects.get()
    version.pdf_file.storage.delete(str(version.pdf_file.name))
    response = c.get(reverse("plans:version_pdf", args=[circle.case.uuid, 1]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert version.pdf_file.storage.exists(str(version.pdf_file.name))


def test_the_file_goes_with_its_version(
    post_commit, client_for, coordinator, circle, ready_plan, django_capture_on_commit_callbacks
):
    _deliver(post_commit, client_for(coordinator), circle.case)
    version = PlanVersion.objects.get()
    storage, name = version.pdf_file.storage, str(version.pdf_file.name)
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        circle.case.delete()  # the cascade a retention job or an erasure runs
    assert not storage.exists(name)


def test_two_renders_at_once_keep_one_file(coordinator, circle, ready_plan):
    from kring.plans import delivery

    version = delivery.deliver(circle.case, [], actor=coordinator)
    version.refresh_from_db()
    first = PlanVersion.objects.get(pk=version.pk)
    second = PlanVersion.objects.get(pk=version.pk)
    pdf.version_pdf(first)
    # A second worker that loaded the row before the first stored it renders too...
    second.pdf_file.name = ""
    pdf.version_pdf(second)
    # ...and removes its own copy: one file, the one the row names.
    stored = plan_pdf_storage().listdir("plan-versions")[1]
    assert stored == [f"{version.uuid}.pdf"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_stored_pdfs_into_file_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    executor = MigrationExecutor(connection)
    before = [("plans", "0005_assessment_notices")]
    after = [("plans", "0006_plan_pdfs_in_file_storage")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    # The other apps' tables are as they are now; only the plan's are rolled back.
    case: Any = CaseFactory()
    plan = old.get_model("plans", "Plan").objects.create(case_id=case.pk, question=case.question)
    version = old.get_model("plans", "PlanVersion").objects.create(
        plan=plan, number=1, content={}, text="", pdf=b"%PDF-1.7 old bytes"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    moved = PlanVersion.objects.get(pk=version.pk)
    assert moved.pdf_file.name == f"plan-versions/{version.uuid}.pdf"
    with moved.pdf_file.storage.open(moved.pdf_file.name, "rb") as stored:
        assert stored.read() == b"%PDF-1.7 old bytes"
    # And back: the bytes return to the column.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps.get_model("plans", "PlanVersion")
    assert bytes(back.objects.get(pk=version.pk).pdf) == b"%PDF-1.7 old bytes"
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
