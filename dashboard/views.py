"""The dashboard pages (served inside the admin, see dashboard/admin.py).

A page reads the small aggregate tables (a handful of queries, whatever the
number of signatures) and asks the task worker for a refresh when the figures
are older than DASHBOARD_REFRESH_SECONDS.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dashboard import charts, digest, services, stats, worldmap
from dashboard.forms import DigestForm, PetitionChoiceForm
from dashboard.labels import channel_label, country_label, kind_label, language_label
from dashboard.models import DigestSubscription
from dashboard.tasks import refresh_stats
from events import selectors as events_selectors
from petition.counts import paper_count
from petition.models import AuditLog, Petition, Signature
from updates import stats as update_stats

PERMISSION = "petition.view_signature"
DAYS_SHOWN = 120
TOP_COUNTRIES = 15


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _dashboard_url(petition=None):
    url = reverse("admin:dashboard_petitionstats_changelist")
    return f"{url}?petition={petition.pk}" if petition else url


def _labelled(items, label):
    return [(label(value), n) for value, n in items]


def shares(items):
    """[(label, number, percent of the whole)] for a table."""
    total = sum(n for _label, n in items) or 1
    return [(label, n, round(n * 100 / total)) for label, n in items]


def build_charts(figures, milestones=()):
    """The page's SVG charts and their tables, for the active language; `milestones` are
    the petition's Milestone rows, marked on the running total."""
    petition = figures.petition
    days = figures.days[-DAYS_SHOWN:]
    cumulative = figures.cumulative[-DAYS_SHOWN:]
    countries = _labelled(figures.countries, country_label)
    states = [
        (_("Confirmed"), figures.totals["confirmed"]),
        (_("Waiting for confirmation"), figures.totals["pending"]),
        (_("Withdrawn"), figures.totals["withdrawn"]),
        (_("Invalidated"), figures.totals["invalidated"]),
    ]
    out = {
        "countries": countries,
        "kinds": _labelled(figures.kinds, kind_label),
        "languages": _labelled(figures.languages, language_label),
        "channels": _labelled(figures.channels, channel_label),
        "states": [(label, n) for label, n in states if n],
        "days": list(zip(days, cumulative, strict=True)),
    }
    out["tables"] = {
        name: shares(out[name]) for name in ("countries", "kinds", "languages", "channels", "states")
    }
    if not days:
        return out
    out["daily_svg"] = charts.daily_chart(days, title=_("Confirmed signatures per day"))
    out["goal_in_sight"] = charts.goal_in_sight(cumulative, petition.goal)
    out["cumulative_svg"] = charts.cumulative_chart(
        days,
        cumulative,
        petition.goal,
        title=_("Confirmed signatures in all, against the goal"),
        milestones=[(timezone.localdate(m.reached_at), m.goal) for m in milestones],
    )
    if countries:
        out["countries_svg"] = charts.bar_chart(
            countries[:TOP_COUNTRIES], title=_("Signatures by country"), series=_("Confirmed")
        )
        counts = {str(code): n for code, n in figures.countries}
        out["map_svg"] = worldmap.render_map(
            counts,
            title=_("World map of confirmed signatures by country"),
            tooltip=lambda code, n: f"{country_label(code)}: {n}",
        )
    for name, title in (
        ("kinds", _("Individuals and organisations")),
        ("languages", _("Signing language")),
        ("states", _("Confirmed and pending")),
    ):
        if out[name]:
            out[f"{name}_svg"] = charts.pie_chart(out[name], title=title)
    if out["channels"]:
        out["channels_svg"] = charts.bar_chart(
            out["channels"], title=_("Share channel that brought the signer"), series=_("Confirmed")
        )
    return out


def cached_charts(figures, milestones=()):
    """Charts are redrawn only when the figures change (or the milestones, or the language)."""
    stamp = figures.refreshed_at.timestamp() if figures.refreshed_at else 0
    passed = ",".join(str(m.goal) for m in milestones)
    key = f"dashboard:charts:{figures.petition.pk}:{stamp}:{passed}:{translation.get_language()}"
    result = cache.get(key)
    if result is None:
        result = build_charts(figures, milestones)
        cache.set(key, result, timeout=settings.DASHBOARD_REFRESH_SECONDS * 2)
    return result


def figures_late(figures):
    """True when the figures are older than the worker's schedule lets them be."""
    if figures.refreshed_at is None:
        return False
    allowed = timedelta(seconds=2 * settings.DASHBOARD_REFRESH_SECONDS + 60)
    return timezone.now() - figures.refreshed_at > allowed


def dashboard(model_admin):
    def view(request):
        _require(request)
        petitions = list(Petition.objects.order_by("-is_current", "-opens_at", "-id"))
        form = PetitionChoiceForm(request.GET or None, petitions=petitions)
        petition = form.selected()
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("Campaign dashboard"),
            "opts": model_admin.opts,
            "petition_form": form,
            "petition": petition,
            "petitions": petitions,
        }
        context["actions_by_country"], context["actions_waiting"] = events_selectors.counts_by_country()
        if petition is not None:
            figures = stats.figures_for(petition, stats=services.stats_refresh_if_stale(petition))
            subscription = DigestSubscription.objects.filter(user=request.user).first()
            yesterday = stats.today() - timedelta(days=1)
            milestones = update_stats.milestones_of(petition)
            context.update(
                figures=figures,
                figures_late=figures_late(figures),
                charts=cached_charts(figures, milestones),
                today=figures.day(stats.today()),
                yesterday=figures.day(yesterday),
                last_week=figures.last_days(7),
                organisations=dict(figures.kinds).get(Signature.Kind.ORGANISATION, 0),
                # Apart from the online figures above: entered by Organisers from paper.
                paper=paper_count(petition),
                audit=AuditLog.objects.filter(Q(petition=petition) | Q(petition__isnull=True))
                .select_related("user", "petition")
                .order_by("-created_at")[:10],
                digest_form=DigestForm(
                    initial={
                        "enabled": subscription.enabled if subscription else False,
                        "language": subscription.language if subscription else translation.get_language(),
                    }
                ),
                digest_enabled=bool(subscription and subscription.enabled),
                refresh_seconds=settings.DASHBOARD_REFRESH_SECONDS,
                delivery=update_stats.delivery_figures(petition),
                milestones=milestones,
            )
        return TemplateResponse(request, "dashboard/dashboard.html", context)

    return view


def refresh(model_admin):
    @require_POST
    def view(request):
        _require(request)
        petition = Petition.objects.filter(pk=request.POST.get("petition")).first()
        if petition is not None:
            refresh_stats.enqueue(petition_id=petition.pk)
            messages.success(request, _("The figures are being brought up to date. Reload in a minute."))
        return redirect(_dashboard_url(petition))

    return view


def digest_settings(model_admin):
    @require_POST
    def view(request):
        _require(request)
        form = DigestForm(request.POST)
        petition = Petition.objects.filter(pk=request.POST.get("petition")).first()
        if form.is_valid():
            subscription = digest.digest_subscription_update(user=request.user, **form.cleaned_data)
            if subscription.enabled and not request.user.email:
                messages.warning(request, _("Add an email address to your account to receive the digest."))
            elif subscription.enabled:
                messages.success(request, _("You will receive the daily digest."))
            else:
                messages.success(request, _("You will no longer receive the daily digest."))
        else:
            messages.error(request, _("The digest settings were not saved."))
        return redirect(_dashboard_url(petition))

    return view
