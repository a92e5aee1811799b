from django.urls import path

from kring.conferences import views

app_name = "conferences"

C = "trajecten/<uuid:case_uuid>/conferentie/"
INFO = "trajecten/<uuid:case_uuid>/informatie/"

urlpatterns = [
    path(C, views.conference, name="conference"),
    path(C + "praktisch/", views.save_logistics, name="save_logistics"),
    path(C + "checklist/<slug:key>/", views.tick, name="tick"),
    path(C + "datums/", views.add_date, name="add_date"),
    path(C + "datums/<uuid:option_uuid>/weghalen/", views.remove_date, name="remove_date"),
    path(C + "datums/<uuid:option_uuid>/kiezen/", views.choose_date, name="choose_date"),
    path(C + "uitnodigen/", views.invite_all, name="invite_all"),
    path(C + "uitnodigen/<uuid:person_uuid>/", views.invite, name="invite"),
    path(C + "brief/<uuid:person_uuid>/", views.letter, name="letter"),
    path(C + "plannen/", views.schedule, name="schedule"),
    path(C + "afgelasten/", views.cancel, name="cancel"),
    path(INFO, views.information, name="information"),
    path(INFO + "nieuw/", views.add_information_item, name="add_information_item"),
    path(INFO + "<uuid:item_uuid>/", views.provide_information, name="provide_information"),
    path(INFO + "<uuid:item_uuid>/document/", views.document, name="document"),
    path(INFO + "<uuid:item_uuid>/mailen/", views.request_information, name="request_information"),
    path("trajecten/<uuid:case_uuid>/aanwezigheid/", views.conference_record, name="record"),
    path(
        "trajecten/<uuid:case_uuid>/aanwezigheid/niemand/",
        views.nobody_came,
        name="nobody_came",
    ),
]
