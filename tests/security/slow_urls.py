"""The site's URLs plus a page whose query outlasts the statement timeout (fault tests)."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from campaign.urls import urlpatterns as site_urlpatterns


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(30)")
    return HttpResponse("too late")


urlpatterns = [path("en/slow/", slow), *site_urlpatterns]
