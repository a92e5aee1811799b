"""The people of the organisation: a list, inviting someone, changing role and regions,
deactivating. Administrators keep everyone; regional managers the coordinators of their
own regions."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts import second_factor, staff, throttling
from kring.accounts.access import (
    assignable_regions,
    get_person_account_for,
    invitable_roles,
    is_admin,
    may_change_account,
    may_manage_people,
    may_manage_places,
    people_for,
)
from kring.accounts.forms import InviteForm, StaffEditForm
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role, User
from kring.audit.services import Action, record
from kring.core.paging import keyset_page, page_total


def _require_people(request: AuthenticatedHttpRequest) -> None:
    if not may_manage_people(request.user):
        raise PermissionDenied


@login_required
@require_GET
def organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisation's own screens: people, and for administrators regions and places."""
    _require_people(request)
    return render(
        request,
        "accounts/organisation.html",
        {"may_manage_places": may_manage_places(request.user)},
    )


@login_required
@require_GET
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone the viewer keeps, by name, a page at a time."""
    _require_people(request)
    qs = people_for(request.user)
    role = request.GET.get("rol", "")
    if role in Role.values:
        qs = qs.filter(role=role)
    else:
        role = ""
    page = keyset_page(
        qs.prefetch_related("regions"), order_field="full_name", cursor=request.GET.get("na")
    )
    rows = [
        {
            "user": user,
            "regions": [r.name for r in user.regions.all()],
            "pending": staff.is_pending(user),
        }
        for user in page.items
    ]
    return render(
        request,
        "accounts/people.html",
        {
            "page": page,
            "rows": rows,
            "total": page_total(page, qs),
            "role": role,
            "roles": [(r.value, r.label) for r in Role],
            "may_invite": bool(invitable_roles(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Invite someone by e-mail: the activation link goes out through the outbox."""
    _require_people(request)
    roles = invitable_roles(request.user)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        roles=roles,
        regions=assignable_regions(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = Role(data["role"])
        invited = staff.invite(
            email=data["email"],
            full_name=data["full_name"],
            role=role,
            regions=data["regions"] if role in {Role.REGIONAL_MANAGER, Role.COORDINATOR} else [],
            organisation=data.get("organisation") or "",
            funder_municipality=data.get("funder_municipality") if role == Role.FUNDER else None,
            actor=request.user,
            request=request,
        )
        messages.success(
            request,
            _("De uitnodiging is verstuurd naar %(email)s.") % {"email": invited.user.email},
        )
        return redirect("accounts:person", user_uuid=invited.user.uuid)
    status = 400 if form.is_bound else 200
    return render(request, "accounts/invite.html", {"form": form}, status=status)


def _edit_form(
    request: AuthenticatedHttpRequest, account: User, data: QueryDict | None = None
) -> StaffEditForm:
    roles = invitable_roles(request.user)
    if Role(account.role) not in roles:
        roles = [Role(account.role), *roles]
    return StaffEditForm(
        data,
        roles=roles,
        regions=assignable_regions(request.user),
        initial={
            "full_name": account.full_name,
            "role": account.role,
            "regions": list(account.regions.all()),
            "organisation": account.organisation,
        },
    )


def _person_page(
    request: AuthenticatedHttpRequest, account: User, form: StaffEditForm | None = None
) -> HttpResponse:
    may_change = may_change_account(request.user, account)
    return render(
        request,
        "accounts/person.html",
        {
            "account": account,
            "regions": [r.name for r in account.regions.all()],
            "pending": staff.is_pending(account),
            "enrolled": second_factor.is_enrolled(account),
            "locked": throttling.account_locked(account.email),
            "may_change": may_change,
            "may_reset_factor": may_change and is_admin(request.user),
            "form": form or (_edit_form(request, account) if may_change else None),
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_GET
def person(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """One person's account: role, regions, status, and what may be done."""
    _require_people(request)
    account = get_person_account_for(request.user, user_uuid)
    record(Action.VIEW, account, request=request, key="account.viewed")
    return _person_page(request, account)


def _changeable(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> User:
    _require_people(request)
    account = get_person_account_for(request.user, user_uuid)
    if not may_change_account(request.user, account):
        raise PermissionDenied
    return account


@login_required
@require_POST
def change(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Change name, role, regions (a new role ends the person's sessions)."""
    account = _changeable(request, user_uuid)
    form = _edit_form(request, account, request.POST)
    if not form.is_valid():
        return _person_page(request, account, form)
    data = form.cleaned_data
    mine = {r.pk for r in assignable_regions(request.user)}
    keep = [r for r in account.regions.all() if r.pk not in mine]
    role = Role(data["role"])
    fields = staff.change(
        account,
        full_name=data["full_name"],
        role=role,
        regions=data["regions"] if role in {Role.REGIONAL_MANAGER, Role.COORDINATOR} else [],
        keep_regions=keep if role in {Role.REGIONAL_MANAGER, Role.COORDINATOR} else [],
        organisation=data.get("organisation"),
        actor=request.user,
        request=request,
    )
    if "role" in fields:
        messages.success(
            request, _("Opgeslagen. De nieuwe rol geldt meteen; de persoon logt opnieuw in.")
        )
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect("accounts:person", user_uuid=account.uuid)


@login_required
@require_POST
def deactivate(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Someone leaves: no more signing in, and their sessions end now."""
    account = _changeable(request, user_uuid)
    staff.deactivate(account, actor=request.user, request=request)
    messages.success(request, _("%(name)s kan niet meer inloggen.") % {"name": account.full_name})
    return redirect("accounts:person", user_uuid=account.uuid)


@login_required
@require_POST
def reactivate(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Someone comes back."""
    account = _changeable(request, user_uuid)
    staff.reactivate(account, actor=request.user, request=request)
    messages.success(request, _("%(name)s kan weer inloggen.") % {"name": account.full_name})
    return redirect("accounts:person", user_uuid=account.uuid)


@login_required
@require_POST
def resend(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """A fresh activation link (the earlier one stops working)."""
    account = _changeable(request, user_uuid)
    if not staff.is_pending(account) or not account.is_active:
        messages.error(request, _("Dit account is al geactiveerd."))
    else:
        staff.resend(account, actor=request.user, request=request)
        messages.success(request, _("Een nieuwe uitnodiging is verstuurd."))
    return redirect("accounts:person", user_uuid=account.uuid)


@login_required
@require_POST
def reset_factor(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """An administrator wipes someone's second factor; they set it up again at next sign-in."""
    account = _changeable(request, user_uuid)
    if not is_admin(request.user):
        raise PermissionDenied
    staff.reset_second_factor(account, actor=request.user)
    messages.success(
        request,
        _(
            "De tweede stap is gewist. Bij de volgende keer inloggen stelt de persoon "
            "hem opnieuw in."
        ),
    )
    return redirect("accounts:person", user_uuid=account.uuid)


@login_required
@require_POST
def release(request: AuthenticatedHttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """Lift a lockout after too many tries (the person proved who they are another way)."""
    account = _changeable(request, user_uuid)
    throttling.release(account.email)
    record(Action.UPDATE, account, request=request, key="account.lockout_released")
    messages.success(request, _("De blokkade is opgeheven."))
    return redirect("accounts:person", user_uuid=account.uuid)
