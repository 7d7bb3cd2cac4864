"""The petition's pages: sign, check your inbox, confirm, thank you, manage, the wall, embeds.

Views stay thin: a form validates, one service in petition/services.py does the
verb, the view redirects or renders. The signing page answers the same whether
or not an address has signed before.
"""

import dataclasses
import math
import re
import secrets
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from core.countries import name_sort_key
from core.forms import clean_text
from core.hashing import keyed_hash
from core.limits import ADMITTED, LIMITED, client_ip, ip_key, rate_limit_take
from core.links import absolute_url
from core.middleware import mark_public
from core.origin import cross_origin_protected, is_same_origin_post
from core.rates import parse_rates
from core.replica import reads_replica
from petition import services, tokens
from petition.counts import petition_counts, refresh_counts
from petition.forms import HelpOfferForm, ManageSignatureForm, SignatureForm
from petition.models import FeaturedSignatory, PaperSignature, Partner, Petition, Signature, initials
from petition.partner_counts import partner_counts
from petition.selectors import (
    Cursor,
    WallPage,
    countries_by_signatures,
    counts_payload,
    search_min_length,
    wall_after_close,
    wall_page,
    wall_signatures,
)

SIGNED_COOKIE = "petition_signed"
SIGNED_COOKIE_SECONDS = 24 * 3600
# The cookie's value: 32 random bytes, URL-safe base64 without padding.
_SIGNED_REFERENCE = re.compile(r"[A-Za-z0-9_-]{43}")
RESEND_RATES = parse_rates("5/h")


def _petition(slug):
    if slug:
        return get_object_or_404(Petition, slug=slug)
    petition = Petition.objects.cached_current()
    if petition is None:
        raise Http404("No petition yet")
    return petition


def _private(response):
    """Pages reached by a private link: never cached, never indexed, no referrer to other sites.

    Not "no-referrer": browsers then send `Origin: null` with the page's own forms,
    and the CSRF check refuses the Confirm and Save buttons.
    """
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


# --- Signing ---------------------------------------------------------------------


_PARTNER_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _partner(request):
    """The partner named by the link (`?partner=…`) or by the form sent, or None: an
    unknown name signs as if there were none."""
    slug = (request.POST if request.method == "POST" else request.GET).get("partner", "")
    if not isinstance(slug, str) or not _PARTNER_SLUG.fullmatch(slug):
        return None
    return Partner.objects.filter(slug=slug).first()


SIGNED, PROBABLY_BOT, RATE_LIMITED, INVALID = "signed", "bot", "rate-limited", "invalid"


def _take_signature(request, petition, form, remember=None):
    """The signing form sent: its outcome. One path for the signing page and the
    embedded form; a bot is answered as a person would be, with nothing stored. The
    form's stamp, the rate limits and, with `remember` (the random reference of the
    browser's cookie), what "check your inbox" needs are settled in one round trip to
    the cache (services.signing_admitted)."""
    if not form.is_valid():
        return INVALID
    if form.is_probably_bot():
        return PROBABLY_BOT
    data = form.cleaned_data
    ip = client_ip(request)
    stamp = form.stamp_once()
    if stamp is not None:
        kept = (_signed_key(remember), SIGNED_COOKIE_SECONDS) if remember else None
        admitted = services.signing_admitted(
            petition=petition, ip=ip, email=data["email"], stamp=stamp, remember=kept
        )
        if admitted == ADMITTED:
            services.signature_create(petition=petition, data=data, ip=ip)
            return SIGNED
        if admitted == LIMITED:
            return RATE_LIMITED
    form.refuse_stale()
    return INVALID


def _blank_form(request, partner):
    return SignatureForm(initial={"via": request.GET.get("via", "")}, partner=partner)


@cross_origin_protected
@require_http_methods(["GET", "HEAD", "POST"])
def sign(request, slug=None):
    """The petition and its form. The page is cached for everyone and carries no CSRF
    token: its POST is accepted from our own pages only (core.origin)."""
    petition = _petition(slug)
    partner = _partner(request)
    status = 200
    rate_limited = False
    if request.method == "POST" and petition.is_open:
        form = SignatureForm(request.POST, request.FILES, partner=partner)
        reference = secrets.token_urlsafe(32)
        outcome = _take_signature(request, petition, form, remember=reference)
        if outcome == PROBABLY_BOT:
            # Kept as a person's is, so the page after it looks the same (with nothing to resend).
            cache.set(_signed_key(reference), {"petition": petition.pk}, SIGNED_COOKIE_SECONDS)
        if outcome in (SIGNED, PROBABLY_BOT):
            return _remember(redirect("petition:check_inbox"), reference)
        if outcome == RATE_LIMITED:
            rate_limited = True
            status = 429
    elif request.method == "POST":
        form = SignatureForm(request.POST, partner=partner)
        status = 403
    else:
        form = _blank_form(request, partner)
    return _sign_page(request, petition, form, status=status, rate_limited=rate_limited)


def _sign_page(request, petition, form, *, status=200, rate_limited=False):
    context = {
        "petition": petition,
        "partner": form.partner,
        "counts": petition_counts(petition),
        "demands": petition.demands.filter(is_active=True),
        "timeline": petition.timeline.published(),
        "form": form,
        "rate_limited": rate_limited,
        "share_url": absolute_url(petition.get_absolute_url()),
    }
    response = render(request, "petition/sign.html", context, status=status)
    if rate_limited:
        response["Retry-After"] = "60"
    return response


def _signed_key(reference):
    return f"petition:signed:{keyed_hash(reference)}"


def _remember(response, reference):
    """The browser's part of what "check your inbox" needs: the random reference under
    which the petition and the signature's canonical address hash are kept for a day in
    the cache (services.signing_admitted). Its cookie has the same shape whatever the
    address typed (new, waiting for confirmation, confirmed, or a bot's): no id, no
    address, nothing to read. Signing writes no session."""
    response.set_cookie(
        SIGNED_COOKIE,
        reference,
        max_age=SIGNED_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _signed(request):
    """What _remember kept for this browser: None without a well-formed reference, an
    empty dict when the cache has forgotten it (the page is shown all the same)."""
    reference = request.COOKIES.get(SIGNED_COOKIE, "")
    if not _SIGNED_REFERENCE.fullmatch(reference):
        return None
    return cache.get(_signed_key(reference)) or {}


@require_http_methods(["GET", "HEAD", "POST"])
def check_inbox(request):
    """ "Check your inbox", with a button to send the email again (POST)."""
    signed = _signed(request)
    if signed is None:
        return redirect("petition:sign")
    petition = Petition.objects.filter(pk=signed.get("petition")).first() or Petition.objects.cached_current()
    status = 200
    if request.method == "POST":
        if rate_limit_take("sign-resend", ip_key(client_ip(request)), RESEND_RATES):
            if signed.get("canonical"):
                services.signature_resend(petition_id=petition.pk, canonical=signed["canonical"])
            messages.success(request, _("We have sent the email again. It can take a few minutes to arrive."))
            return redirect("petition:check_inbox")
        messages.error(request, _("You have asked many times. Please wait an hour before asking again."))
        status = 429
    return _private(render(request, "petition/check_inbox.html", {"petition": petition}, status=status))


# --- Confirmation ------------------------------------------------------------------


def _invalid_link(request, exc):
    expired = isinstance(exc, tokens.ExpiredToken)
    response = render(
        request,
        "petition/link_invalid.html",
        {"expired": expired, "petition": Petition.objects.cached_current()},
        status=410 if expired else 400,
    )
    return _private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The emailed link: GET shows one button (mail scanners follow links), POST confirms."""
    try:
        signature = tokens.read_token(token, tokens.CONFIRM)
    except tokens.InvalidToken as exc:
        return _invalid_link(request, exc)
    offers = HelpOfferForm(request.POST or None)
    if request.method == "POST":
        services.signature_confirm(signature=signature)
        if signature.is_confirmed:
            if offers.is_valid() and offers.cleaned_data["offers"]:
                services.help_offers_set(
                    signature=signature, kinds=offers.cleaned_data["offers"], keep_others=True
                )
            # What the thank-you page says about this signer, signed so it cannot be made
            # up; it grants nothing. Left as it is (URL-safe, colons kept) so that every
            # log line masks it as a signed value (core.redact).
            return redirect(f"{thanks_url(signature.petition)}?confirmed={thanks_note(signature)}")
    context = {"signature": signature, "petition": signature.petition, "offers": offers}
    return _private(render(request, "petition/confirm.html", context))


THANKS_NOTE_SALT = "petition.thanks"
THANKS_NOTE_MAX_AGE = 3600


def thanks_note(signature):
    """What the thank-you page needs to count a signer who has just confirmed and to find
    them on the wall: when they confirmed, how they are shown, their country, and their
    name only where the wall shows it in full (it is then public there). No id, no
    address; signed (not encrypted), sent back by their own browser alone."""
    note = {"t": signature.confirmed_at.timestamp(), "d": signature.display, "c": str(signature.country)}
    if signature.display == Signature.Display.FULL or signature.kind == Signature.Kind.ORGANISATION:
        note["n"] = signature.name
        note["d"] = Signature.Display.FULL
    return signing.dumps(note, salt=THANKS_NOTE_SALT, compress=True)


def read_thanks_note(value):
    """The note of thanks_note(), or None when it is not ours or older than an hour."""
    try:
        note = signing.loads(value, salt=THANKS_NOTE_SALT, max_age=THANKS_NOTE_MAX_AGE)
    except signing.BadSignature:
        return None
    return note if isinstance(note, dict) and isinstance(note.get("t"), float) else None


def wall_delay_seconds():
    """At most how long the wall takes to show a new name: its copy in the caches lives
    PUBLIC_CACHE_SECONDS, and may be served once more while it is renewed."""
    return settings.PUBLIC_CACHE_SECONDS * 2 + math.ceil(settings.PAGE_CACHE_LOCAL_SECONDS)


THANKS_RECOUNT_SECONDS = 1


def counts_after(petition, moment):
    """The petition's counts as read after `moment` (a signer's confirmation), whatever
    process cached them: the cached ones when taken after it; else refreshed, at most
    once a THANKS_RECOUNT_SECONDS per petition (the new figure goes to the cache); else,
    in a surge, the cached ones with the signer added."""
    counts = petition_counts(petition)
    if counts.updated is not None and counts.updated >= moment:
        return counts
    if cache.add(f"petition:{petition.pk}:thanks-recount", 1, timeout=THANKS_RECOUNT_SECONDS):
        return refresh_counts(petition, advance=False)
    return dataclasses.replace(counts, total=counts.total + 1)


def thanks_url(petition):
    if petition.is_current:
        return reverse("petition:thanks")
    return reverse("petition:thanks_other", kwargs={"slug": petition.slug})


@require_GET
def thanks(request, slug=None):
    """Thank you. After confirming: counted, with the count including the signer (read
    after their confirmation), and where the wall shows them. That page is the signer's
    own, never cached."""
    petition = _petition(slug)
    note = read_thanks_note(request.GET.get("confirmed", ""))
    confirmed_at = datetime.fromtimestamp(note["t"], UTC) if note is not None else None
    context = {
        "petition": petition,
        "counts": counts_after(petition, confirmed_at) if note is not None else petition_counts(petition),
        "share_url": absolute_url(petition.get_absolute_url()),
        "just_confirmed": note is not None,
    }
    if note is not None:
        wall_url = (
            reverse("petition:wall")
            if petition.is_current
            else reverse("petition:wall_other", kwargs={"slug": petition.slug})
        )
        display = note.get("d")
        name = note.get("n", "")[:100]
        if display == Signature.Display.FULL and len(name) >= search_min_length(name):
            find = {"q": name}
        elif display != Signature.Display.UNLISTED and note.get("c"):
            find = {"country": note["c"]}
        else:
            find = None
        context.update(
            {
                # The events app suggests the nearest action in it (its template tag).
                "signer_country": note.get("c", ""),
                "display": display,
                "find_url": f"{wall_url}?{urlencode(find)}" if find else "",
                "wall_ready": (timezone.now() - confirmed_at).total_seconds() >= wall_delay_seconds(),
                "wall_delay": wall_delay_seconds(),
            }
        )
        return _private(render(request, "petition/thanks.html", context))
    response = render(request, "petition/thanks.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Self-service --------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """The signer's private page: fix the name, country, city and title, choose how the
    wall shows them, withdraw."""
    try:
        signature = tokens.read_token(token, tokens.MANAGE)
    except tokens.InvalidToken as exc:
        return _invalid_link(request, exc)
    initial = {
        "name": signature.name,
        "country": signature.country,
        "city": signature.city,
        "title": signature.title,
        "display": signature.display,
        "consent_updates": bool(signature.consent_updates_at),
        "consent_partner": bool(signature.consent_partner_at),
        "offers": services.help_offers_of(signature),
    }
    partner = signature.partner
    if request.method == "POST":
        form = ManageSignatureForm(request.POST, initial=initial, partner=partner)
        if form.is_valid():
            data = dict(form.cleaned_data)
            offers = data.pop("offers")
            services.signature_update(signature=signature, **data)
            if signature.is_confirmed:
                services.help_offers_set(signature=signature, kinds=offers)
            messages.success(request, _("Your changes are saved."))
            return redirect("petition:manage", token=token)
    else:
        form = ManageSignatureForm(initial=initial, partner=partner)
    context = {"signature": signature, "petition": signature.petition, "form": form, "token": token}
    return _private(render(request, "petition/manage.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, token):
    try:
        signature = tokens.read_token(token, tokens.MANAGE)
    except tokens.InvalidToken as exc:
        return _invalid_link(request, exc)
    if request.method == "POST":
        services.signature_withdraw(signature=signature)
        return redirect("petition:withdrawn")
    context = {"signature": signature, "petition": signature.petition, "token": token}
    return _private(render(request, "petition/withdraw.html", context))


# --- The wall ----------------------------------------------------------------------


def _country(value):
    code = (value or "").strip().upper()
    return code if len(code) == 2 and code in countries else ""


NOINDEX = "noindex, nofollow"
# The newest names from paper sheets whose "List my name" box was ticked.
PAPER_NAMES_SHOWN = 100


@require_GET
@reads_replica
def wall(request, slug=None):
    """The signers who chose to be listed, with search and a page per country. Never
    indexed (the header and the meta tag, kept with the page in the cache): a search
    engine's copy would outlive a withdrawal. A closed petition's wall follows
    WALL_AFTER_CLOSE: initials only, no one, or as it was; no name search once closed."""
    petition = _petition(slug)
    counts = petition_counts(petition)
    after_close = wall_after_close(petition)
    country = _country(request.GET.get("country"))
    query = clean_text(request.GET.get("q", "")[:200])[:100] if after_close == "keep" else ""
    query_too_short = bool(query) and len(query) < search_min_length(query)
    if query_too_short:
        query = ""
    cursor = Cursor.parse(request.GET.get("after", ""))
    if after_close == "hide":
        page = WallPage(rows=[], next_cursor=None)
    else:
        page = wall_page(wall_signatures(petition, country=country, query=query), cursor)

    first_page = cursor is None
    featured = []
    partners = []
    paper_names = []
    if first_page and not country and not query:
        featured = list(FeaturedSignatory.objects.visible().of_petition(petition))
        partners = _partners_with_counts(petition, Partner.objects.listed())
        if after_close != "hide":
            paper_names = [
                initials(name) if after_close == "initials" else name
                for name in PaperSignature.objects.on_wall()
                .filter(sheet__batch__petition=petition)
                .order_by("-id")
                .values_list("name", flat=True)[:PAPER_NAMES_SHOWN]
            ]
    by_country = countries_by_signatures(counts)
    context = {
        "petition": petition,
        "counts": counts,
        "featured": featured,
        "partners": partners,
        "paper_names": paper_names,
        "organisations": page.organisations,
        "people": page.people,
        "next_cursor": str(page.next_cursor) if page.next_cursor else "",
        "first_page": first_page,
        "country": country,
        "country_name": countries.name(country) if country else "",
        "query": query,
        "query_too_short": query_too_short,
        "by_country": by_country,
        "country_choices": sorted(
            ((code, name) for code, name, _n in by_country), key=lambda c: name_sort_key(c[1])
        ),
        "after_close": after_close,
    }
    response = render(request, "petition/wall.html", context)
    response["X-Robots-Tag"] = NOINDEX
    return response


# --- Embeds and data ---------------------------------------------------------------------


@require_GET
@reads_replica
def petition_json(request, slug=None):
    """The count for other sites and scripts, with CORS open and cached as long as the counts."""
    response = JsonResponse(counts_payload(_petition(slug)))
    response["Access-Control-Allow-Origin"] = "*"
    return mark_public(response, max(1, settings.COUNTS_REFRESH_SECONDS))


# Only this page may be framed, by any site: it shows nothing but the public count.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@require_GET
@xframe_options_exempt
@csp_override(EMBED_CSP)
@reads_replica
def embed(request, slug=None):
    petition = _petition(slug)
    context = {
        "petition": petition,
        "counts": petition_counts(petition),
        "sign_url": absolute_url(petition.get_absolute_url()) + "?via=embed",
    }
    response = render(request, "petition/embed.html", context)
    response["X-Robots-Tag"] = NOINDEX
    return mark_public(response, max(1, settings.COUNTS_REFRESH_SECONDS))


# The signing form other sites may frame (a partner's site, a union's branch page):
# this route alone has a frame-ancestors policy other than 'none' (docs/deploy.md).
# Any site may frame it: it shows nothing about anyone, and a signature counts only
# once its signer confirms it from their inbox.
EMBED_FORM_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt
@xframe_options_exempt
@csp_override(EMBED_FORM_CSP)
def embed_form(request):
    """A compact signing form for another site's frame, signing through the same path
    as the signing page. Inside a third-party frame the browser keeps no cookie of
    ours, so it needs none: no CSRF cookie (the POST is checked by the browser's Fetch
    metadata, core.origin: a frame of our page posts same-origin, another site's
    form cross-site), and "Check your inbox" is shown in the frame, not through the
    signed cookie. Without script the form signs (a cached copy's stamp, once spent,
    is answered with the form again and a fresh one)."""
    petition = _petition(None)
    partner = _partner(request)
    status = 200
    context = {"petition": petition, "partner": partner, "counts": petition_counts(petition)}
    if request.method == "POST":
        if not is_same_origin_post(request):
            return HttpResponseForbidden(render_to_string("403_csrf.html", request=None))
        form = SignatureForm(request.POST, partner=partner)
        if not petition.is_open:
            status = 403
        else:
            outcome = _take_signature(request, petition, form)
            if outcome in (SIGNED, PROBABLY_BOT):
                response = render(request, "petition/embed_form_sent.html", context)
                return _private(response)
            if outcome == RATE_LIMITED:
                status = 429
                context["rate_limited"] = True
    else:
        form = _blank_form(request, partner)
        form.initial["via"] = form.initial.get("via") or "embed"
    context["form"] = form
    response = render(request, "petition/embed_form.html", context, status=status)
    response["X-Robots-Tag"] = NOINDEX
    if request.method == "POST":
        return _private(response)
    return mark_public(response, settings.PUBLIC_CACHE_SECONDS)


# --- Partners ----------------------------------------------------------------------


def _partners_with_counts(petition, partners):
    """[(partner, its count, or None while no figure is stored)]."""
    counts = partner_counts(petition)
    return [(partner, None if counts is None else counts.get(partner.pk, 0)) for partner in partners]


@require_GET
def partner_list(request):
    petition = _petition(None)
    partners = _partners_with_counts(petition, Partner.objects.listed())
    return render(request, "partners/list.html", {"petition": petition, "partners": partners})


@require_GET
def partner_detail(request, slug):
    """A partner's page: who they are, how many signed through them, their sign link
    and the snippet that embeds the signing form on their site. An unlisted partner's
    page exists for its own organisers to copy the link from; it is not listed."""
    partner = get_object_or_404(Partner, slug=slug)
    petition = _petition(None)
    embed_url = absolute_url(partner.embed_path())
    context = {
        "petition": petition,
        "partner": partner,
        "count": _partners_with_counts(petition, [partner])[0][1],
        "sign_url": absolute_url(partner.sign_path()),
        "embed_url": embed_url,
        "embed_snippet": (
            f'<iframe src="{escape(embed_url)}" title="{escape(petition.title)}" '
            'width="480" height="760" loading="lazy"></iframe>'
        ),
    }
    response = render(request, "partners/detail.html", context)
    if not partner.is_listed:
        response["X-Robots-Tag"] = NOINDEX
    return response
