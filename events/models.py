"""Actions (protests, meetings, stalls, online events) and the local groups that hold them.

An action's life:

    confirm_email    awaiting confirmation → submitted (the submitter's emailed link)
    publish          submitted or changes requested → published (an Organiser)
    request_changes  submitted → changes requested, with a message to the submitter
    resubmit         changes requested → submitted (the submitter edited it)
    reject           awaiting, submitted or changes requested → rejected, with a message
    cancel           any but rejected or cancelled → cancelled (an Organiser or the submitter)

Past actions stay published: the archive shows them with their photos and reports.
Times are stored in UTC; `time_zone` (an IANA name) is the zone the action happens in,
found offline from its city (events/places.py) unless an Organiser set it by hand.

Submitters' and attendees' names and addresses are personal data: encrypted at rest
(core/crypto.py), compared through a keyed hash, never shown on a public page.
"""

import json
import os
import secrets
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname

from core import uploads
from core.crypto import EncryptedCharField, EncryptedEmailField, decrypt, encrypt, signer_hash
from core.hashing import keyed_hash
from core.sanitize import clean_rich_text
from core.storage import public_storage
from events.places import find_city

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_CHOICES = [("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")]

# Words the events' own addresses use: an action's slug may not take them.
RESERVED_SLUGS = {"feed", "feed-ics", "submit", "manage", "archive", "map", "page", "join", "start"}


PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


def photo_upload_to(instance, filename):
    """A random name: the uploader's file name (often a date and a phone's model) is not kept."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in PHOTO_EXTENSIONS:
        extension = ".jpg"
    return f"events/photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Not a known time zone (e.g. Asia/Hong_Kong)."), code="time_zone")


def email_hash(email):
    """The keyed hash (SIGNER_HASH_KEY) that stands in for an address the database compares."""
    return signer_hash((email or "").strip().lower())


def unique_slug(model, instance, text, fallback):
    base = slugify(text)[:70].strip("-") or fallback
    slug, n = base, 1
    others = model.objects.exclude(pk=instance.pk)
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Translated:
    """Helpers shared by the translated models."""

    def localized(self, name):
        """{language: stored text} of a translated field (no fallback, no conversion)."""
        return {code: getattr(self, build_localized_fieldname(name, code)) or "" for code in LANGUAGE_CODES}

    def first_written(self, name):
        values = self.localized(name)
        return values["en"] or next((v for v in values.values() if v), "")


# --- Local groups ------------------------------------------------------------------


class LocalGroupQuerySet(models.QuerySet):
    def published(self):
        """Shown to the public, without the private address: a public page never reads or
        decrypts it (relaying a message loads it when it needs it)."""
        return (
            self.filter(is_published=True)
            .defer("contact_email")
            .annotate(
                takes_messages=ExpressionWrapper(~Q(contact_email=""), output_field=models.BooleanField())
            )
        )


class LocalGroup(Translated, models.Model):
    """A local campaign group: where it meets, how often, and a private address that the
    site's "contact this group" form relays messages to."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True, help_text=_("Leave empty: made from the name.")
    )
    description = models.TextField(_("description"), blank=True)
    meeting_pattern = models.CharField(
        _("when it meets"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “First Saturday of the month, 2pm”."),
    )
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    coordinates_manual = models.BooleanField(
        _("coordinates set by hand"),
        default=False,
        help_text=_("Tick to keep the coordinates typed here; otherwise they are found from the city."),
    )
    # Encrypted at rest, like signers' addresses: messages are relayed to it, it is never shown.
    contact_email = EncryptedEmailField(_("contact email (private)"), max_length=254, blank=True)
    language = models.CharField(
        _("the group's language"),
        max_length=10,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text=_("Messages written to the group on the site are passed on in this language."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LocalGroupQuerySet.as_manager()

    class Meta:
        ordering = ["country", "city", "name"]
        verbose_name = _("local group")
        verbose_name_plural = _("local groups")

    def __str__(self):
        return str(self.name) or self.slug

    def save(self, *args, **kwargs):
        for code in LANGUAGE_CODES:
            name = build_localized_fieldname("description", code)
            setattr(self, name, clean_rich_text(getattr(self, name)) or "")
        if not self.slug:
            self.slug = unique_slug(LocalGroup, self, self.first_written("name"), "group")
        if not self.coordinates_manual:
            place = find_city(self.city, self.country)
            if place:
                self.latitude, self.longitude = place.latitude, place.longitude
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})


# --- Actions -----------------------------------------------------------------------


class EventQuerySet(models.QuerySet):
    def published(self):
        """Shown to the public: published, past ones included (the archive); cancelled
        ones stay visible on their own page, marked as such. Without the submitter's
        name and address: a public page never reads or decrypts them."""
        return self.filter(status=Event.Status.PUBLISHED).defer(*Event.SUBMITTER_FIELDS)

    def with_group(self):
        """With each action's group in the same query, without the group's private address."""
        return self.select_related("group").defer("group__contact_email")

    def listed(self):
        """Published and cancelled actions: those with a public page."""
        return self.filter(status__in=Event.PUBLIC_STATES).defer(*Event.SUBMITTER_FIELDS)

    def upcoming(self, now=None):
        """Published, not yet over, soonest first."""
        now = now or timezone.now()
        return (
            self.published()
            .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
            .order_by("starts_at", "id")
        )

    def past(self, now=None):
        now = now or timezone.now()
        return (
            self.published()
            .filter(Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now))
            .order_by("-starts_at", "-id")
        )

    def with_attendee_count(self):
        return self.annotate(
            attendee_count=models.Count("attendees", filter=Q(attendees__status=Attendee.Status.CONFIRMED))
        )


class Event(Translated, models.Model):
    class Kind(models.TextChoices):
        PROTEST = "protest", _("protest")
        MEETING = "meeting", _("meeting or talk")
        STALL = "stall", _("stall or leafleting")
        ONLINE = "online", _("online")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("awaiting email confirmation")
        SUBMITTED = "submitted", _("submitted")
        CHANGES_REQUESTED = "changes", _("changes requested")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("cancelled")

    class Contact(models.TextChoices):
        NONE = "none", _("no contact")
        RELAY = "relay", _("a form on the site relays messages to the organiser")

    PUBLIC_STATES = (Status.PUBLISHED, Status.CANCELLED)

    # The guard of each transition: the states it starts from.
    CAN_CONFIRM_EMAIL = (Status.UNCONFIRMED,)
    CAN_PUBLISH = (Status.SUBMITTED, Status.CHANGES_REQUESTED)
    CAN_REQUEST_CHANGES = (Status.SUBMITTED,)
    CAN_RESUBMIT = (Status.CHANGES_REQUESTED,)
    CAN_REJECT = (Status.UNCONFIRMED, Status.SUBMITTED, Status.CHANGES_REQUESTED)
    CAN_CANCEL = (Status.UNCONFIRMED, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.PUBLISHED)

    slug = models.SlugField(
        _("slug"),
        max_length=90,
        unique=True,
        blank=True,
        help_text=_("The action's address. Leave empty: it is made from the title, city and date."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("E.g. “Trafalgar Square”."))
    address = models.CharField(_("address and how to get there"), max_length=300, blank=True)
    report = models.TextField(
        _("report"), blank=True, help_text=_("After the action: how it went. Shown in the archive.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROTEST)

    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "The zone the action happens in, e.g. Europe/London. Found from the city unless set by hand."
        ),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    location_manual = models.BooleanField(
        _("coordinates and time zone set by hand"),
        default=False,
        help_text=_(
            "Tick to keep the coordinates and time zone typed here; otherwise they are found from the city."
        ),
    )
    online_url = models.URLField(_("online link"), max_length=500, blank=True)

    group = models.ForeignKey(
        LocalGroup,
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Empty: the campaign itself."),
    )
    contact_choice = models.CharField(
        _("public contact"), max_length=10, choices=Contact.choices, default=Contact.NONE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=photo_upload_to,
        storage=public_storage,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[uploads.check_image],
        help_text=_("A JPEG, PNG or WebP picture of the action; shown publicly."),
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(_("photo description"), max_length=250, blank=True)

    # Who submitted it: encrypted at rest, seen only by Organisers.
    SUBMITTER_FIELDS = ("submitter_name", "submitter_email")
    submitter_name = EncryptedCharField(_("submitter's name"), max_length=200, blank=True)
    submitter_email = EncryptedEmailField(_("submitter's email"), max_length=254, blank=True)
    submitter_email_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    submitter_language = models.CharField(
        _("submitter's language"), max_length=10, choices=LANGUAGE_CHOICES, default="en"
    )
    # Keyed hash of the private manage link's token: the token itself is only in the email.
    manage_token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # Keyed hash of the submitter's IP: enough to find a flood, useless to identify anyone.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    moderation_message = models.TextField(
        _("message to the submitter"),
        blank=True,
        help_text=_("Sent with “ask for changes” or “reject”, in the submitter's language."),
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        permissions = [
            ("viewprivate_event", _("Can see submitters' and attendees' names and addresses")),
            ("moderate_event", _("Can publish, ask for changes to and reject submitted actions")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="event_published_has_timestamp",
            ),
        ]
        indexes = [models.Index(fields=["status", "country", "starts_at"], name="event_listed")]

    def __str__(self):
        return str(self.title) or self.slug

    def save(self, *args, **kwargs):
        for code in LANGUAGE_CODES:
            for field in ("description", "report"):
                name = build_localized_fieldname(field, code)
                setattr(self, name, clean_rich_text(getattr(self, name)) or "")
        self.submitter_email_hash = email_hash(self.submitter_email) if self.submitter_email else ""
        if not self.location_manual:
            self.locate()
        if not self.slug:
            date = timezone.localtime(self.starts_at, self.zone).date().isoformat() if self.starts_at else ""
            self.slug = unique_slug(
                Event, self, f"{self.first_written('title')} {self.city} {date}", "action"
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end is before the start.")}, code="ends_before_start")
        if self.kind != self.Kind.ONLINE and not self.city:
            raise ValidationError({"city": _("Say in which city the action happens.")}, code="no_city")
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This word is used by the site's own addresses: choose another slug.")}
            )

    def locate(self):
        """Coordinates and time zone from the city and country (offline); False when the
        city is not in the list, leaving what was there."""
        place = find_city(self.city, self.country) if self.city else None
        if place is None:
            return False
        self.latitude, self.longitude, self.time_zone = place.latitude, place.longitude, place.time_zone
        return True

    # --- Reading ----------------------------------------------------------------------

    @property
    def zone(self):
        """The action's time zone, UTC when none is known (an online action without one)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone) if self.time_zone else zoneinfo.ZoneInfo("UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone) if self.ends_at else None

    @property
    def utc_offset(self):
        """The offset at the start, as "UTC+8" or "UTC−4:30"."""
        offset = self.local_start.utcoffset()
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")

    @property
    def is_online(self):
        return self.kind == self.Kind.ONLINE

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()

    # --- The private manage link --------------------------------------------------------

    def new_manage_token(self):
        """A fresh token for the submitter's manage link; only its keyed hash is kept
        (the caller saves). The old link stops working."""
        token = secrets.token_urlsafe(24)
        self.manage_token_hash = keyed_hash(f"event-manage:{token}")
        return token

    @classmethod
    def by_manage_token(cls, token):
        if not token:
            return None
        return cls.objects.filter(manage_token_hash=keyed_hash(f"event-manage:{token}")).first()

    # --- Transitions --------------------------------------------------------------------
    # Each changes the row only if it is still in a state the guard allows (a second
    # moderator or the submitter may have acted meanwhile) and returns whether it did.

    def _move(self, allowed, status, **fields):
        changed = Event.objects.filter(pk=self.pk, status__in=allowed).update(
            status=status, updated_at=timezone.now(), **fields
        )
        if changed:
            self.status = status
            for name, value in fields.items():
                setattr(self, name, value)
        else:
            self.refresh_from_db(fields=["status"])
        return bool(changed)

    def confirm_email(self):
        return self._move(self.CAN_CONFIRM_EMAIL, self.Status.SUBMITTED, confirmed_at=timezone.now())

    def publish(self):
        return self._move(
            self.CAN_PUBLISH, self.Status.PUBLISHED, published_at=self.published_at or timezone.now()
        )

    def request_changes(self, message):
        return self._move(self.CAN_REQUEST_CHANGES, self.Status.CHANGES_REQUESTED, moderation_message=message)

    def resubmit(self):
        return self._move(self.CAN_RESUBMIT, self.Status.SUBMITTED)

    def reject(self, message):
        return self._move(self.CAN_REJECT, self.Status.REJECTED, moderation_message=message)

    def cancel(self):
        return self._move(self.CAN_CANCEL, self.Status.CANCELLED, cancelled_at=timezone.now())


# --- Attendees ---------------------------------------------------------------------


class AttendeeQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Attendee.Status.CONFIRMED)


class Attendee(models.Model):
    """A supporter who said "I'll be there": counted on the public page, never named.

    confirm  pending → confirmed (the emailed link)
    cancel   pending or confirmed → cancelled (the link in every email)
    rejoin   cancelled → pending (they said "I'll be there" again)
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("action"), on_delete=models.CASCADE, related_name="attendees"
    )
    name = EncryptedCharField(_("name"), max_length=200)
    email = EncryptedEmailField(_("email"), max_length=254)
    # Keyed hash (SIGNER_HASH_KEY) of the lower-cased address: one attendee per address per action.
    email_hash = models.CharField(max_length=64, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = AttendeeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(fields=["event", "email_hash"], name="one_attendee_per_email"),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="attendee_confirmed_has_timestamp",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="attendee_event_status")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email_hash = email_hash(self.email)
        super().save(*args, **kwargs)

    def _move(self, allowed, status, **fields):
        changed = Attendee.objects.filter(pk=self.pk, status__in=allowed).update(status=status, **fields)
        if changed:
            self.status = status
            for name, value in fields.items():
                setattr(self, name, value)
        return bool(changed)

    def confirm(self):
        return self._move([self.Status.PENDING], self.Status.CONFIRMED, confirmed_at=timezone.now())

    def cancel(self):
        return self._move(
            [self.Status.PENDING, self.Status.CONFIRMED], self.Status.CANCELLED, cancelled_at=timezone.now()
        )

    def rejoin(self):
        return self._move(
            [self.Status.CANCELLED],
            self.Status.PENDING,
            cancelled_at=None,
            confirmed_at=None,
            reminder_sent_at=None,
        )


# --- Messages passed on by the site ------------------------------------------------


class RelayedMessageQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Messages kept past every retry of their email: nothing will send them now."""
        return self.filter(created_at__lt=(now or timezone.now()) - RelayedMessage.KEPT_FOR)


class RelayedMessage(models.Model):
    """A message written on the site, waiting for its email: to a group or an action's
    organiser (whose address the writer never sees), or a request to start a group (to
    the Organisers). Who wrote it, their address and their words are sealed with
    SIGNER_DATA_KEY, like signers' data; the task that sends it is queued with this
    record's id alone (a task's arguments stay in the task table for weeks), and the
    record is deleted once the email is sent or given up on, at the latest after KEPT_FOR."""

    KEPT_FOR = timedelta(days=1)

    class Kind(models.TextChoices):
        GROUP = "group", _("to a local group")
        EVENT = "event", _("to an action's organiser")
        GROUP_REQUEST = "group-request", _("a request to start a group")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The group's or the action's id (none for a request to start a group).
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    sealed = models.TextField(editable=False)
    language = models.CharField(max_length=10, default="en")
    # The attempt now allowed to send: each run takes its turn by moving it on, so two
    # runs of one attempt (a re-run, a duplicate in the queue) send one email.
    attempt = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = RelayedMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message waiting to be passed on")
        verbose_name_plural = _("messages waiting to be passed on")

    def __str__(self):
        return f"{self.kind} {self.target_id or ''} · {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def seal(cls, kind, content, *, language, target_id=None):
        """A record holding `content` (a dict of strings) sealed."""
        return cls(kind=kind, target_id=target_id, language=language, sealed=encrypt(json.dumps(content)))

    @property
    def content(self):
        """The dict sealed. Raises core.crypto.UndecryptableError when its key is gone."""
        return json.loads(decrypt(self.sealed))

    def take_turn(self, attempt):
        """Take attempt `attempt` to send: True for one run of it."""
        return bool(RelayedMessage.objects.filter(pk=self.pk, attempt=attempt).update(attempt=attempt + 1))
