from collections import Counter

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from articles.models import Article
from campaign.forms import ContactForm, PassedMotionForm
from campaign.materials import material_count_download, materials_zip
from campaign.models import Action, Material, PassedMotion, QAAttribution, Question
from campaign.services import contact_message_create, passed_motion_report
from core.limits import client_ip, ip_key, rate_limit_take
from core.middleware import mark_public
from core.models import SiteSettings
from core.storage import open_stream
from dashboard.worldmap import render_map
from events import selectors as events_selectors
from petition.counts import petition_counts
from petition.models import Demand, FeaturedSignatory, Petition


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@require_GET
def switch_language(request, code):
    """Remember the reader's language and show the same page in it (no JavaScript needed)."""
    languages = dict(settings.LANGUAGES)
    if code not in languages:
        code = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # translate_url resolves in the language of the path it is given.
    with translation.override(translation.get_language_from_path(next_url) or code):
        target = translate_url(next_url, code) if next_url != "/" else f"/{code}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_GET
def favicon(request):
    """`/favicon.ico`, which browsers and feed readers ask for whatever the page says: the
    site's icon."""
    return mark_public(HttpResponsePermanentRedirect(static("img/favicon.svg")), 86400)


@require_GET
def robots_txt(request):
    """What search engines may not index: the signatory walls, in every language (signers'
    names stay out of search results). The admin is named only at its default address:
    an address of its own (ADMIN_URL) is a secret that a Disallow line would publish."""
    lines = ["User-agent: *"]
    if settings.ADMIN_URL == "admin/":
        lines.append("Disallow: /admin/")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('petition:wall')}")
    lines += [
        "Disallow: /*/petition/*/signatures/",  # the wall of every other petition
        "Disallow: /lang/",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def home(request):
    petition = Petition.objects.cached_current()
    featured = FeaturedSignatory.objects.visible().of_petition(petition)
    context = {
        "petition": petition,
        "counts": petition_counts(petition) if petition else None,
        "demands": Demand.objects.filter(is_active=True),
        "actions": Action.objects.shown(),
        "featured": featured[:12],
        "questions": Question.objects.shown().filter(on_home_page=True)[:6],
        # Featured materials first; if none is featured, the first ones.
        "materials": Material.objects.shown().order_by("-is_featured", "order", "id")[:4],
        # In the reader's language first; any other is marked with its language.
        "latest_articles": Article.objects.published().readers_language_first(translation.get_language())[:3],
        "next_events": events_selectors.next_actions(3),
    }
    return render(request, "campaign/home.html", context)


def what_you_can_do(request):
    return render(request, "campaign/what_you_can_do.html", {"actions": Action.objects.shown()})


def qa(request):
    context = {
        "questions": Question.objects.shown(),
        "attribution": QAAttribution.get_solo(),
    }
    return render(request, "campaign/qa.html", context)


# --- Materials ----------------------------------------------------------------------

LANGUAGE_FILTERS = [code for code, _label in Material.Language.choices]


def materials(request):
    language = request.GET.get("language", "")
    if language not in LANGUAGE_FILTERS:
        language = ""  # an unknown value shows everything rather than failing
    shown = Material.objects.shown()
    listed = shown.in_language(language) if language else shown
    groups = []
    by_kind = {}
    for material in listed.order_by("order", "id"):
        by_kind.setdefault(material.kind, []).append(material)
    for kind, label in Material.Kind.choices:
        if kind in by_kind:
            groups.append({"kind": kind, "label": label, "materials": by_kind[kind]})
    available = set(shown.values_list("language", flat=True).distinct())
    zip_languages = [
        (code, label)
        for code, label in Material.Language.choices
        if code != Material.Language.BILINGUAL
        and (code in available or Material.Language.BILINGUAL in available)
    ]
    context = {
        "groups": groups,
        "language": language,
        "language_choices": Material.Language.choices,
        "zip_languages": zip_languages,
    }
    return render(request, "campaign/materials.html", context)


@require_GET
def material_download(request, pk):
    """Serve a material as a download with a readable name, counting it."""
    material = get_object_or_404(Material.objects.shown(), pk=pk)
    if not material.file:
        raise Http404("The file is missing")
    try:
        handle = open_stream(material.file.storage, material.file.name)
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    material_count_download(pk=material.pk)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=material.download_filename(),
        content_type=material.content_type or None,
    )


@require_GET
def material_zip(request, language):
    if language not in LANGUAGE_FILTERS or language == Material.Language.BILINGUAL:
        raise Http404("No such language")
    name = materials_zip(language)
    if name is None:
        raise Http404("No materials in this language")
    site = SiteSettings.get_solo()
    stem = slugify(str(site.campaign_name_en or "campaign")) or "campaign"
    return FileResponse(
        open_stream(default_storage, name),
        as_attachment=True,
        filename=f"{stem}-materials-{language}.zip",
        content_type="application/zip",
    )


# --- Contact ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact(request):
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            if form.is_probably_bot():
                # Answer as if all went well: a bot learns nothing, nothing is stored.
                return redirect("campaign:contact_thanks")
            ip = client_ip(request)
            if not rate_limit_take("contact", ip_key(ip), settings.CONTACT_RATE_PER_IP):
                return render(
                    request, "campaign/contact.html", {"form": form, "rate_limited": True}, status=429
                )
            contact_message_create(data=form.cleaned_data, language=translation.get_language(), ip=ip)
            return redirect("campaign:contact_thanks")
    else:
        subject = request.GET.get("subject", "")
        form = ContactForm(initial={"subject": subject} if subject else None)
    return render(request, "campaign/contact.html", {"form": form})


# --- Motions passed ---------------------------------------------------------


@require_GET
def motions(request):
    """The motions organisations passed, approved by an Organiser: the list, the members
    they represent and a map of the countries they come from."""
    passed = list(PassedMotion.objects.approved())
    by_country = Counter(str(motion.country) for motion in passed)

    def tooltip(code, number):
        name = dict(countries).get(code, code)
        return ngettext("%(country)s: %(n)d motion", "%(country)s: %(n)d motions", number) % {
            "country": name,
            "n": number,
        }

    context = {
        "motions": passed,
        "members": sum(motion.members or 0 for motion in passed),
        "map_svg": render_map(by_country, title=_("Map of the motions passed by country"), tooltip=tooltip)
        if passed
        else "",
        "kit": Material.objects.filter(is_active=True, kind=Material.Kind.MOTION),
    }
    return render(request, "campaign/motions.html", context)


@require_http_methods(["GET", "POST"])
def motion_report(request):
    if request.method == "POST":
        form = PassedMotionForm(request.POST, request.FILES)
        if form.is_valid():
            if form.is_probably_bot():
                return redirect("campaign:motion_thanks")
            ip = client_ip(request)
            if not rate_limit_take("motion", ip_key(ip), settings.CONTACT_RATE_PER_IP):
                context = {"form": form, "rate_limited": True}
                return render(request, "campaign/motion_report.html", context, status=429)
            passed_motion_report(data=form.cleaned_data, language=translation.get_language(), ip=ip)
            return redirect("campaign:motion_thanks")
    else:
        form = PassedMotionForm()
    return render(request, "campaign/motion_report.html", {"form": form})
