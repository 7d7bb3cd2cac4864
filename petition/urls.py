from django.urls import path
from django.views.generic import TemplateView

from petition import views

app_name = "petition"

# Fixed paths first: a petition's slug cannot take them (petition.models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.sign, name="sign"),
    path("signatures/", views.wall, name="wall"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("thank-you/", views.thanks, name="thanks"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("withdrawn/", TemplateView.as_view(template_name="petition/withdrawn.html"), name="withdrawn"),
    path("embed/", views.embed, name="embed"),
    path("embed/form/", views.embed_form, name="embed_form"),
    path("<slug:slug>/", views.sign, name="sign_other"),
    path("<slug:slug>/signatures/", views.wall, name="wall_other"),
    path("<slug:slug>/thank-you/", views.thanks, name="thanks_other"),
    path("<slug:slug>/embed/", views.embed, name="embed_other"),
]
