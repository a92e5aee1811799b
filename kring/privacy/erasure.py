"""Anonymising a case (retention) and erasing one person, requester or account (on request).

Everything goes through the registry in `kring.privacy.holders`; each function works in one
transaction, writes one audit event with counts and ids only, and registers the erasure in
`privacy.Erasure`. Stored files are deleted after the transaction commits, so a rolled-back
erasure never loses a file that its row still points to.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.models import AuditEvent
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.states import COORDINATOR_TASK_STATES, FINISHED_STATES
from kring.intake.models import Request
from kring.network.models import Person, SafetyRequirement
from kring.outbox.services import forget
from kring.plans.models import PlanVersion
from kring.plans.pdf import forget_pdf
from kring.privacy.holders import (
    ACCOUNT_DATA,
    CASE_DATA,
    ERASED_EMAIL,
    REQUESTER_FIELDS,
    Holder,
    person_holders,
)
from kring.privacy.models import Erasure, ErasureReason

PLACEHOLDER = "[verwijderd]"
# The audit key an export writes; erasure asks for one first.
EXPORTED = "privacy.exported"


def rows_for_case(holder: Holder, case: Case) -> QuerySet[models.Model]:
    """This holder's rows that belong to `case`."""
    manager = holder.model_class._default_manager
    if holder.case_uuid:
        return manager.filter(**{holder.case_uuid: case.uuid})
    if holder.to_case == "":
        return manager.filter(pk=case.pk)
    return manager.filter(**{holder.to_case or "case": case})


def rows_for_person(holder: Holder, person: models.Model) -> QuerySet[models.Model]:
    """This holder's rows that are about `person` (a network Person, or a User)."""
    manager = holder.model_class._default_manager
    condition = Q()
    for path in holder.to_person:
        condition |= Q(pk=person.pk) if path == "" else Q(**{path: person})
    return manager.filter(condition).distinct()


def _files_of(rows: QuerySet[models.Model], holder: Holder) -> list[tuple[object, str]]:
    found = []
    for name in holder.files:
        for row in rows.exclude(**{name: ""}).only(name):
            stored = getattr(row, name)
            if stored:
                found.append((stored.storage, stored.name))
    return found


def _delete_files_on_commit(files: list[tuple[object, str]]) -> None:
    def delete() -> None:
        for storage, name in files:
            storage.delete(name)  # type: ignore[attr-defined]

    if files:
        transaction.on_commit(delete)


def _apply(holder: Holder, rows: QuerySet[models.Model]) -> int:
    """Delete or blank these rows as the holder says; returns how many rows."""
    _delete_files_on_commit(_files_of(rows, holder))
    if holder.erase == "delete":
        count = rows.count()
        rows.delete()
        return count
    static = {k: v for k, v in holder.blank.items() if not callable(v)}
    computed = {k: v for k, v in holder.blank.items() if callable(v)}
    count = rows.update(**static) if static else rows.count()
    if computed:
        for row in rows:
            for name, make in computed.items():
                setattr(row, name, make(row))
            row.save(update_fields=list(computed))
    return count


def _register(object_type: str, object_uuid: uuid.UUID, reason: ErasureReason) -> None:
    Erasure.objects.update_or_create(
        object_type=object_type, object_uuid=object_uuid, defaults={"reason": reason}
    )


def is_erased(obj: models.Model) -> bool:
    """Was this object anonymised or erased already?"""
    object_uuid = getattr(obj, "uuid", None)
    if object_uuid is None:
        return False
    return Erasure.objects.filter(
        object_type=obj._meta.label_lower, object_uuid=object_uuid
    ).exists()


def anonymise_case(
    case: Case,
    *,
    reason: ErasureReason = ErasureReason.RETENTION,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Delete the people, plan, documents and notes of a case and blank its personal fields,
    keeping the anonymous figures (see `holders.CASE_DATA`); returns how many rows changed."""
    with transaction.atomic():
        changed = sum(_apply(h, rows_for_case(h, case)) for h in CASE_DATA)
        _register("cases.case", case.uuid, reason)
        record(
            Action.DELETE,
            case,
            actor=actor,
            request=request,
            case=case,
            actor_label="" if actor else "system",
            key="privacy.case_anonymised",
            changes={"reason": str(reason), "rows": changed},
        )
    return changed


# --- One person in a circle -----------------------------------------------------------------


def person_refusals(person: Person) -> list[str]:
    """Why this person cannot be erased now (empty: they can)."""
    case = person.case
    if case.status in FINISHED_STATES:
        return []
    reasons = []
    if person.is_main_person:
        reasons.append(
            _("Dit is een hoofdpersoon van een lopend traject. Stop of sluit het traject eerst.")
        )
    if SafetyRequirement.objects.filter(set_by=person).exists():
        reasons.append(
            _(
                "Deze persoon stelde een minimumeis in een lopend traject. Wacht tot het "
                "traject klaar is."
            )
        )
    return reasons


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({n.strip() for n in names if n and len(n.strip()) >= 3}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _scrub_value(value: object, pattern: re.Pattern[str]) -> object:
    if isinstance(value, str):
        return pattern.sub(PLACEHOLDER, value)
    if isinstance(value, list):
        return [_scrub_value(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v, pattern) for k, v in value.items()}
    return value


def scrub_names(case: Case, names: Iterable[str]) -> int:
    """Replace these names in the free text of the case (notes, agreements, frozen plan
    versions, whose cached PDF is dropped to be made again); returns how many rows changed."""
    pattern = _name_pattern(names)
    if pattern is None:
        return 0
    changed = 0
    for holder in CASE_DATA:
        if not holder.texts:
            continue
        for row in rows_for_case(holder, case).only("pk", *holder.texts):
            fields = []
            for name in holder.texts:
                text = str(getattr(row, name) or "")
                if pattern.search(text):
                    setattr(row, name, pattern.sub(PLACEHOLDER, text))
                    fields.append(name)
            if fields:
                row.save(update_fields=fields)
                changed += 1
    versions = PlanVersion.objects.filter(plan__case=case).only("pk", "content", "text", "pdf_file")
    for version in versions:
        if pattern.search(version.text) or pattern.search(str(version.content)):
            PlanVersion.objects.filter(pk=version.pk).update(
                text=pattern.sub(PLACEHOLDER, version.text),
                content=_scrub_value(version.content, pattern),
            )
            # The cached PDF still holds the name: it is rendered again from the scrubbed text.
            forget_pdf(version)
            changed += 1
    return changed


def erase_person(person: Person, *, actor: User, request: HttpRequest | None = None) -> int:
    """Erase one person of a circle: their row and everything about them; their name is
    replaced in the case's texts. Refused (ValueError) while `person_refusals` says so."""
    reasons = person_refusals(person)
    if reasons:
        raise ValueError(" ".join(reasons))
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=person.case_id)
        person = Person.objects.get(pk=person.pk)
        changed = scrub_names(case, [person.name, person.first_name])
        for holder in person_holders():
            if holder.model == "network.Person":
                continue
            rows = rows_for_person(holder, person)
            # Rows shared with others (an agreement several people carry out) stay; the
            # many-to-many link to this person goes with the person.
            if holder.model in {"plans.Agreement", "plans.SupportRequest"}:
                continue
            if holder.model == "conferences.InformationItem":
                continue  # answered_by is SET_NULL: the question belongs to the case
            changed += _apply(holder, rows)
        if person.is_main_person:
            Case.objects.filter(pk=case.pk).update(main_person_names="", main_person_first_name="")
            Request.objects.filter(case=case).update(main_person_names="")
        person_uuid = person.uuid
        # Messages to them hold their address (and, until sent, their link).
        changed += forget("network.person", [person_uuid])
        _apply(Holder("network.Person"), Person.objects.filter(pk=person.pk))
        _register("network.person", person_uuid, ErasureReason.REQUEST)
        record(
            Action.DELETE,
            object_type="network.person",
            object_id=str(person_uuid),
            actor=actor,
            request=request,
            case=case,
            key="privacy.person_erased",
            changes={"rows": changed + 1},
        )
    return changed + 1


# --- A requester ----------------------------------------------------------------------------


def requester_refusals(req: Request) -> list[str]:
    """Why this requester cannot be erased now (empty: they can)."""
    if is_erased(req):
        return [_("De gegevens van deze aanvrager zijn al verwijderd.")]
    return []


def erase_requester(req: Request, *, actor: User, request: HttpRequest | None = None) -> int:
    """Blank the requester's details on their request; someone who asked for themself also
    loses what they wrote about themself. The request's facts stay for the figures."""
    blank: dict[str, object] = dict.fromkeys(REQUESTER_FIELDS, "")
    # The database wants some contact on a request: an address that reaches nobody.
    blank["requester_email"] = ERASED_EMAIL
    if req.requester_type == "self":
        blank.update(main_person_names="", question="", coordinator_wish="", first_contact_note="")
    with transaction.atomic():
        Request.objects.filter(pk=req.pk).update(**blank)
        forget("intake.request", [req.uuid])
        _register("intake.request", req.uuid, ErasureReason.REQUEST)
        record(
            Action.DELETE,
            req,
            actor=actor,
            request=request,
            key="privacy.requester_erased",
            changes={"fields": sorted(blank)},
        )
    return 1


# --- A user account -------------------------------------------------------------------------


def user_refusals(user: User, actor: User | None = None) -> list[str]:
    """Why this account cannot be erased now (empty: it can)."""
    reasons = []
    if actor is not None and user.pk == actor.pk:
        reasons.append(_("U kunt uw eigen account niet wissen."))
    if Case.objects.filter(coordinator=user, status__in=sorted(COORDINATOR_TASK_STATES)).exists():
        reasons.append(
            _("Deze persoon is coördinator van een lopend traject. Wijs eerst iemand anders toe.")
        )
    if is_erased(user):
        reasons.append(_("Dit account is al gewist."))
    return reasons


def anonymise_user(
    user: User,
    *,
    reason: ErasureReason,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Anonymise an account: name, address, phone, profile and certificate go; the account
    row stays (inactive, no password) because cases and the audit log point to it."""
    with transaction.atomic():
        changed = 0
        for holder in ACCOUNT_DATA:
            changed += _apply(holder, rows_for_person(holder, user))
        changed += forget("accounts.user", [user.uuid])
        account = User.objects.get(pk=user.pk)
        account.set_unusable_password()
        account.save(update_fields=["password"])
        account.regions.clear()
        _register("accounts.user", user.uuid, reason)
        record(
            Action.DELETE,
            object_type="accounts.user",
            object_id=str(user.uuid),
            actor=actor,
            request=request,
            actor_label="" if actor else "system",
            key="privacy.account_erased",
            changes={"reason": str(reason), "rows": changed},
        )
    return changed


def was_exported(obj: models.Model) -> bool:
    """Has an administrator exported this subject's data (the step before erasure)?"""
    return AuditEvent.objects.filter(
        key=EXPORTED,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "uuid", obj.pk)),
    ).exists()
