"""Coordinator registry and matching."""

from django.urls import path

from kring.coordinators import self_service, views

app_name = "coordinators"

urlpatterns = [
    path("mijn-profiel/", self_service.my_profile, name="my_profile"),
    path("mijn-profiel/verklaring/", self_service.sign, name="sign_declaration"),
    path("mijn-profiel/afwezigheid/", self_service.add_my_absence, name="add_my_absence"),
    path(
        "mijn-profiel/afwezigheid/<uuid:absence_uuid>/verwijderen/",
        self_service.remove_my_absence,
        name="remove_my_absence",
    ),
    path(
        "mijn-profiel/certificaat/",
        self_service.upload_my_certificate,
        name="upload_my_certificate",
    ),
    path("coordinatoren/", views.registry, name="list"),
    path("coordinatoren/<uuid:user_uuid>/", views.edit, name="edit"),
    path("coordinatoren/<uuid:user_uuid>/afwezigheid/", views.add_absence, name="add_absence"),
    path(
        "coordinatoren/<uuid:user_uuid>/afwezigheid/<uuid:absence_uuid>/verwijderen/",
        views.remove_absence,
        name="remove_absence",
    ),
    path(
        "coordinatoren/<uuid:user_uuid>/certificaat/",
        views.certificate,
        name="certificate",
    ),
    path(
        "coordinatoren/<uuid:user_uuid>/certificaat/toevoegen/",
        views.upload_certificate,
        name="upload_certificate",
    ),
    path(
        "coordinatoren/<uuid:user_uuid>/certificaat/verwijderen/",
        views.remove_certificate,
        name="remove_certificate",
    ),
    path("trajecten/<uuid:case_uuid>/coordinator-kiezen/", views.match, name="match"),
    path("trajecten/<uuid:case_uuid>/coordinator-toewijzen/", views.assign, name="assign"),
    path("trajecten/<uuid:case_uuid>/coordinator-vervangen/", views.replace, name="replace"),
]
