"""Kring's URL map: one include per app."""

from django.contrib import admin
from django.urls import include, path

from kring.accounts.admin_site import restrict_admin_to_administrators

restrict_admin_to_administrators(admin.site)

urlpatterns = [
    path("", include("kring.core.urls")),
    path("", include("kring.accounts.urls")),
    path("", include("kring.intake.urls")),
    path("", include("kring.cases.urls")),
    path("", include("kring.coordinators.urls")),
    path("", include("kring.network.urls")),
    path("", include("kring.conferences.urls")),
    path("", include("kring.plans.urls")),
    path("", include("kring.followup.urls")),
    path("", include("kring.funding.urls")),
    path("", include("kring.portal.urls")),
    path("", include("kring.privacy.urls")),
    path("", include("kring.reporting.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
