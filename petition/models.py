from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.cache import RecentlyRead

CURRENT_PETITION_CACHE_KEY = "petition:current"
CURRENT_PETITION_CACHE_SECONDS = 300
CURRENT_PETITION_LOCAL_SECONDS = 2


class PetitionQuerySet(models.QuerySet):
    def current(self):
        """The site's main petition: the one marked current, else the newest."""
        return self.order_by("-is_current", "-opens_at", "-id").first()

    def cached_current(self):
        """current() kept in the shared cache: every signature and petition page needs
        it, and it changes only when an editor saves a petition (which clears it;
        other workers see the change within CURRENT_PETITION_LOCAL_SECONDS)."""
        petition = RecentlyRead(cache, CURRENT_PETITION_LOCAL_SECONDS).get(CURRENT_PETITION_CACHE_KEY)
        if petition is None:
            petition = self.current()
            if petition is not None:
                cache.set(CURRENT_PETITION_CACHE_KEY, petition, CURRENT_PETITION_CACHE_SECONDS)
        return petition


# Paths under /petition/ that a petition's slug must not take.
RESERVED_SLUGS = frozenset(
    {"signatures", "check-your-inbox", "confirm", "manage", "withdrawn", "embed", "thank-you"}
)


def validate_petition_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is used by the site; choose another."), code="reserved")


class Demand(models.Model):
    """One of the campaign's demands, shown on the home page and beside the petition."""

    text = models.CharField(_("demand"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def __str__(self):
        return self.text


class Petition(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_petition_slug])
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("statement"))
    demands = models.ManyToManyField(Demand, verbose_name=_("demands shown beside the form"), blank=True)
    goal = models.PositiveIntegerField(_("goal"), default=10000)
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    is_current = models.BooleanField(
        _("current petition"),
        default=False,
        help_text=_("The petition at /petition/ and on the home page. Only one can be current."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-is_current", "-opens_at"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_petition"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="petition_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.is_current:
            return reverse("petition:sign")
        return reverse("petition:sign_other", kwargs={"slug": self.slug})

    @property
    def is_open(self):
        now = timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)


@receiver([post_save, post_delete], sender=Petition, dispatch_uid="forget_current_petition")
def forget_current_petition(**kwargs):
    cache.delete(CURRENT_PETITION_CACHE_KEY)
    RecentlyRead.forget(CURRENT_PETITION_CACHE_KEY)
    # Again after the commit: a request in between may have cached the old row again.
    transaction.on_commit(lambda: cache.delete(CURRENT_PETITION_CACHE_KEY))


class SignatureQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Signature.State.PENDING)

    def confirmed(self):
        return self.filter(state=Signature.State.CONFIRMED)

    def counted(self):
        """Signatures that count toward the total: confirmed ones."""
        return self.confirmed()

    def on_wall(self):
        """Confirmed, listed and not hidden: what the public wall may show."""
        return self.filter(state=Signature.State.CONFIRMED, hidden=False).exclude(
            display=Signature.Display.UNLISTED
        )

    def named(self):
        """Wall signatures shown with their full name: the only ones a name search may find
        (searching must not reveal who is behind a pair of initials)."""
        return self.on_wall().filter(Q(display=Signature.Display.FULL) | Q(kind=Signature.Kind.ORGANISATION))


class Signature(models.Model):
    """One person's or organisation's signature, with its life recorded.

    pending → confirmed (email link) → withdrawn (by the signer, personal data
    erased); a moderator may hide one from the wall, or invalidate it, which
    removes it from counts and exports.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        INVALIDATED = "invalidated", _("invalidated")

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        ORGANISATION = "organisation", _("organisation")

    class Display(models.TextChoices):
        FULL = "full", _("my full name")
        INITIALS = "initials", _("my initials only")
        UNLISTED = "unlisted", _("not listed")

    # No index of its own: every index below already leads with the petition.
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.PROTECT,
        related_name="signatures",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    # Lower-cased, plus-tag and Gmail-dot folded form of the email: the
    # database allows one signature per petition for each (see petition/addresses.py).
    email_canonical = models.CharField(max_length=254, null=True, blank=True, editable=False)
    email_domain = models.CharField(_("email domain"), max_length=254, blank=True, editable=False)
    country = CountryField(_("country"))
    city = models.CharField(_("city or region"), max_length=100, blank=True)
    title = models.CharField(_("title or organisation"), max_length=200, blank=True)
    organisation_logo = models.ImageField(
        _("organisation logo"), upload_to="signatures/logos/%Y/%m/", blank=True
    )
    # Anyone can upload a logo, so it is shown on the wall only once a moderator approves it.
    logo_approved = models.BooleanField(_("logo approved"), default=False)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact person's role"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    comment_approved = models.BooleanField(_("comment approved"), default=False)
    display = models.CharField(
        _("shown on the wall as"), max_length=10, choices=Display.choices, default=Display.FULL
    )

    # Consents: each recorded separately with its time; the wording version and
    # language say exactly what the signer agreed to.
    consent_public_at = models.DateTimeField(_("agreed to be shown publicly"), null=True, blank=True)
    consent_updates_at = models.DateTimeField(_("agreed to receive campaign news"), null=True, blank=True)
    consent_version = models.CharField(_("consent wording version"), max_length=20, blank=True)
    language = models.CharField(_("signing language"), max_length=10, default="en")

    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated"), null=True, blank=True)

    # Keyed hash of the signer's IP: enough to find a flood, useless to identify anyone.
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True)
    via = models.CharField(_("share channel"), max_length=20, blank=True)

    confirmation_sent_at = models.DateTimeField(_("confirmation email sent"), null=True, blank=True)
    confirmation_send_count = models.PositiveSmallIntegerField(_("confirmation emails sent"), default=0)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    last_email_error = models.CharField(_("last email error"), max_length=300, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        permissions = [("export_signature", _("Can export signatures"))]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_canonical"],
                condition=Q(email_canonical__isnull=False),
                name="one_signature_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | Q(confirmed_at__isnull=False),
                name="confirmed_has_timestamp",
            ),
        ]
        indexes = [
            # The wall, newest first, keyset-paginated on (confirmed_at, id).
            models.Index(
                fields=["petition", "kind", "-confirmed_at", "-id"],
                condition=Q(state="confirmed", hidden=False) & ~Q(display="unlisted"),
                name="signature_wall",
            ),
            models.Index(
                fields=["petition", "country", "-confirmed_at", "-id"],
                condition=Q(state="confirmed", hidden=False) & ~Q(display="unlisted"),
                name="signature_wall_country",
            ),
            # Counts by country read only this index.
            models.Index(
                fields=["petition", "country"],
                condition=Q(state="confirmed"),
                name="signature_counted",
            ),
            # No index leads with `state`: the one-row statements of the email tasks
            # and the confirmation (`id = … AND state = 'pending'`) must take the
            # primary key. Behind statistics from a moment with few pending rows,
            # PostgreSQL preferred an index on `state` and read every pending row
            # for each, which grows with a surge (see bench/README.md). The jobs
            # that look for pending signatures select them by time.
            models.Index(fields=["created_at"], name="signature_created"),
            # Finding a flood from one address (moderation); exact matches only.
            models.Index(fields=["ip_hash"], name="signature_ip_hash"),
        ]

    def __str__(self):
        return self.name or str(_("(erased)"))

    @property
    def public_name(self):
        """The name as the signer chose to show it on the wall."""
        if self.display == self.Display.INITIALS and self.kind == self.Kind.INDIVIDUAL:
            return initials(self.name)
        return self.name


def initials(name):
    """'Chan Tai Man' → 'C. T. M.'; a Chinese name keeps its family name: '陳大文' → '陳**'."""
    name = name.strip()
    if not name:
        return ""
    if " " not in name and any(ord(ch) > 0x2E80 for ch in name):
        return name[0] + "*" * (len(name) - 1)
    return " ".join(f"{part[0]}." for part in name.split())


class FeaturedSignatoryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_visible=True)


class FeaturedSignatory(models.Model):
    """A well-known signatory shown on the home page and atop the wall."""

    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="featured",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    chinese_name = models.CharField(_("Chinese name"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    is_organisation = models.BooleanField(_("organisation"), default=False)
    photo = models.ImageField(
        _("photo or logo"),
        upload_to="featured/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_visible = models.BooleanField(_("shown"), default=True)

    objects = FeaturedSignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("featured signatory")
        verbose_name_plural = _("featured signatories")

    def __str__(self):
        return f"{self.name} ({self.chinese_name})" if self.chinese_name else self.name


class AuditLog(models.Model):
    """Who exported or moderated what, when: visible to superusers in the admin."""

    class Action(models.TextChoices):
        EXPORT = "export", _("export")
        HIDE = "hide", _("hide")
        UNHIDE = "unhide", _("unhide")
        CONFIRM = "confirm", _("confirm")
        INVALIDATE = "invalidate", _("invalidate")
        FEATURE = "feature", _("feature")
        OTHER = "other", _("other")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.get_action_display()} · {self.rows} · {self.created_at:%Y-%m-%d %H:%M}"


class ExportFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The exports a user may see and download: their own; every one for a superuser."""
        return self if user.is_superuser else self.filter(user=user)


class ExportFile(models.Model):
    """A signature export prepared by the task worker and kept in private storage.

    queued → running → ready (the file is there) or failed (`error` says why). The
    file is deleted after EXPORT_RETENTION_DAYS (`manage.py purge_exports`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        "auth.User", verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(_("format"), max_length=10)
    # What to export, as exports.Filters.to_json() gives it, and the column keys.
    filters = models.JSONField(_("filters"), default=dict)
    columns = models.JSONField(_("columns"), default=list)
    # Language of the header row: the one the organiser used when asking.
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # Name of the file in the "private" storage, and the name it is downloaded as.
    file = models.CharField(_("file"), max_length=200, blank=True)
    download_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prepared export")
        verbose_name_plural = _("prepared exports")

    def __str__(self):
        return f"{self.format} · {self.get_status_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_ready(self):
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
