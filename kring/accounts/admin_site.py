"""Django's admin is for administrators only."""

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from kring.accounts.access import is_admin


def restrict_admin_to_administrators(site: AdminSite) -> None:
    """Let only active users with the administrator role into the admin site."""

    def has_permission(request: HttpRequest) -> bool:
        return is_admin(request.user)

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.site_header = "Kring beheer"
    site.site_title = "Kring beheer"
