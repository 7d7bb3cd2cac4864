from django.urls import path

from events import views

app_name = "events"

# Fixed words come before <slug>: Event.clean() keeps slugs off them (RESERVED_SLUGS).
urlpatterns = [
    path("", views.event_list, name="list"),
    path("feed.ics", views.event_feed, name="feed"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
]
