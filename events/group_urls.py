from django.urls import path
from django.views.generic import TemplateView

from events import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("start/", views.group_start, name="start"),
    path(
        "start/sent/", TemplateView.as_view(template_name="events/group_start_sent.html"), name="start_sent"
    ),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/contact/", views.group_contact, name="contact"),
    path(
        "<slug:slug>/contact/sent/",
        TemplateView.as_view(template_name="events/contact_sent.html"),
        name="contact_sent",
    ),
]
