"""The public pages of actions and local groups, their calendars and the JSON list;
the supporters' forms (submit an action, "I'll be there", write to a group) and the
private pages their emailed links open.

The public pages are the same for every reader (no form with a CSRF token, no
session): the public cache keeps them like the other public pages. The forms have
pages of their own.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from core.limits import client_ip
from core.links import absolute_url
from events import selectors, services
from events.calendar import calendar_of
from events.forms import (
    EventEditForm,
    EventSubmitForm,
    EventTimesEditForm,
    GroupContactForm,
    GroupStartForm,
    JoinForm,
)
from events.models import Event, LocalGroup
from events.templatetags.event_tags import plain
from events.tokens import attendee_from_token

API_LIMIT = 500


def _filters(request):
    country = request.GET.get("country", "").upper()
    if country not in countries:
        country = ""  # an unknown value shows everything rather than failing
    city = request.GET.get("city", "").strip()[:100]
    online = request.GET.get("online") == "1"
    return {"country": country, "city": city, "online": online}


def event_list(request):
    filters = _filters(request)
    upcoming = list(selectors.upcoming_events(**filters))
    country_choices, city_choices = selectors.filter_choices()
    archive = selectors.archive_events(country=filters["country"], city=filters["city"])
    context = {
        "filters": filters,
        "filtered": any(filters.values()),
        "events": upcoming,
        "archive": [] if filters["online"] else list(archive),
        "country_choices": country_choices,
        "city_choices": city_choices,
        "markers": selectors.map_markers(),
    }
    return render(request, "events/list.html", context)


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.listed().with_group(), slug=slug)
    context = {
        "event": event,
        "attendees": selectors.attendee_count(event),
        "share_url": absolute_url(event.get_absolute_url()),
        "og_description": plain(event.description)[:300],
    }
    return render(request, "events/detail.html", context)


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.listed(), slug=slug)
    return _ics(calendar_of([event], name=str(event.title)), f"{event.slug}.ics")


def event_feed(request):
    events = Event.objects.upcoming()
    return _ics(calendar_of(events, name=_("Actions for Hong Kong")), "actions.ics")


def group_list(request):
    groups = LocalGroup.objects.published()
    return render(
        request, "events/groups.html", {"groups": groups, "markers": selectors.map_markers(with_groups=True)}
    )


def group_detail(request, slug):
    group = get_object_or_404(LocalGroup.objects.published(), slug=slug)
    context = {"group": group, "events": list(selectors.group_upcoming(group))}
    return render(request, "events/group.html", context)


def _as_json(event):
    return {
        "slug": event.slug,
        "url": absolute_url(event.get_absolute_url()),
        "title": {code: value for code, value in event.localized("title").items() if value},
        "kind": event.kind,
        "status": event.status,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat() if event.ends_at else None,
        "time_zone": event.time_zone or "UTC",
        "city": event.city,
        "country": event.country.code or None,
        "latitude": float(event.latitude) if event.latitude is not None else None,
        "longitude": float(event.longitude) if event.longitude is not None else None,
        "online": event.is_online,
        "group": event.group.slug if event.group else None,
        "ics": absolute_url(event.get_absolute_url() + "calendar.ics"),
    }


@require_GET
def events_json(request):
    """Upcoming published actions, soonest first, for other sites and apps."""
    events = Event.objects.upcoming().with_group()[:API_LIMIT]
    return JsonResponse({"events": [_as_json(event) for event in events]})


# --- What supporters do ------------------------------------------------------------
# Each form has its own page (never the cached public page): it carries a CSRF token.
# Every anonymous answer has the same shape whatever the database holds about the
# address typed; a bot's form is answered as a person's would be, with nothing done.


def _private(response):
    """Pages reached by a private link: never cached, never indexed, no referrer elsewhere."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def _form_page(request, template, context, *, rate_limited=False):
    response = render(
        request, template, {**context, "rate_limited": rate_limited}, status=429 if rate_limited else 200
    )
    if rate_limited:
        response["Retry-After"] = "3600"
    return response


@require_http_methods(["GET", "POST"])
def event_submit(request):
    form = EventSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_probably_bot():
            return redirect("events:submitted")
        ip = client_ip(request)
        if not services.submit_allowed(ip=ip):
            return _form_page(request, "events/submit.html", {"form": form}, rate_limited=True)
        services.event_submit(data=form.cleaned_data, ip=ip, language=get_language())
        return redirect("events:submitted")
    return _form_page(request, "events/submit.html", {"form": form})


def _event_by_token(token):
    event = Event.by_manage_token(token)
    if event is None or event.status == Event.Status.REJECTED:
        raise Http404("No such link")
    return event


@require_http_methods(["GET", "HEAD", "POST"])
def event_manage(request, token):
    """The submitter's private page: confirm their address (one button: mail scanners
    follow links), see where their action stands and who is coming, edit or cancel it."""
    event = _event_by_token(token)
    if event.is_published:
        form = EventTimesEditForm(request.POST or None, event=event)
    else:
        form = EventEditForm(request.POST or None, event=event)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            if services.event_confirm(event=event):
                messages.success(request, _("Thank you: your action waits for an Organiser to publish it."))
            return redirect("events:manage", token=token)
        if action == "cancel":
            if services.event_cancel(event=event):
                messages.success(request, _("Your action is cancelled."))
            return redirect("events:manage", token=token)
        if action == "save" and not event.is_cancelled and form.is_valid():
            data = form.cleaned_data
            if event.is_published:
                changed = services.event_change_times(
                    event=event, starts_at=data["starts_at"], ends_at=data.get("ends_at")
                )
            else:
                changed = services.event_edit(event=event, data=data)
            if changed:
                messages.success(request, _("Your changes are saved."))
            return redirect("events:manage", token=token)
    context = {
        "event": event,
        "form": form,
        "attendees": selectors.attendees_of(event),
        "can_cancel": event.status in Event.CAN_CANCEL,
    }
    return _private(render(request, "events/manage.html", context))


@require_http_methods(["GET", "POST"])
def event_join(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    if event.is_past:
        return redirect(event)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_probably_bot():
            return redirect("events:joined", slug=slug)
        ip = client_ip(request)
        if not services.join_allowed(ip=ip):
            return _form_page(request, "events/join.html", {"form": form, "event": event}, rate_limited=True)
        services.attendee_join(event=event, data=form.cleaned_data, ip=ip, language=get_language())
        return redirect("events:joined", slug=slug)
    return _form_page(request, "events/join.html", {"form": form, "event": event})


@require_http_methods(["GET", "HEAD", "POST"])
def attendee(request, token):
    """The attendee's link: confirm (one button), or leave."""
    person = attendee_from_token(token)
    if person is None:
        raise Http404("No such link")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm" and services.attendee_confirm(attendee=person):
            messages.success(request, _("Thank you: you are counted among those coming."))
        elif action == "leave" and services.attendee_leave(attendee=person):
            messages.success(
                request, _("You are no longer counted. We will not write to you about it again.")
            )
        return redirect("events:attendee", token=token)
    # This page is never cached: the count it shows a confirmed attendee includes them,
    # while the browser may keep its copy of the public page a little longer.
    confirmed = person.status == person.Status.CONFIRMED
    context = {
        "attendee": person,
        "event": person.event,
        "attendees": selectors.attendee_count(person.event) if confirmed else None,
    }
    return _private(render(request, "events/attendee.html", context))


def _relay_page(request, *, key, template, context, sent_url, relay):
    form = GroupContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_probably_bot():
            return redirect(sent_url)
        if not services.contact_allowed(ip=client_ip(request), target=key):
            return _form_page(request, template, {**context, "form": form}, rate_limited=True)
        relay(data=form.cleaned_data, language=get_language())
        return redirect(sent_url)
    return _form_page(request, template, {**context, "form": form})


@require_http_methods(["GET", "POST"])
def group_contact(request, slug):
    group = get_object_or_404(LocalGroup.objects.published().exclude(contact_email=""), slug=slug)
    return _relay_page(
        request,
        key=f"group:{group.pk}",
        template="events/contact.html",
        context={"group": group},
        sent_url=reverse("groups:contact_sent", kwargs={"slug": slug}),
        relay=lambda **kwargs: services.group_message_relay(group=group, **kwargs),
    )


@require_http_methods(["GET", "POST"])
def event_contact(request, slug):
    event = get_object_or_404(
        Event.objects.published().filter(contact_choice=Event.Contact.RELAY).exclude(submitter_email=""),
        slug=slug,
    )
    return _relay_page(
        request,
        key=f"event:{event.pk}",
        template="events/contact.html",
        context={"event": event},
        sent_url=reverse("events:contact_sent", kwargs={"slug": slug}),
        relay=lambda **kwargs: services.organiser_message_relay(event=event, **kwargs),
    )


@require_http_methods(["GET", "POST"])
def group_start(request):
    form = GroupStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_probably_bot():
            return redirect("groups:start_sent")
        if not services.contact_allowed(ip=client_ip(request), target="organisers"):
            return _form_page(request, "events/group_start.html", {"form": form}, rate_limited=True)
        services.group_start_request(data=form.cleaned_data, language=get_language())
        return redirect("groups:start_sent")
    return _form_page(request, "events/group_start.html", {"form": form})
