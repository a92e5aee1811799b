from django.urls import path

from kring.cases import facts_views, views

app_name = "cases"

urlpatterns = [
    path("trajecten/", views.case_list, name="list"),
    path("aanvragen/<uuid:request_uuid>/traject-starten/", views.open_from_request, name="open"),
    path("trajecten/<uuid:case_uuid>/", views.detail, name="detail"),
    path("trajecten/<uuid:case_uuid>/onafhankelijkheid/", views.declare, name="declare"),
    path("trajecten/<uuid:case_uuid>/eerste-contact/", views.first_contact, name="first_contact"),
    path("trajecten/<uuid:case_uuid>/contacten/", views.log_contact, name="log_contact"),
    path("trajecten/<uuid:case_uuid>/stoppen/", views.stop, name="stop"),
    path(
        "trajecten/<uuid:case_uuid>/berichten/<uuid:message_uuid>/afgehandeld/",
        views.message_handled,
        name="message_handled",
    ),
    path("trajecten/<uuid:case_uuid>/terugnemen/", views.withdraw, name="withdraw"),
    path("trajecten/<uuid:case_uuid>/soort/", views.change_variant, name="variant"),
    path("trajecten/<uuid:case_uuid>/gegevens/", facts_views.facts_page, name="facts"),
    path(
        "trajecten/<uuid:case_uuid>/gegevens/hoofdpersonen/nieuw/",
        facts_views.person_add,
        name="main_person_add",
    ),
    path(
        "trajecten/<uuid:case_uuid>/gegevens/hoofdpersonen/<uuid:main_person_uuid>/",
        facts_views.person_edit,
        name="main_person_edit",
    ),
    path(
        "trajecten/<uuid:case_uuid>/gegevens/hoofdpersonen/<uuid:main_person_uuid>/weghalen/",
        facts_views.person_remove,
        name="main_person_remove",
    ),
    *[
        path(
            f"trajecten/<uuid:case_uuid>/{action.path}/",
            views.simple_action_view(action),
            name=action.name,
        )
        for action in views.SIMPLE_ACTIONS
    ],
]
