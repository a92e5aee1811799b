from django.urls import path

from kring.privacy import views

app_name = "privacy"

# Under its own prefix: /privacy/ is the public privacy statement (kring.core).
PERSON = "privacyverzoeken/kring/<uuid:person_uuid>/"
REQUEST = "privacyverzoeken/aanvraag/<uuid:request_uuid>/"
ACCOUNT = "privacyverzoeken/account/<uuid:user_uuid>/"

urlpatterns = [
    path("privacyverzoeken/", views.search, name="search"),
    path(f"{PERSON}gegevens.json", views.person_json, name="person_json"),
    path(f"{PERSON}gegevens.pdf", views.person_pdf, name="person_pdf"),
    path(f"{PERSON}wissen/", views.person_erase, name="person_erase"),
    path(f"{REQUEST}gegevens.json", views.request_json, name="request_json"),
    path(f"{REQUEST}gegevens.pdf", views.request_pdf, name="request_pdf"),
    path(f"{REQUEST}wissen/", views.request_erase, name="request_erase"),
    path(f"{ACCOUNT}gegevens.json", views.user_json, name="user_json"),
    path(f"{ACCOUNT}gegevens.pdf", views.user_pdf, name="user_pdf"),
    path(f"{ACCOUNT}wissen/", views.user_erase, name="user_erase"),
]
