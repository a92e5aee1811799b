"""The retention job deletes exactly what has expired, and nothing else (frozen time)."""

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kring.accounts.models import Role, User
from kring.accounts.tests.factories import UserFactory
from kring.audit import partitions
from kring.audit.models import AuditEvent
from kring.cases.models import Case
from kring.cases.states import Status
from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import InformationItem
from kring.conferences.tests.factories import PersonFactory
from kring.core.models import ScheduledRun
from kring.intake.models import Request
from kring.intake.tests.factories import RequestFactory
from kring.network.models import Person, PersonalLink
from kring.outbox.models import Message
from kring.plans.models import Plan, PlanVersion
from kring.plans.tests.factories import AgreementFactory, PlanFactory
from kring.privacy.holders import ERASED_EMAIL
from kring.privacy.models import Erasure
from kring.privacy.retention import apply_retention

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def finished_case(municipality, *, minors: bool, status: str, days_ago: int) -> Case:
    end = {"closed_at": ago(days_ago)} if status == Status.CLOSED else {"stopped_at": ago(days_ago)}
    request = RequestFactory(municipality=municipality, requester_name="Truus Aanvraag")
    case: Any = CaseFactory(
        municipality=municipality,
        minors_involved=minors,
        status=status,
        stop_reason="withdrawn" if status == Status.STOPPED else "",
        stop_note="Vader Johan wilde niet meer",
        request=request,
        main_person_names="Fatima Amrani",
        **end,
    )
    main = PersonFactory(case=case, main=True, name="Fatima Amrani")
    PersonFactory(case=case, name="Ria Amrani")
    plan: Any = PlanFactory(case=case, ready=True)
    agreement: Any = AgreementFactory(plan=plan)
    agreement.performers.set([main])
    version = PlanVersion.objects.create(plan=plan, number=1, content={"q": "x"}, text="x")
    version.pdf_file.save("cached.pdf", ContentFile(b"%PDF"), save=True)
    item = InformationItem.objects.create(case=case, question="School?", answer="Goed")
    item.document.save("rapport.pdf", ContentFile(b"%PDF-1.4"), save=True)
    Message.objects.create(
        kind="plan.notice", to="fatima@example.nl", subject="s", case_id=case.uuid
    )
    return case


@pytest.fixture
def world(municipality):
    """Everything twice: one just past its term, one just within it (or open)."""
    w: dict[str, Any] = {
        "closed_old": finished_case(municipality, minors=False, status=Status.CLOSED, days_ago=740),
        "closed_new": finished_case(municipality, minors=False, status=Status.CLOSED, days_ago=700),
        "stopped_old": finished_case(
            municipality, minors=False, status=Status.STOPPED, days_ago=370
        ),
        "youth_recent": finished_case(
            municipality, minors=True, status=Status.STOPPED, days_ago=3000
        ),
        "youth_old": finished_case(municipality, minors=True, status=Status.CLOSED, days_ago=7310),
        "open": CaseFactory(municipality=municipality, in_preparation=True, requested_at=ago(9000)),
    }
    PersonFactory(case=w["open"], name="Open Persoon")
    w["request_old"] = RequestFactory(
        municipality=municipality, status="closed", close_reason="withdrawn", closed_at=ago(370)
    )
    w["request_new"] = RequestFactory(
        municipality=municipality, status="closed", close_reason="withdrawn", closed_at=ago(300)
    )
    w["request_open"] = RequestFactory(municipality=municipality, created_at=ago(2000))
    person = w["open"].people.get()
    w["link_old"] = PersonalLink.objects.create(
        person=person, purpose="rsvp", token_hash="a" * 64, expires_at=ago(31)
    )
    w["link_revoked"] = PersonalLink.objects.create(
        person=person, purpose="rsvp", token_hash="b" * 64, expires_at=ago(-30),
        revoked_at=ago(31), revoked_reason="by_hand",
    )  # fmt: skip
    w["link_new"] = PersonalLink.objects.create(
        person=person, purpose="rsvp", token_hash="c" * 64, expires_at=ago(29)
    )
    Session.objects.create(session_key="old" + "x" * 30, session_data="", expire_date=ago(1))
    Session.objects.create(session_key="new" + "x" * 30, session_data="", expire_date=ago(-1))
    for key, days in (("old", 31), ("new", 29)):
        DBTaskResult.objects.create(
            task_path=f"t.{key}", args_kwargs={}, backend_name="default", run_after=ago(days),
            status="SUCCESSFUL", finished_at=ago(days),
        )  # fmt: skip
    for key, status, days in (
        ("old", "sent", 366),
        ("new", "sent", 364),
        ("queued", "queued", 900),
    ):
        Message.objects.create(
            kind=f"m.{key}", to="x@example.nl", subject="s", status=status, created_at=ago(days),
            sent_at=ago(days) if status == "sent" else None,
        )  # fmt: skip
    for slot, days in (("old", 91), ("new", 89)):
        run = ScheduledRun.objects.create(job="j", slot=slot)
        ScheduledRun.objects.filter(pk=run.pk).update(started_at=ago(days))
    PlanVersion.objects.filter(plan__case=w["closed_new"]).update(delivered_at=ago(91))
    w["idle"] = UserFactory(role=Role.COORDINATOR, is_active=False, last_login=ago(731))
    w["idle_recent"] = UserFactory(role=Role.COORDINATOR, is_active=False, last_login=ago(729))
    w["active"] = UserFactory(role=Role.COORDINATOR, last_login=ago(2000))
    if connection.vendor == "postgresql":
        partitions.ensure_partitions(ago(5 * 365 + 40), ahead=2)
    w["audit_old"] = AuditEvent.objects.create(occurred_at=ago(5 * 365 + 40), action="view")
    w["audit_new"] = AuditEvent.objects.create(occurred_at=ago(5 * 365 - 40), action="view")
    return w


def test_retention_deletes_exactly_what_has_expired(world, django_capture_on_commit_callbacks):
    storage_file = world["closed_old"].information_items.get().document.name
    kept_file = world["closed_new"].information_items.get().document.name
    # Stored files are deleted once the erasure has committed.
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        done = apply_retention()

    # Cases: the expired ones keep their row and figures, lose every person and text.
    for key in ("closed_old", "stopped_old", "youth_old"):
        case = Case.objects.get(pk=world[key].pk)
        assert case.main_person_names == "" and case.question == "" and case.stop_note == ""
        assert case.status in {Status.CLOSED, Status.STOPPED}
        assert case.municipality_id and case.requested_at
        assert not Person.objects.filter(case=case).exists()
        assert not Plan.objects.filter(case=case).exists()
        assert not InformationItem.objects.filter(case=case).exists()
        assert not Message.objects.filter(case_id=case.uuid).exists()
        request = Request.objects.get(case=case)
        assert request.requester_name == "" and request.requester_email == ERASED_EMAIL
        assert Erasure.objects.filter(object_uuid=case.uuid, reason="retention").exists()
    assert not default_storage.exists(storage_file)
    assert default_storage.exists(kept_file)
    for key in ("closed_new", "youth_recent", "open"):
        case = Case.objects.get(pk=world[key].pk)
        assert case.main_person_names
        assert Person.objects.filter(case=case).exists()
    assert done["cases"] == 3

    assert not Request.objects.filter(pk=world["request_old"].pk).exists()
    assert Request.objects.filter(pk=world["request_new"].pk).exists()
    assert Request.objects.filter(pk=world["request_open"].pk).exists()

    assert set(PersonalLink.objects.values_list("pk", flat=True)) == {world["link_new"].pk}
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" + "x" * 30]
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["t.new"]
    kinds = set(Message.objects.filter(case_id__isnull=True).values_list("kind", flat=True))
    assert kinds == {"m.new", "m.queued"}
    assert list(ScheduledRun.objects.values_list("slot", flat=True)) == ["new"]
    assert not PlanVersion.objects.filter(plan__case=world["closed_new"]).exclude(pdf_file="")

    idle = User.objects.get(pk=world["idle"].pk)
    assert idle.full_name == "Verwijderde gebruiker" and idle.email.endswith("@kring.invalid")
    assert not idle.has_usable_password()
    assert User.objects.get(pk=world["idle_recent"].pk).full_name == world["idle_recent"].full_name
    assert User.objects.get(pk=world["active"].pk).full_name == world["active"].full_name

    assert not AuditEvent.objects.filter(pk=world["audit_old"].pk).exists()
    assert AuditEvent.objects.filter(pk=world["audit_new"].pk).exists()


def test_retention_records_what_it_did_without_content(world):
    with time_machine.travel(NOW, tick=False):
        apply_retention()
        again = apply_retention()
    # A second run finds nothing new: anonymised cases are registered.
    assert again["cases"] == 0 and again["account_inactive"] == 0
    events = AuditEvent.objects.filter(key="privacy.retention_applied")
    assert {e.changes["kind"] for e in events} >= {"cases", "personal_link", "session"}
    text = " ".join(str(e.changes) for e in AuditEvent.objects.filter(key__startswith="privacy."))
    assert "Fatima" not in text and "Truus" not in text and "@" not in text
    assert AuditEvent.objects.filter(
        key="privacy.case_anonymised", case_id=world["closed_old"].uuid, actor_label="system"
    ).exists()


def test_terms_come_from_the_settings(world, settings):
    settings.KRING_RETENTION_DAYS = {**settings.KRING_RETENTION_DAYS, "case_closed": 10_000}
    with time_machine.travel(NOW, tick=False):
        done = apply_retention()
    assert Case.objects.get(pk=world["closed_old"].pk).main_person_names
    assert done["cases"] == 2


def test_the_job_is_on_the_workers_schedule_and_runs_by_hand(settings):
    from django.core.management import call_command

    assert "kring.privacy.tasks.apply_retention" in settings.KRING_SCHEDULE
    from kring.privacy.tasks import apply_retention as task

    assert "cases" in task.call()
    call_command("apply_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
