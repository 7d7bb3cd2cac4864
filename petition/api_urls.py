from django.urls import path

from petition import views

app_name = "petition_api"

urlpatterns = [
    path("petition.json", views.petition_json, name="current"),
    path("petition/<slug:slug>.json", views.petition_json, name="petition"),
]
