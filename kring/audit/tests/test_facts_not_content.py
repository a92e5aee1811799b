"""The audit log records facts, not content: keys, ids, codes, counts and field names."""

import pytest
from django.test import Client
from django.urls import reverse

from kring.audit.events import describe
from kring.audit.models import Action, AuditEvent
from kring.audit.payload import PersonalPayloadError, problems
from kring.audit.services import diff, record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ["Ria Amrani", "Ria de Vries"]},
        {"email": [None, "ria@example.nl"]},
        {"phone": "0612345678"},
        {"phone": "+31 6 1234 5678"},
        {"note": "Vader drinkt"},
        {"Ria Amrani": True},
        {"recipients": ["Ria", "Karim"]},
    ],
)
def test_record_refuses_personal_payloads_in_tests(changes, manager):
    with pytest.raises(PersonalPayloadError) as refused:
        record(Action.UPDATE, manager, actor=manager, key="test.changed", changes=changes)
    # The refusal names the shape, never the value.
    assert "Ria" not in str(refused.value) and "0612345678" not in str(refused.value)
    assert not AuditEvent.objects.filter(key="test.changed").exists()


def test_record_accepts_ids_codes_counts_dates_and_field_names(manager, municipality):
    event = record(
        Action.UPDATE,
        manager,
        actor=manager,
        key="test.changed",
        changes={
            "status": ["new", "contacted"],
            "fields": ["name", "email"],
            "reference": "EK-2026-00042",
            "municipality": municipality.code,
            "person": str(manager.uuid),
            "count": 3,
            "present": True,
            "due": diff({"d": None}, {"d": __import__("datetime").date(2026, 3, 1)})["d"],
            "region": "noord-holland",
        },
    )
    assert event.changes["fields"] == ["name", "email"]


def test_events_without_a_key_are_not_checked_until_every_app_writes_keys(manager):
    event = record(Action.UPDATE, manager, actor=manager, changes={"note": "vrije tekst"})
    assert event.pk


def test_reason_and_message_are_no_longer_stored(manager):
    keyed = record(
        Action.UPDATE, manager, actor=manager, key="test.changed", reason="Oma is ziek",
        message="Iets",
    )  # fmt: skip
    keyed.refresh_from_db()
    assert keyed.reason == "" and keyed.message == ""
    # Old rows keep reading as they were written.
    old = AuditEvent.objects.create(action="update", object_type="x", message="Oud bericht")
    assert describe(old) == "Oud bericht"


def test_the_payload_check_is_off_in_production(settings, manager):
    settings.KRING_AUDIT_STRICT = False
    event = record(Action.UPDATE, manager, actor=manager, key="t.x", changes={"note": "Ria"})
    assert event.pk


def test_a_failed_login_does_not_store_the_typed_address(manager):
    Client().post(reverse("accounts:login"), {"username": "iemand@example.nl", "password": "x"})
    Client().post(reverse("accounts:login"), {"username": manager.email, "password": "x"})
    unknown, known = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("id")
    # A keyed hash of what was typed ties attempts together without storing the address.
    assert unknown.object_id and unknown.object_id != known.object_id
    assert "@" not in str(list(AuditEvent.objects.values_list("object_id", "changes")))
    assert manager.email not in str(list(AuditEvent.objects.values_list("object_id", "changes")))
    assert describe(unknown).startswith("Inloggen mislukt")


def test_reading_personal_data_in_the_admin_writes_read_events(client_for, admin_user, manager):
    c = client_for(admin_user)
    assert c.get("/beheer/accounts/user/", {"q": "Marieke"}).status_code == 200
    listed = AuditEvent.objects.get(key="audit.admin_listed", object_type="accounts.user")
    assert listed.actor == admin_user and listed.changes["searched"] is True
    assert "Marieke" not in str(listed.changes)
    assert c.get(f"/beheer/accounts/user/{manager.pk}/change/").status_code == 200
    viewed = AuditEvent.objects.get(key="audit.admin_viewed")
    assert viewed.object_id == str(manager.uuid) and viewed.action == Action.VIEW
    # An invalid POST that shows the form again is a read too.
    c.post(f"/beheer/accounts/user/{manager.pk}/change/", {"email": ""})
    assert AuditEvent.objects.filter(key="audit.admin_viewed").count() == 2


def test_shape_check_names_where_the_problem_is():
    assert problems({"a": ["x y"]}) == [
        "changes.a[0]: looks like free text or a name (3 characters)"
    ]
