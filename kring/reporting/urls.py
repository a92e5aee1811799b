from django.urls import path

from kring.reporting import views

app_name = "reporting"

urlpatterns = [
    path("cijfers/", views.dashboard, name="dashboard"),
    path("cijfers/<slug:section>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("cijfers/gemeente/<str:code>/", views.municipality, name="municipality"),
    path("cijfers/onderzoek/", views.research_export, name="research_export"),
    path("cijfers/jaarverslag/", views.annual_report, name="annual_report"),
]
