from django.urls import path

from kring.intake import views

app_name = "intake"

urlpatterns = [
    # Public
    path("", views.home, name="home"),
    path("aanvraag/", views.request_form, name="request_form"),
    path("aanvraag/ontvangen/<uuid:request_uuid>/", views.request_received, name="received"),
    path("regiokantoor/", views.find_office, name="find_office"),
    # Intake desk
    path("aanvragen/", views.queue, name="queue"),
    path("aanvragen/nieuw/", views.staff_create, name="staff_create"),
    path("aanvragen/<uuid:request_uuid>/", views.detail, name="detail"),
    path(
        "aanvragen/<uuid:request_uuid>/eerste-contact/",
        views.record_contact,
        name="record_contact",
    ),
    path("aanvragen/<uuid:request_uuid>/informatief-gesprek/", views.plan_info, name="plan_info"),
    path("aanvragen/<uuid:request_uuid>/afsluiten/", views.close, name="close"),
    path("aanvragen/<uuid:request_uuid>/samenvoegen/", views.merge, name="merge"),
]
