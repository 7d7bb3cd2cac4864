"""Actions, local groups and attendees in the admin.

Editors write the public side (titles, descriptions, reports, photos, groups' pages).
Organisers also moderate (publish, ask for changes, reject, with the message emailed to
the submitter in their language), cancel, and alone see who submitted an action, who
said they would come, and the address a group's messages are relayed to
(`events.viewprivate_event`). Times are typed in the action's own time zone; its
coordinates and zone come from the city unless set by hand.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import FillChineseMixin
from core.forms import PictureField
from events import services
from events.models import Attendee, Event, LocalGroup
from events.places import find_city

PRIVATE = "events.viewprivate_event"
MODERATE = "events.moderate_event"
PRIVATE_EVENT_FIELDS = ("submitter_name", "submitter_email", "submitter_language")
MODERATION_BUTTONS = ("_publish", "_request_changes", "_reject")


def zone_of(data, instance):
    """The zone the form's times are typed in: the one set by hand, or the city's."""
    if data.get("location_manual") and data.get("time_zone"):
        return data["time_zone"]
    place = find_city(data.get("city", ""), data.get("country", ""))
    if place:
        return place.time_zone
    return data.get("time_zone") or instance.time_zone or "UTC"


class EventAdminForm(forms.ModelForm):
    photo = PictureField(
        label=_("photo"),
        required=False,
        max_dimensions=(1600, 1600),
        help_text=_("A JPEG, PNG or WebP picture; resized, and its location data removed."),
    )

    class Meta:
        model = Event
        # The admin gives the fields of its fieldsets; these are the ones every role has.
        fields = ["title", "kind", "starts_at", "ends_at", "city", "country", "photo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            if name in self.fields:
                self.fields[name].help_text = _("In the action's own time zone.")
                value = getattr(self.instance, name, None)
                if value and self.instance.pk:
                    self.initial[name] = timezone.make_naive(value, self.instance.zone)

    def clean(self):
        data = super().clean()
        try:
            zone = ZoneInfo(zone_of(data, self.instance))
        except (ValueError, ZoneInfoNotFoundError):
            zone = ZoneInfo("UTC")
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if value:
                # The widget read it in the server's zone: read the same wall time in the action's.
                data[name] = timezone.make_aware(timezone.make_naive(value), zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The end is before the start."))
        return data


@admin.register(Event)
class EventAdmin(FillChineseMixin, TabbedTranslationAdmin):
    form = EventAdminForm
    change_form_template = "admin/events/event/change_form.html"
    list_display = ["title", "kind", "local_time", "city", "country", "status", "going"]
    list_filter = ["status", "kind", "country"]
    search_fields = ["title_en", "title_zh_hant", "title_zh_hans", "city", "slug"]
    date_hierarchy = "starts_at"
    readonly_fields = ["status", "confirmed_at", "published_at", "cancelled_at", "created_at", "updated_at"]
    actions = ["fill_chinese", "cancel_events"]

    fieldsets = [
        (None, {"fields": ["title", "kind", "description", "group", "contact_choice", "slug"]}),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (
            _("Where"),
            {
                "fields": ["venue", "address", "city", "country", "online_url"],
            },
        ),
        (
            _("Map and time zone"),
            {
                "fields": ["location_manual", "latitude", "longitude", "time_zone"],
                "description": _(
                    "Found from the city and country without asking any other site. For a place "
                    "the list does not know, tick “set by hand” and type them."
                ),
            },
        ),
        (_("After the action"), {"fields": ["report", "photo", "photo_alt"]}),
        (
            _("Moderation"),
            {"fields": ["status", "moderation_message", "confirmed_at", "published_at", "cancelled_at"]},
        ),
    ]

    def get_queryset(self, request):
        going = Count("attendees", filter=Q(attendees__status=Attendee.Status.CONFIRMED))
        return super().get_queryset(request).select_related("group").annotate(going_count=going)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if request.user.has_perm(PRIVATE):
            fieldsets.append((_("Submitted by (private)"), {"fields": list(PRIVATE_EVENT_FIELDS)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(MODERATE):
            readonly.append("moderation_message")
        return readonly

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if not request.user.has_perm(PRIVATE):
            shown.remove("going")
        return shown

    def has_moderate_permission(self, request):
        return request.user.has_perm(MODERATE)

    @admin.display(description=_("local time"), ordering="starts_at")
    def local_time(self, event):
        return format_html(
            "{} <small>({})</small>", event.local_start.strftime("%Y-%m-%d %H:%M"), event.time_zone or "UTC"
        )

    @admin.display(description=_("going"), ordering="going_count")
    def going(self, event):
        url = reverse("admin:events_attendee_changelist") + f"?event__id__exact={event.pk}"
        return format_html('<a href="{}">{}</a>', url, event.going_count)

    @admin.action(description=_("Cancel the selected actions"), permissions=["moderate"])
    def cancel_events(self, request, queryset):
        cancelled = sum(1 for event in queryset if services.event_cancel(event=event))
        self.message_user(
            request,
            ngettext("%(count)d action cancelled.", "%(count)d actions cancelled.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            # Added by staff: nothing to confirm by email; it waits for an Organiser to publish.
            obj.status, obj.confirmed_at = Event.Status.SUBMITTED, timezone.now()
        times = (
            Event.objects.filter(pk=obj.pk).values_list("starts_at", "ends_at").first() if change else None
        )
        super().save_model(request, obj, form, change)
        if times is not None and times != (obj.starts_at, obj.ends_at):
            services.event_times_changed(event=obj)  # attendees are told of the new time
        if not obj.location_manual and obj.city and not find_city(obj.city, obj.country):
            self.message_user(
                request,
                gettext(
                    "The city was not found in the offline list: type its coordinates and time zone, "
                    "and tick “set by hand”."
                ),
                messages.WARNING,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_moderate"] = bool(obj) and request.user.has_perm(MODERATE)
        if obj is not None:
            context["can_publish"] = obj.status in Event.CAN_PUBLISH
            context["can_request_changes"] = obj.status in Event.CAN_REQUEST_CHANGES
            context["can_reject"] = obj.status in Event.CAN_REJECT
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        button = next((name for name in MODERATION_BUTTONS if name in request.POST), None)
        if button is None or not request.user.has_perm(MODERATE):
            return super().response_change(request, obj)
        message = obj.moderation_message or ""
        if button == "_publish":
            done = services.event_publish(event=obj)
            text = gettext("Published; the submitter is told by email.")
        elif not message.strip():
            self.message_user(request, gettext("Write the message to the submitter first."), messages.ERROR)
            return HttpResponseRedirect(request.path)
        elif button == "_request_changes":
            done = services.event_request_changes(event=obj, message=message)
            text = gettext("Changes asked for; the submitter is sent your message.")
        else:
            done = services.event_reject(event=obj, message=message)
            text = gettext("Rejected; the submitter is sent your message.")
        if done:
            self.message_user(request, text, messages.SUCCESS)
        else:
            self.message_user(
                request, gettext("Nothing changed: the action is no longer in that state."), messages.WARNING
            )
        return HttpResponseRedirect(request.path)


@admin.register(LocalGroup)
class LocalGroupAdmin(FillChineseMixin, TabbedTranslationAdmin):
    list_display = ["name", "city", "country", "is_published"]
    list_filter = ["is_published", "country"]
    search_fields = ["name_en", "name_zh_hant", "name_zh_hans", "city"]

    fields = [
        "name",
        "slug",
        "description",
        "meeting_pattern",
        "city",
        "country",
        "coordinates_manual",
        "latitude",
        "longitude",
        "is_published",
        "contact_email",
        "language",
    ]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not request.user.has_perm(PRIVATE):
            fields.remove("contact_email")
        return fields


@admin.register(Attendee)
class AttendeeAdmin(admin.ModelAdmin):
    """Who said they would come: for Organisers alone."""

    list_display = ["name", "email", "event", "status", "language", "created_at", "reminder_sent_at"]
    list_filter = ["status", "event"]
    list_select_related = ["event"]
    fields = [
        "event",
        "name",
        "email",
        "language",
        "status",
        "created_at",
        "confirmed_at",
        "reminder_sent_at",
    ]
    readonly_fields = fields

    def _private(self, request):
        return request.user.is_active and request.user.has_perm(PRIVATE)

    def has_module_permission(self, request):
        return self._private(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._private(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._private(request) and super().has_delete_permission(request, obj)
