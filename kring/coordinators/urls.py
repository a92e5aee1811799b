"""Coordinator registry and matching."""

from django.urls import path

from kring.coordinators import views

app_name = "coordinators"

urlpatterns = [
    path("coordinatoren/", views.registry, name="list"),
    path("coordinatoren/<uuid:user_uuid>/", views.edit, name="edit"),
    path("coordinatoren/<uuid:user_uuid>/afwezigheid/", views.add_absence, name="add_absence"),
    path(
        "coordinatoren/<uuid:user_uuid>/afwezigheid/<uuid:absence_uuid>/verwijderen/",
        views.remove_absence,
        name="remove_absence",
    ),
    path("trajecten/<uuid:case_uuid>/coordinator-kiezen/", views.match, name="match"),
    path("trajecten/<uuid:case_uuid>/coordinator-toewijzen/", views.assign, name="assign"),
]
