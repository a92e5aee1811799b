"""Administrators manage users, regions and municipalities (including the yearly CSV import)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import (
    WebAuthnAttestation,
    WebAuthnCredential,
    WebAuthnUserHandle,
)

from kring.accounts.forms import MunicipalityImportForm
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Municipality, Region, User
from kring.accounts.municipalities import import_municipalities
from kring.audit.admin import AuditedReadsMixin


@admin.register(User)
class UserAdmin(AuditedReadsMixin, DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "regions"]
    search_fields = ["full_name", "email", "organisation"]
    filter_horizontal = ["regions"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("full_name", "phone", "preferred_language")}),
        (
            _("Rol"),
            {"fields": ("role", "organisation", "regions", "funder_municipality", "is_active")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "password1", "password2"),
            },
        ),
    )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "office_phone", "office_email", "contact_deadline_days", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "active"]
    list_filter = ["region", "active"]
    search_fields = ["name", "code"]
    change_list_template = "admin/accounts/municipality/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_csv),
                name="accounts_municipality_import",
            ),
            *super().get_urls(),
        ]

    def import_csv(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        """Upload the CBS list; nothing changes unless every line is correct.

        Reached only through `admin_view`, so the user is a signed-in administrator.
        """
        form = MunicipalityImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = import_municipalities(
                form.cleaned_data["file"],
                actor=request.user,
                default_region=form.cleaned_data["default_region"],
                deactivate_missing=form.cleaned_data["deactivate_missing"],
            )
            if result.errors:
                for error in result.errors[:20]:
                    messages.error(request, error)
            else:
                messages.success(
                    request,
                    _("%(c)d nieuw, %(u)d gewijzigd, %(d)d inactief gemaakt.")
                    % {"c": result.created, "u": result.updated, "d": result.deactivated},
                )
                return redirect("admin:accounts_municipality_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Gemeenten importeren"),
        }
        return render(request, "admin/accounts/municipality/import.html", context)


# A second factor is enrolled and wiped in Kring's own screens (Mijn account; Organisatie ->
# Mensen -> "Tweede stap wissen"); the admin pages django-otp and django-otp-webauthn bring
# would show secrets and bypass the audit, so they are not offered.
for _device in (
    TOTPDevice,
    StaticDevice,
    WebAuthnCredential,
    WebAuthnAttestation,
    WebAuthnUserHandle,
):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
