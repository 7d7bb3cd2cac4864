from django.urls import path

from petition import views

app_name = "petition"

urlpatterns = [
    path("", views.sign, name="sign"),
    path("signatures/", views.wall, name="wall"),
    path("<slug:slug>/", views.sign, name="sign_other"),
]
