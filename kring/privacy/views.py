"""The privacy pages: find a person by reference or e-mail address, export what Kring holds
about them (JSON and PDF), and erase it after an export. Administrators only; every page is
audited (a search and an erase page are reads, an export is an export, an erasure a delete).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role, User
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.core.downloads import pdf_response
from kring.intake.models import Request
from kring.network.models import Person
from kring.privacy import erasure, subject_access
from kring.privacy.access import person_for_privacy, request_for_privacy, user_for_privacy
from kring.privacy.forms import EraseForm, SearchForm
from kring.privacy.models import Erasure, ErasureReason

admin_only = role_required(Role.ADMIN)


@dataclass
class Found:
    """What a search found: a case with its requester and circle, a lone request, or an
    account."""

    case: Case | None = None
    anonymised: bool = False
    request: Request | None = None
    people: list[Person] = field(default_factory=list)
    user: User | None = None


def find(term: str) -> Found | None:
    """Exact matches only (a reference or an account's e-mail address): an indexed lookup,
    and nobody is found by a fragment of their name."""
    term = term.strip()
    if "@" in term:
        user = User.objects.filter(email=term.lower()).first()
        return Found(user=user) if user else None
    reference = term.upper()
    case = Case.objects.select_related("request").filter(reference=reference).first()
    if case is not None:
        return Found(
            case=case,
            anonymised=Erasure.objects.filter(
                object_type="cases.case", object_uuid=case.uuid
            ).exists(),
            request=case.request,
            people=list(case.people.order_by("-is_main_person", "name", "id")),
        )
    request = Request.objects.filter(reference=reference).first()
    return Found(request=request) if request else None


@admin_only
@require_GET
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search by reference or e-mail address; the result lists each person with their actions."""
    form = SearchForm(request.GET or None)
    found = find(form.cleaned_data["q"]) if form.is_valid() else None
    if form.is_bound and form.is_valid():
        subject = found and (found.case or found.request or found.user)
        record(
            Action.VIEW,
            subject or None,
            request=request,
            case=found.case if found else None,
            object_type="" if subject else "privacy.search",
            key="privacy.searched",
            changes={"found": bool(found), "people": len(found.people) if found else 0},
        )
    return render(
        request,
        "privacy/search.html",
        {
            "form": form,
            "found": found,
            "searched": form.is_bound and form.is_valid(),
        },
    )


def _export_response(
    request: AuthenticatedHttpRequest,
    export: subject_access.Export,
    subject: Person | Request | User,
    fmt: str,
    case: Case | None = None,
) -> HttpResponse:
    record(
        Action.EXPORT,
        subject,
        request=request,
        case=case,
        key=erasure.EXPORTED,
        changes={"format": fmt},
    )
    name = f"kring-inzage-{export.subject_id[:8]}"
    if fmt == "pdf":
        return pdf_response(subject_access.render_pdf(export), f"{name}.pdf", attachment=True)
    response = HttpResponse(export.as_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@admin_only
@require_GET
def person_json(request: AuthenticatedHttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """Everything about one person in a circle, as JSON."""
    person = person_for_privacy(request, person_uuid)
    export = subject_access.person_export(person)
    return _export_response(request, export, person, "json", person.case)


@admin_only
@require_GET
def person_pdf(request: AuthenticatedHttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """Everything about one person in a circle, as a readable PDF."""
    person = person_for_privacy(request, person_uuid)
    export = subject_access.person_export(person)
    return _export_response(request, export, person, "pdf", person.case)


@admin_only
@require_GET
def request_json(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """What a requester gave, as JSON."""
    req = request_for_privacy(request_uuid)
    return _export_response(request, subject_access.requester_export(req), req, "json")


@admin_only
@require_GET
def request_pdf(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """What a requester gave, as a readable PDF."""
    req = request_for_privacy(request_uuid)
    return _export_response(request, subject_access.requester_export(req), req, "pdf")


@admin_only
@require_GET
def user_json(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Everything about one account, as JSON."""
    user = user_for_privacy(user_uuid)
    return _export_response(request, subject_access.user_export(user), user, "json")


@admin_only
@require_GET
def user_pdf(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Everything about one account, as a readable PDF."""
    user = user_for_privacy(user_uuid)
    return _export_response(request, subject_access.user_export(user), user, "pdf")


def _erase_page(
    request: AuthenticatedHttpRequest,
    *,
    subject: Person | Request | User,
    name: str,
    kind: str,
    refusals: list[str],
    erase: Callable[[], object],
    back: str,
    export_urls: tuple[str, str],
    case: Case | None = None,
) -> HttpResponse:
    """GET: what erasure means for this person and a confirmation; POST: erase, then back to
    the search. Refused while the subject was not exported first or a rule forbids it."""
    exported = erasure.was_exported(subject)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and exported and not refusals:
        erase()
        messages.success(request, _("De gegevens zijn gewist."))
        if not back:
            return redirect("privacy:search")
        return redirect(f"{reverse('privacy:search')}?{urlencode({'q': back})}")
    record(Action.VIEW, subject, request=request, case=case, key="privacy.erase_page_viewed")
    return render(
        request,
        "privacy/erase.html",
        {
            "form": form,
            "name": name,
            "kind": kind,
            "refusals": refusals,
            "exported": exported,
            "may_erase": exported and not refusals,
            "back": back,
            "json_url": export_urls[0],
            "pdf_url": export_urls[1],
        },
    )


@admin_only
@require_http_methods(["GET", "POST"])
def person_erase(request: AuthenticatedHttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """Erase one person of a circle (after an export)."""
    person = person_for_privacy(request, person_uuid)
    return _erase_page(
        request,
        subject=person,
        name=person.name,
        kind="person",
        refusals=erasure.person_refusals(person),
        erase=lambda: erasure.erase_person(person, actor=request.user, request=request),
        back=person.case.reference,
        export_urls=(
            reverse("privacy:person_json", args=[person.uuid]),
            reverse("privacy:person_pdf", args=[person.uuid]),
        ),
        case=person.case,
    )


@admin_only
@require_http_methods(["GET", "POST"])
def request_erase(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Erase a requester's details (after an export)."""
    req = request_for_privacy(request_uuid)
    return _erase_page(
        request,
        subject=req,
        name=req.requester_name or req.reference,
        kind="requester",
        refusals=erasure.requester_refusals(req),
        erase=lambda: erasure.erase_requester(req, actor=request.user, request=request),
        back=req.reference,
        export_urls=(
            reverse("privacy:request_json", args=[req.uuid]),
            reverse("privacy:request_pdf", args=[req.uuid]),
        ),
    )


@admin_only
@require_http_methods(["GET", "POST"])
def user_erase(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Erase an account (after an export): anonymised, because cases point to it."""
    user = user_for_privacy(user_uuid)
    return _erase_page(
        request,
        subject=user,
        name=user.full_name,
        kind="user",
        refusals=erasure.user_refusals(user, request.user),
        erase=lambda: erasure.anonymise_user(
            user, reason=ErasureReason.REQUEST, actor=request.user, request=request
        ),
        # The address is gone after erasure: back to an empty search.
        back="",
        export_urls=(
            reverse("privacy:user_json", args=[user.uuid]),
            reverse("privacy:user_pdf", args=[user.uuid]),
        ),
    )
