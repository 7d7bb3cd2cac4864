from django.urls import path
from django.views.generic import TemplateView

from events import views

app_name = "events"

# Fixed words come before <slug>: Event.clean() keeps slugs off them (RESERVED_SLUGS).
urlpatterns = [
    path("", views.event_list, name="list"),
    path("feed.ics", views.event_feed, name="feed"),
    path("submit/", views.event_submit, name="submit"),
    path("submit/sent/", TemplateView.as_view(template_name="events/submitted.html"), name="submitted"),
    path("manage/<str:token>/", views.event_manage, name="manage"),
    path("join/<str:token>/", views.attendee, name="attendee"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("<slug:slug>/join/", views.event_join, name="join"),
    path("<slug:slug>/join/sent/", TemplateView.as_view(template_name="events/joined.html"), name="joined"),
    path("<slug:slug>/contact/", views.event_contact, name="contact"),
    path(
        "<slug:slug>/contact/sent/",
        TemplateView.as_view(template_name="events/contact_sent.html"),
        name="contact_sent",
    ),
]
