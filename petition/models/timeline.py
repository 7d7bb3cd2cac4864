"""The petition's public timeline: its delivery (to whom, where, when, with photos) and the answer."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import uploads
from petition.models.petitions import Petition


def timeline_upload_to(instance, filename):
    """A random name: the uploader's file name is not kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"timeline/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def validate_timeline_document(value):
    """The answer's document: a PDF, PNG, JPEG or SVG by content, within the size limit."""
    uploads.check_file(value, value.name, max_bytes=uploads.MATERIAL_MAX_BYTES)


class TimelineEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        DELIVERED = "delivered", _("delivered")
        ANSWERED = "answered", _("answer received")
        EVENT = "event", _("event")

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="timeline"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DELIVERED)
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. Delivered to the Prime Minister"))
    recipient = models.CharField(_("delivered to / answered by"), max_length=200, blank=True)
    place = models.CharField(_("where"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=timeline_upload_to,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    document = models.FileField(
        _("document"),
        upload_to=timeline_upload_to,
        blank=True,
        validators=[validate_timeline_document],
        help_text=_("The answer received, as a PDF or a picture."),
    )
    is_published = models.BooleanField(_("shown on the petition page"), default=True)

    objects = TimelineEntryQuerySet.as_manager()

    class Meta:
        ordering = ["happened_at", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["petition", "happened_at"], name="timeline_petition")]

    def __str__(self):
        return self.title
