from django.urls import path

from kring.core import views

app_name = "core"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("health/", views.health, name="health"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]
