from django.urls import path

from kring.intake import views

app_name = "intake"

urlpatterns = [
    path("aanvragen/", views.queue, name="queue"),
]
