from django.urls import path
from django.views.generic import TemplateView

from campaign import views

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("what-you-can-do/", views.what_you_can_do, name="what_you_can_do"),
    path("qa/", views.qa, name="qa"),
    path("materials/", views.materials, name="materials"),
    path("materials/<int:pk>/download/", views.material_download, name="material_download"),
    path("materials/download-all/<str:language>/", views.material_zip, name="material_zip"),
    path("motions/", views.motions, name="motions"),
    path("motions/report/", views.motion_report, name="motion_report"),
    path(
        "motions/report/thanks/",
        TemplateView.as_view(template_name="campaign/motion_thanks.html"),
        name="motion_thanks",
    ),
    path("contact/", views.contact, name="contact"),
    path(
        "contact/thanks/",
        TemplateView.as_view(template_name="campaign/contact_thanks.html"),
        name="contact_thanks",
    ),
]
