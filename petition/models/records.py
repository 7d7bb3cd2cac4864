"""What the site records about its own work: the audit log, prepared exports and the
withdrawal notices owed to signers."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.crypto import decrypt, encrypt
from petition.models.petitions import Petition


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
    # What to export, as petition.exports.rows.Filters.to_json() gives it, and the column keys.
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


class WithdrawalNoticeQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Notices kept past every retry of their email: nothing will send them now."""
        return self.filter(created_at__lt=(now or timezone.now()) - WithdrawalNotice.KEPT_FOR)


class WithdrawalNotice(models.Model):
    """The one email owed to a signer who withdrew: the erased signature no longer holds
    the address, and the task that sends the email is queued with this record's id
    alone (a task's arguments are kept in the task table). The address is sealed with
    SIGNER_DATA_KEY, like the signatures' (core/crypto.py); the record is deleted once the email is sent or
    given up on, and at the latest after KEPT_FOR."""

    KEPT_FOR = timedelta(days=1)

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    sealed_address = models.TextField(editable=False)
    language = models.CharField(max_length=10, default="en")
    # The attempt now allowed to send: each run takes its turn by moving it on, so two
    # runs of one attempt (a re-run, a duplicate in the queue) send one email.
    attempt = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = WithdrawalNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("withdrawal notice")
        verbose_name_plural = _("withdrawal notices")

    def __str__(self):
        return f"{self.petition_id} · {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def for_address(cls, address, *, petition, language):
        return cls(petition=petition, language=language, sealed_address=encrypt(address))

    @property
    def address(self):
        """The address, decrypted. Raises core.crypto.UndecryptableError when its key is gone."""
        return decrypt(self.sealed_address)

    def take_turn(self, attempt):
        """Take attempt `attempt` to send: True for one run of it."""
        return bool(WithdrawalNotice.objects.filter(pk=self.pk, attempt=attempt).update(attempt=attempt + 1))
