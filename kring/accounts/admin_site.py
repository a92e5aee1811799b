"""Django's admin is for administrators only, signs in through Kring's own two-step login, and
every change made in it is written to the audit trail."""

from __future__ import annotations

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from kring.accounts.access import is_admin
from kring.audit.services import Action, record


def _changed_fields(message: object) -> list[str]:
    """The field names in an admin change message (never the values)."""
    fields: list[str] = []
    if isinstance(message, list):
        for part in message:
            if isinstance(part, dict):
                for detail in part.values():
                    if isinstance(detail, dict):
                        fields.extend(str(f) for f in detail.get("fields", []))
    return sorted(set(fields))


def _audited(model_admin: ModelAdmin[Model]) -> None:
    """Wrap one ModelAdmin's logging so that its changes are audit events too."""
    log_addition = model_admin.log_addition
    log_change = model_admin.log_change
    log_deletions = model_admin.log_deletions
    label = model_admin.model._meta.label_lower

    def addition(request: HttpRequest, obj: Model, message: object) -> object:
        record(Action.CREATE, obj, request=request, key="admin.added", changes={"model": label})
        return log_addition(request, obj, message)

    def change(request: HttpRequest, obj: Model, message: object) -> object:
        record(
            Action.UPDATE,
            obj,
            request=request,
            key="admin.changed",
            changes={"model": label, "fields": _changed_fields(message)},
        )
        return log_change(request, obj, message)

    def deletions(request: HttpRequest, queryset: QuerySet[Model]) -> object:
        for obj in queryset:
            record(
                Action.DELETE, obj, request=request, key="admin.deleted", changes={"model": label}
            )
        return log_deletions(request, queryset)

    model_admin.log_addition = addition  # type: ignore[method-assign,assignment]
    model_admin.log_change = change  # type: ignore[method-assign,assignment]
    model_admin.log_deletions = deletions  # type: ignore[method-assign,assignment]


def restrict_admin_to_administrators(site: AdminSite) -> None:
    """Only active administrators, signed in with both factors through Kring's login; every
    change through the admin is an audit event."""

    def has_permission(request: HttpRequest) -> bool:
        return is_admin(request.user)

    def login(request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(next_url, login_url=reverse("accounts:login"))

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
    site.site_header = "Kring beheer"
    site.site_title = "Kring beheer"
    for model_admin in site._registry.values():
        _audited(model_admin)
