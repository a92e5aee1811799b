from django.urls import path

from kring.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacyverzoeken/", views.search, name="search"),
    path(
        "privacyverzoeken/kring/<uuid:person_uuid>/gegevens.json",
        views.person_json,
        name="person_json",
    ),
    path(
        "privacyverzoeken/kring/<uuid:person_uuid>/gegevens.pdf",
        views.person_pdf,
        name="person_pdf",
    ),
    path(
        "privacyverzoeken/kring/<uuid:person_uuid>/wissen/", views.person_erase, name="person_erase"
    ),
    path(
        "privacyverzoeken/aanvraag/<uuid:request_uuid>/gegevens.json",
        views.request_json,
        name="request_json",
    ),
    path(
        "privacyverzoeken/aanvraag/<uuid:request_uuid>/gegevens.pdf",
        views.request_pdf,
        name="request_pdf",
    ),
    path(
        "privacyverzoeken/aanvraag/<uuid:request_uuid>/wissen/",
        views.request_erase,
        name="request_erase",
    ),
    path(
        "privacyverzoeken/account/<uuid:user_uuid>/gegevens.json", views.user_json, name="user_json"
    ),
    path("privacyverzoeken/account/<uuid:user_uuid>/gegevens.pdf", views.user_pdf, name="user_pdf"),
    path("privacyverzoeken/account/<uuid:user_uuid>/wissen/", views.user_erase, name="user_erase"),
]
