from django.urls import path

from kring.network import invitation_views, views

app_name = "network"

P = "trajecten/<uuid:case_uuid>/kring/<uuid:person_uuid>/"
REQ = "trajecten/<uuid:case_uuid>/veiligheid/minimumeis/<uuid:requirement_uuid>/"

urlpatterns = [
    path("trajecten/<uuid:case_uuid>/kring/", views.circle, name="circle"),
    path("trajecten/<uuid:case_uuid>/kring/nieuw/", views.add_person, name="add_person"),
    path(
        "trajecten/<uuid:case_uuid>/kring/hoofdpersoon/",
        views.add_main_people,
        name="add_main_people",
    ),
    path(P, views.person_detail, name="person"),
    path(P + "wijzigen/", views.edit_person, name="edit_person"),
    path(P + "verwijderen/", views.remove_person, name="remove_person"),
    path(P + "toestemming/", views.give_consent, name="give_consent"),
    path(P + "toestemming-intrekken/", views.withdraw_consent, name="withdraw_consent"),
    path(P + "geinformeerd/", views.record_informed, name="record_informed"),
    path(P + "status/", views.set_status, name="set_status"),
    path(P + "account/", invitation_views.invite, name="invite_professional"),
    path(P + "links-intrekken/", views.revoke_links, name="revoke_links"),
    path("trajecten/<uuid:case_uuid>/veiligheid/", views.safety, name="safety"),
    path(
        "trajecten/<uuid:case_uuid>/veiligheid/minimumeis/",
        views.add_requirement,
        name="add_requirement",
    ),
    path(REQ + "wijzigen/", views.change_requirement, name="change_requirement"),
    path(REQ + "intrekken/", views.withdraw_requirement, name="withdraw_requirement"),
    path(REQ + "overdragen/", views.hand_over_requirement, name="hand_over_requirement"),
    path(
        "trajecten/<uuid:case_uuid>/veiligheid/beperking/",
        views.add_restriction,
        name="add_restriction",
    ),
    path(
        "trajecten/<uuid:case_uuid>/veiligheid/beperking/<uuid:restriction_uuid>/besluit/",
        views.decide_restriction,
        name="decide_restriction",
    ),
]
