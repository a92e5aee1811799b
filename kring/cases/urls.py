from django.urls import path

from kring.cases import views

app_name = "cases"

urlpatterns = [
    path("trajecten/", views.case_list, name="list"),
    path("trajecten/<uuid:case_uuid>/", views.detail, name="detail"),
]
