"""One view: a ModelForm that saves a signature and redirects. No checks (no rate
limit, no one-use stamp, no honeypot, no canonical address), no email task, no
template: the row the sign POST stores, and nothing else the site does around it.

GET answers the form (the bench's client reads its fields as it reads the signing
page's); POST saves the row, pending, on the current petition, and answers 303.
"""

from django import forms
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from petition.models import Petition, Signature


class BareSignatureForm(forms.ModelForm):
    class Meta:
        model = Signature
        fields = ["name", "email", "country"]


_petition = []


def current_petition():
    if not _petition:
        _petition.append(Petition.objects.cached_current())
    return _petition[0]


@csrf_exempt
def insert(request):
    form = BareSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signature = form.save(commit=False)
        signature.petition = current_petition()
        # The unique constraint's column and the domain the bench counts a run's rows by,
        # taken as typed.
        signature.email_canonical = signature.email.lower()
        signature.email_domain = signature.email.rpartition("@")[2].lower()
        signature.save()
        return HttpResponseRedirect("/")
    page = f'<form method="post" action="/">{form.as_div()}<button>Sign</button></form>'
    return HttpResponse(page, status=400 if request.method == "POST" else 200)


urlpatterns = [path("", insert)]
