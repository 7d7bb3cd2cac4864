"""Updates to supporters: the email an Organiser writes, its recipients, the suppressed addresses.

An `Update` is written in the three languages (an empty Chinese script filled from the
other by OpenCC, and marked so), for an audience: a petition's confirmed signers who
agreed to campaign news, optionally only some countries or signing languages, or the
Organisers' own test list. Sending records one `Recipient` per address before the first
email goes: each row is claimed, marked "being sent" and then "sent" in short
transactions, so a worker killed mid-send resumes without writing to anyone twice;
what it was handing over is marked unknown, for an Organiser to send again or not
(updates/sending.py). A `Suppression` is an address (its keyed hash) that gets no update
again: it unsubscribed, bounced or complained.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.crypto import EncryptedEmailField
from core.i18n import fill_other_script
from core.sanitize import clean_rich_text
from petition.models import Petition

LANGUAGES = ("en", "zh-hant", "zh-hans")
FIELD_SUFFIX = {"en": "en", "zh-hant": "zh_hant", "zh-hans": "zh_hans"}


def split_list(value):
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class Update(models.Model):
    """One email to supporters, in three languages, and its sending.

    draft → scheduled (queued to send, at `send_at` or now) → sending → sent; a scheduled
    or sending update can be paused (and resumed) or cancelled. Each transition is a
    conditional UPDATE (the worker and an Organiser may act at once).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        PAUSED = "paused", _("paused")
        SENT = "sent", pgettext_lazy("update", "sent")
        CANCELLED = "cancelled", _("cancelled")

    class Audience(models.TextChoices):
        SIGNERS = "signers", _("the petition's signers who asked for news")
        TEST = "test", _("the Organisers' test list")

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.PROTECT)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    subject_zh_hant = models.CharField(_("subject (Traditional Chinese)"), max_length=200, blank=True)
    subject_zh_hans = models.CharField(_("subject (Simplified Chinese)"), max_length=200, blank=True)
    body_en = models.TextField(_("body (English)"), blank=True)
    body_zh_hant = models.TextField(_("body (Traditional Chinese)"), blank=True)
    body_zh_hans = models.TextField(_("body (Simplified Chinese)"), blank=True)
    # The localized fields OpenCC filled from the other script ("subject_zh_hans,body_zh_hans").
    converted_fields = models.CharField(_("filled in by conversion"), max_length=200, blank=True)

    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.SIGNERS
    )
    countries = models.CharField(
        _("only these countries"),
        max_length=500,
        blank=True,
        help_text=_("Country codes separated by commas (e.g. GB, HK). Empty: every country."),
    )
    languages = models.CharField(
        _("only these signing languages"),
        max_length=50,
        blank=True,
        help_text=_("Language codes separated by commas (en, zh-hant, zh-hans). Empty: every language."),
    )
    test_addresses = models.TextField(
        _("test list"),
        blank=True,
        help_text=_("The Organisers' own addresses, one per line, for the test list audience."),
    )

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    # The run of the sending task that owns the recipients it claims (updates/sending.py).
    run = models.CharField(max_length=32, blank=True, editable=False)
    prepared = models.BooleanField(_("recipients recorded"), default=False, editable=False)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True, editable=False)
    # Prepared for a reason: a milestone passed (its goal), a timeline entry.
    milestone = models.PositiveIntegerField(_("milestone"), null=True, blank=True, editable=False)
    timeline_entry = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Its recipients' totals by state, kept when retention deletes the rows.
    final_counts = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("update to supporters")
        verbose_name_plural = _("updates to supporters")
        permissions = [("send_update", _("Can send updates to supporters"))]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "milestone"],
                condition=Q(milestone__isnull=False),
                name="one_update_per_milestone",
            )
        ]

    def __str__(self):
        return self.subject_en or self.subject_zh_hant or self.subject_zh_hans or str(_("(no subject)"))

    def save(self, *args, **kwargs):
        for language in LANGUAGES:
            name = f"body_{FIELD_SUFFIX[language]}"
            setattr(self, name, clean_rich_text(getattr(self, name)))
        filled = fill_other_script(self, ["subject", "body"])
        if filled:
            self.converted_fields = ",".join(sorted(set(split_list(self.converted_fields)) | set(filled)))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *filled, "converted_fields"}
        super().save(*args, **kwargs)

    # --- The texts -----------------------------------------------------------------------

    def subject_in(self, language):
        return getattr(self, f"subject_{FIELD_SUFFIX[language]}") or self.subject_en

    def body_in(self, language):
        return getattr(self, f"body_{FIELD_SUFFIX[language]}") or self.body_en

    def is_converted(self, language):
        suffix = FIELD_SUFFIX[language]
        return any(name.endswith(suffix) for name in split_list(self.converted_fields))

    def missing_languages(self):
        """The languages with no subject or no body (sending needs all three)."""
        return [
            language
            for language in LANGUAGES
            if not getattr(self, f"subject_{FIELD_SUFFIX[language]}").strip()
            or not getattr(self, f"body_{FIELD_SUFFIX[language]}").strip()
        ]

    # --- Transitions ---------------------------------------------------------------------

    def _move(self, allowed, **changes):
        changed = Update.objects.filter(pk=self.pk, state__in=allowed).update(**changes)
        self.refresh_from_db()
        return bool(changed)

    def schedule(self, *, send_at=None):
        """draft → scheduled."""
        return self._move([self.State.DRAFT], state=self.State.SCHEDULED, send_at=send_at)

    def start(self, run):
        """scheduled, sending or paused-then-resumed → sending, owned by `run`."""
        return self._move(
            [self.State.SCHEDULED, self.State.SENDING],
            state=self.State.SENDING,
            run=run,
            started_at=self.started_at or timezone.now(),
        )

    def pause(self):
        return self._move([self.State.SCHEDULED, self.State.SENDING], state=self.State.PAUSED)

    def resume(self):
        return self._move([self.State.PAUSED], state=self.State.SCHEDULED)

    def cancel(self):
        return self._move(
            [self.State.DRAFT, self.State.SCHEDULED, self.State.SENDING, self.State.PAUSED],
            state=self.State.CANCELLED,
            finished_at=timezone.now(),
        )

    def finish(self, run):
        """sending → sent, by the run that owns it."""
        changed = Update.objects.filter(pk=self.pk, state=self.State.SENDING, run=run).update(
            state=self.State.SENT, finished_at=timezone.now()
        )
        self.refresh_from_db()
        return bool(changed)

    # --- Progress ------------------------------------------------------------------------

    def progress(self):
        """{state: count} of its recipients, every state present."""
        counts = dict.fromkeys(Recipient.State.values, 0)
        counts.update(self.final_counts)
        for row in self.recipients.values("state").annotate(n=Count("id")).order_by():
            counts[row["state"]] = row["n"]
        return counts


class RecipientQuerySet(models.QuerySet):
    def holding_personal_data(self):
        return self.exclude(email="")


class Recipient(models.Model):
    """One address an update goes to, once.

    queued → claimed (by one run of the sending task) → sending → sent, or failed (the
    mail server refused it for now), or undeliverable (refused for good), or suppressed
    (unsubscribed or bounced before its turn). A run that dies leaves its claimed rows
    to the next run; a row it left "sending" may or may not have gone out: the next run
    marks it unknown ("may not have been delivered" in the admin), and it is sent again
    only if an Organiser chooses to.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        CLAIMED = "claimed", _("claimed")
        SENDING = "sending", _("being sent")
        SENT = "sent", pgettext_lazy("recipient", "sent")
        FAILED = "failed", _("failed")
        UNDELIVERABLE = "undeliverable", _("undeliverable")
        SUPPRESSED = "suppressed", _("suppressed")
        UNKNOWN = "unknown", _("may not have been delivered")

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="recipients")
    # Encrypted at rest like the signers' addresses (core/crypto.py); erased once the row
    # is done (sent, undeliverable, suppressed): only a row to send (again) holds it.
    email = EncryptedEmailField(_("email"), max_length=254, blank=True)
    # The keyed hash of the canonical address (Signature.email_canonical): one row per address.
    email_hash = models.CharField(max_length=64, editable=False)
    language = models.CharField(_("language"), max_length=10)
    # The consent it is sent under: its wording version and time, and the signing language.
    consent_version = models.CharField(_("consent wording version"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("agreed to campaign news"), null=True, blank=True)
    signature_id = models.BigIntegerField(null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.QUEUED)
    run = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["update", "email_hash"], name="one_recipient_per_address"),
        ]
        indexes = [
            models.Index(fields=["update", "state", "id"], name="recipient_queue"),
            # An unsubscribe or a bounce drops the address's queued rows of every update.
            models.Index(fields=["email_hash"], name="recipient_address"),
        ]

    def __str__(self):
        return f"#{self.pk}"


class Suppression(models.Model):
    """An address (its keyed hash) no update goes to again, and why."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("complained of spam")

    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    reason = models.CharField(_("reason"), max_length=14, choices=Reason.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return f"{self.get_reason_display()} #{self.pk}"


class Milestone(models.Model):
    """A rung of a petition's goal ladder, and the day the count passed it."""

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE)
    goal = models.PositiveIntegerField(_("goal"))
    reached_at = models.DateTimeField(_("reached"), default=timezone.now)

    class Meta:
        ordering = ["petition", "goal"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.UniqueConstraint(fields=["petition", "goal"], name="one_milestone_per_goal")]

    def __str__(self):
        return f"{self.goal:,}"


class DeliveryPack(models.Model):
    """A print-ready pack of a petition (updates/pack.py), written by the task worker."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    fingerprint = models.CharField(_("SHA-256 of the list"), max_length=64, blank=True, editable=False)
    listed = models.PositiveIntegerField(_("names listed"), null=True, blank=True, editable=False)
    error = models.CharField(_("error"), max_length=300, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("delivery pack")
        verbose_name_plural = _("delivery packs")

    def __str__(self):
        return f"{self.petition} · {self.created_at:%Y-%m-%d %H:%M}"
