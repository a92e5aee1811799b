"""Subject access (AVG art. 15): everything Kring holds about one person, and who viewed it.

One `Export` per subject (a person in a circle, a requester, a user account), built from the
registry in `kring.privacy.holders`, rendered as JSON (machine-readable, art. 20) and as a
readable, tagged PDF. It holds the subject's own rows only: where a row is about several people
(a contact restriction) only its kind is shown, never who is on the other side.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import Role, User
from kring.audit.events import describe, describe_actor
from kring.audit.models import Action, AuditEvent
from kring.cases.models import Case
from kring.coordinators.models import CoordinatorProfile
from kring.intake.models import Request, RequesterType
from kring.network.models import Person
from kring.privacy.erasure import rows_for_person
from kring.privacy.holders import (
    ACCOUNT_DATA,
    REQUESTER_EXPORT,
    REQUESTER_SELF_EXPORT,
    Holder,
    person_holders,
)

# At most this many events per list (who viewed, what an account did); the newest first.
EVENT_LIMIT = 500

# How each part of an export is titled for the person who reads it.
TITLES = {
    "network.Person": gettext_lazy("Uw gegevens in de kring"),
    "network.SafetyRequirement": gettext_lazy("Minimumeisen die u stelde"),
    "plans.Agreement": gettext_lazy("Afspraken die u uitvoert"),
    "plans.SupportRequest": gettext_lazy("Steun die aan u werd gevraagd"),
    "plans.PlanRecipient": gettext_lazy("Plannen die u ontving"),
    "conferences.InformationItem": gettext_lazy("Vragen die u beantwoordt"),
    "conferences.Invitation": gettext_lazy("Uitnodigingen"),
    "conferences.DateVote": gettext_lazy("Uw antwoord over datums"),
    "conferences.Attendance": gettext_lazy("Aanwezigheid bij de conferentie"),
    "network.PersonalLink": gettext_lazy("Persoonlijke links"),
    "network.ContactRestriction": gettext_lazy("Contactbeperkingen (alleen de soort)"),
    "accounts.User": gettext_lazy("Uw account"),
    "coordinators.CoordinatorProfile": gettext_lazy("Uw coördinatorprofiel"),
    "coordinators.Absence": gettext_lazy("Afwezigheid"),
    "django_otp_webauthn.WebAuthnCredential": gettext_lazy("Uw toegangssleutels"),
}
# Labels for fields that have no Dutch name of their own.
LABELS = {
    "created_at": gettext_lazy("aangemaakt op"),
    "sent_at": gettext_lazy("verstuurd op"),
    "kind": gettext_lazy("soort"),
    "language": gettext_lazy("taal"),
    "purpose": gettext_lazy("waarvoor"),
    "expires_at": gettext_lazy("geldig tot"),
    "revoked_at": gettext_lazy("ingetrokken op"),
    "last_used_at": gettext_lazy("laatst gebruikt op"),
    "part": gettext_lazy("deel"),
    "present": gettext_lazy("aanwezig"),
    "suits": gettext_lazy("komt uit"),
    "number": gettext_lazy("versie"),
    "notified_at": gettext_lazy("bericht gestuurd op"),
    "starts_at": gettext_lazy("datum"),
    "status": gettext_lazy("status"),
    "last_login": gettext_lazy("laatst ingelogd"),
    "document_name": gettext_lazy("document"),
}


@dataclass(frozen=True)
class Item:
    field: str
    label: str
    value: object  # JSON-ready
    shown: str  # as a person reads it


@dataclass
class Section:
    key: str
    title: str
    rows: list[list[Item]] = field(default_factory=list)


@dataclass(frozen=True)
class Viewed:
    when: datetime.datetime
    who: str
    role: str
    what: str


@dataclass
class Export:
    subject_type: str
    subject_id: str
    title: str
    made_at: datetime.datetime
    sections: list[Section]
    viewed: list[Viewed]
    actions: list[Viewed] = field(default_factory=list)

    def as_json(self) -> str:
        """The export as JSON text (UTF-8, readable)."""
        data = {
            "subject": {"type": self.subject_type, "id": self.subject_id},
            "made_at": self.made_at.isoformat(),
            "sections": {
                s.key: [{i.field: i.value for i in row} for row in s.rows] for s in self.sections
            },
            "viewed_by": [_event_json(v) for v in self.viewed],
            "actions": [_event_json(v) for v in self.actions],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def _event_json(v: Viewed) -> dict[str, str]:
    return {"when": v.when.isoformat(), "who": v.who, "role": v.role, "what": v.what}


def _resolve(row: models.Model, path: str) -> tuple[models.Model | None, str]:
    *hops, name = path.split("__")
    obj: models.Model | None = row
    for hop in hops:
        obj = getattr(obj, hop, None) if obj is not None else None
    return obj, name


def _shown(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _jsonable(value: object) -> object:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, Decimal):  # money (a coordinator's declarations): exact, as text
        return str(value)
    return value


def item(row: models.Model, path: str) -> Item:
    """One field of a row (a path may follow foreign keys: `version__number`)."""
    obj, name = _resolve(row, path)
    if obj is None:
        return Item(path, path, None, "—")
    model_field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if isinstance(value, models.fields.files.FieldFile):
        value = value.name or ""
    label = str(getattr(model_field, "verbose_name", name))
    if name in LABELS and label == name.replace("_", " "):
        label = str(LABELS[name])
    shown = _shown(value)
    choices = getattr(model_field, "choices", None)
    if choices and value not in (None, ""):
        shown = str(dict(choices).get(value, value))
    return Item(path, label, _jsonable(value), shown)


def _section(holder: Holder, rows: QuerySet[models.Model] | list[models.Model]) -> Section:
    model = holder.model_class
    title = TITLES.get(holder.model) or str(model._meta.verbose_name_plural).capitalize()
    section = Section(holder.model.lower(), str(title))
    section.rows = [[item(row, path) for path in holder.export] for row in rows]
    return section


def _viewed(events: QuerySet[AuditEvent]) -> list[Viewed]:
    found = []
    for event in events.select_related("actor").order_by("-occurred_at", "-id")[:EVENT_LIMIT]:
        role = Role(event.role).label if event.role in Role.values else ""
        found.append(Viewed(event.occurred_at, describe_actor(event), str(role), describe(event)))
    return found


def person_export(person: Person) -> Export:
    """Everything about one person in a circle, and who viewed their file."""
    case = cast(Case, person.case)
    sections = []
    for holder in sorted(person_holders(), key=lambda h: h.model != "network.Person"):
        if not holder.export:
            continue
        rows = list(rows_for_person(holder, person))
        if rows:
            sections.append(_section(holder, rows))
    sections.insert(
        1,
        Section(
            "case",
            _("Traject"),
            [
                [
                    Item("reference", _("referentie"), case.reference, case.reference),
                    Item("status", _("status"), case.status, str(case.get_status_display())),
                ]
            ],
        ),
    )
    uuid = str(person.uuid)
    views = AuditEvent.objects.filter(
        Q(object_type="network.person", object_id=uuid)
        | (Q(case_id=case.uuid, action=Action.VIEW) & ~Q(object_type="network.person"))
    ).filter(action__in=[Action.VIEW, Action.EXPORT])
    return Export("network.person", uuid, person.name, timezone.now(), sections, _viewed(views))


def requester_export(req: Request) -> Export:
    """What a requester gave when asking for a conference (and, when they asked for
    themself, what they wrote about themself)."""
    fields: tuple[str, ...] = REQUESTER_EXPORT
    if req.requester_type == RequesterType.SELF:
        fields = (*fields, *REQUESTER_SELF_EXPORT)
    section = Section("intake.request", _("Aanvraag"), [[item(req, f) for f in fields]])
    views = AuditEvent.objects.filter(
        object_type="intake.request", object_id=str(req.uuid), action__in=[Action.VIEW]
    )
    return Export(
        "intake.request", str(req.uuid), req.requester_name or req.reference, timezone.now(),
        [section], _viewed(views),
    )  # fmt: skip


def user_export(user: User) -> Export:
    """An account: its details, profile, periods off, the cases it coordinated (references
    only), who viewed it, and what it did in Kring."""
    sections = []
    for holder in reversed(ACCOUNT_DATA):
        if not holder.export:
            continue
        rows = list(rows_for_person(holder, user))
        if rows:
            sections.append(_section(holder, rows))
    regions = ", ".join(r.name for r in user.regions.all())
    sections[0].rows[0].append(Item("regions", _("regio's"), regions, regions or "—"))
    coordinated = Case.objects.filter(coordinator=user).order_by("requested_at")
    if coordinated.exists():
        sections.append(
            Section(
                "cases.case",
                _("Trajecten als coördinator"),
                [[item(c, "reference"), item(c, "status")] for c in coordinated[:EVENT_LIMIT]],
            )
        )
    profile_ids = [
        str(u) for u in CoordinatorProfile.objects.filter(user=user).values_list("uuid", flat=True)
    ]
    views = AuditEvent.objects.filter(
        Q(object_type="accounts.user", object_id=str(user.uuid))
        | Q(object_type="coordinators.coordinatorprofile", object_id__in=profile_ids),
        action__in=[Action.VIEW, Action.EXPORT],
    ).exclude(actor=user)
    actions = _viewed(AuditEvent.objects.filter(actor=user))
    return Export(
        "accounts.user", str(user.uuid), user.full_name, timezone.now(), sections,
        _viewed(views), actions,
    )  # fmt: skip


def render_pdf(export: Export, *, language: str = "nl") -> bytes:
    """The export as a readable, tagged PDF (PDF/UA) in `language`."""
    from weasyprint import HTML  # WeasyPrint is slow to import; only this view needs it.

    with translation.override(language):
        html = render_to_string(
            "privacy/pdf/subject.html",
            {
                "export": export,
                "language": language,
                "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
            },
        )
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
