from django.urls import path

from kring.followup import views

app_name = "followup"

urlpatterns = [
    path("trajecten/<uuid:case_uuid>/vervolgbijeenkomsten/", views.case_follow_ups, name="case"),
    path("vervolg/", views.worklist, name="worklist"),
    path("vragenlijsten/", views.survey_answers, name="survey_answers"),
    path("vragenlijst/<str:token>/", views.survey_page, name="survey"),
    path("herinneringen/uit/<str:token>/", views.opt_out, name="opt_out"),
]
