from django.urls import path

from kring.plans import views

app_name = "plans"

urlpatterns = [
    path("trajecten/<uuid:case_uuid>/plan/", views.plan_detail, name="detail"),
    path("trajecten/<uuid:case_uuid>/plan/starten/", views.plan_start, name="start"),
    path("trajecten/<uuid:case_uuid>/plan/bewerken/", views.plan_edit, name="edit"),
    path(
        "trajecten/<uuid:case_uuid>/plan/afspraken/nieuw/",
        views.agreement_form,
        name="agreement_new",
    ),
    path(
        "trajecten/<uuid:case_uuid>/plan/afspraken/<uuid:agreement_uuid>/",
        views.agreement_form,
        name="agreement_edit",
    ),
    path(
        "trajecten/<uuid:case_uuid>/plan/afspraken/<uuid:agreement_uuid>/verwijderen/",
        views.agreement_delete,
        name="agreement_delete",
    ),
    path("trajecten/<uuid:case_uuid>/plan/steun/nieuw/", views.support_new, name="support_new"),
    path("trajecten/<uuid:case_uuid>/plan/versturen/", views.deliver, name="deliver"),
    path(
        "trajecten/<uuid:case_uuid>/plan/hoofdpersoon-vragen/",
        views.ask_main_person,
        name="ask_main_person",
    ),
    path(
        "trajecten/<uuid:case_uuid>/plan/beoordeling-vragen/",
        views.ask_assessment,
        name="ask_assessment",
    ),
    path(
        "trajecten/<uuid:case_uuid>/plan/versies/<int:number>/",
        views.version_detail,
        name="version",
    ),
    path(
        "trajecten/<uuid:case_uuid>/plan/versies/<int:number>/pdf/",
        views.version_pdf,
        name="version_pdf",
    ),
    path("trajecten/<uuid:case_uuid>/plan/verschil/", views.version_diff, name="diff"),
    path("trajecten/<uuid:case_uuid>/plan/familieplan/", views.family_plan, name="family_plan"),
    path(
        "trajecten/<uuid:case_uuid>/plan/familieplan/overnemen/",
        views.family_plan_adopt,
        name="family_plan_adopt",
    ),
    path(
        "trajecten/<uuid:case_uuid>/plan/vervolgvragen/<uuid:follow_up_uuid>/afgehandeld/",
        views.follow_up_request_handled,
        name="follow_up_request_handled",
    ),
    path("trajecten/<uuid:case_uuid>/nabelgesprek/", views.check_in, name="check_in"),
    path("nabellen/", views.check_ins, name="check_ins"),
    path(
        "professional/minimumeisen/<uuid:requirement_uuid>/",
        views.assess,
        name="assess",
    ),
    path(
        "professional/steunvragen/<uuid:support_uuid>/",
        views.support_answer,
        name="support_answer",
    ),
]
