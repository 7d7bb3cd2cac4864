"""The campaign pages' content: actions, questions and answers, materials, contact messages."""

import hashlib
import re
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname
from solo.models import SingletonModel

from core import uploads
from core.crypto import EncryptedEmailField
from core.sanitize import clean_rich_text


def _sanitize_translations(instance, field_name):
    for code, _name in settings.LANGUAGES:
        localized = build_localized_fieldname(field_name, code)
        setattr(instance, localized, clean_rich_text(getattr(instance, localized, "")))


def validate_material_file(value):
    """PDF, PNG, JPEG or SVG by content (not by name), within the size limit."""
    uploads.check_file(value, value.name, max_bytes=uploads.MATERIAL_MAX_BYTES)


# Q&A figures: a picture within the pixel limit (the name the migrations know).
validate_image_pixels = uploads.check_image


# --- What you can do --------------------------------------------------------


class ActionQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(is_active=True)


class Action(models.Model):
    """One thing a supporter can do ("What you can do"), with an optional link."""

    class Link(models.TextChoices):
        NONE = "", _("no link")
        PETITION = "petition", _("the petition")
        MATERIALS = "materials", _("the materials page")
        CONTACT = "contact", _("the contact form")
        URL = "url", _("another page (address below)")

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link to"), max_length=10, choices=Link.choices, blank=True, default="")
    link_url = models.URLField(_("address"), blank=True, help_text=_("Only for a link to another page."))
    link_label = models.CharField(
        _("link text"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty for a text that names the page."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(_("shown"), default=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("action (what you can do)")
        verbose_name_plural = _("actions (what you can do)")

    def __str__(self):
        return self.title

    def clean(self):
        if self.link == self.Link.URL and not self.link_url:
            raise ValidationError({"link_url": _("Give the address of the page to link to.")})

    @property
    def href(self):
        routes = {
            self.Link.PETITION: "petition:sign",
            self.Link.MATERIALS: "campaign:materials",
            self.Link.CONTACT: "campaign:contact",
        }
        if self.link in routes:
            return reverse(routes[self.link])
        if self.link == self.Link.URL:
            return self.link_url
        return ""

    @property
    def is_external(self):
        return self.link == self.Link.URL

    @property
    def label(self):
        if self.link_label:
            return self.link_label
        labels = {
            self.Link.PETITION: _("Sign the petition"),
            self.Link.MATERIALS: _("Download campaign materials"),
            self.Link.CONTACT: _("Contact us"),
            self.Link.URL: _("Read more"),
        }
        return labels.get(self.link, "")


# --- Questions and answers ------------------------------------------------------


class QuestionQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(is_active=True)


class Question(models.Model):
    """A question with its answer; `slug` is the stable anchor (/qa/#slug) people link to."""

    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(
        _("answer"),
        help_text=_(
            "Paragraphs, links, bold, italics and lists are kept; anything else is removed when saved."
        ),
    )
    figure = models.ImageField(
        _("figure"),
        upload_to="qa/",
        blank=True,
        width_field="figure_width",
        height_field="figure_height",
        validators=[validate_image_pixels],
        help_text=_("An optional chart or photo shown with the answer (PNG or JPEG)."),
    )
    CHARTS = [("legco-seats", _("Legislative Council: who fills the 70 seats"))]
    chart = models.CharField(
        _("chart"),
        max_length=30,
        choices=CHARTS,
        blank=True,
        help_text=_("A chart drawn by the site in the reader's language, shown with the answer."),
    )
    figure_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    figure_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    figure_caption = models.CharField(_("figure caption"), max_length=300, blank=True)
    figure_alt = models.CharField(
        _("figure description"),
        max_length=500,
        blank=True,
        help_text=_("What the figure shows, for readers who cannot see it."),
    )
    slug = models.SlugField(
        _("anchor"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "The end of the link to this question (…/qa/#anchor). Made from the English question when "
            "left empty; keep it unchanged afterwards so shared links keep working."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    on_home_page = models.BooleanField(_("on the home page"), default=True)
    is_active = models.BooleanField(_("shown"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        _sanitize_translations(self, "answer")
        if not self.slug:
            self.slug = unique_slug(
                Question, self.question_en or self.question_zh_hant or self.question_zh_hans or "question"
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('campaign:qa')}#{self.slug}"


def unique_slug(model, text, *, max_length=70):
    """A slug for `text` that no other row of `model` uses: 'is-legco-democratic', then '-2', '-3'…"""
    base = slugify(text)[:max_length].strip("-") or slugify(unidecode_fallback(text))[:max_length] or "q"
    candidate, n = base, 1
    while model.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base[: max_length - 4]}-{n}"
    return candidate


def unidecode_fallback(text):
    """A slug-safe stand-in for text with no Latin letters (a Chinese-only question)."""
    return "q-" + hashlib.sha256(text.encode()).hexdigest()[:8]


class QAAttribution(SingletonModel):
    """The line that closes the Q&A: whose text it is and with what permission."""

    text = models.TextField(
        _("attribution"),
        blank=True,
        help_text=_("Shown at the end of the questions and answers. Links, bold and italics are kept."),
    )

    class Meta:
        verbose_name = _("Q&A attribution")

    def __str__(self):
        return str(_("Q&A attribution"))

    def save(self, *args, **kwargs):
        _sanitize_translations(self, "text")
        super().save(*args, **kwargs)


# --- Campaign materials ---------------------------------------------------------


class MaterialQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(is_active=True)

    def in_language(self, code):
        """Materials a reader of `code` can use: in that language, or bilingual."""
        if code == Material.Language.BILINGUAL:
            return self.filter(language=code)
        return self.filter(language__in=[code, Material.Language.BILINGUAL])


def material_upload_to(instance, filename):
    return f"materials/{timezone.now():%Y/%m}/{filename}"


class Material(models.Model):
    """A placard, poster, leaflet, statement or model motion supporters can download."""

    class Kind(models.TextChoices):
        PLACARD = "placard", _("placards")
        POSTER = "poster", _("posters")
        LEAFLET = "leaflet", _("leaflets")
        STATEMENT = "statement", _("statements")
        MOTION = "motion", _("model motions")

    class Language(models.TextChoices):
        EN = "en", "English"
        ZH_HANT = "zh-hant", "繁體中文"
        ZH_HANS = "zh-hans", "简体中文"
        BILINGUAL = "bilingual", _("bilingual")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PLACARD)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.EN)
    file = models.FileField(
        _("file"),
        upload_to=material_upload_to,
        max_length=255,
        validators=[validate_material_file],
        help_text=_("PDF, PNG, JPEG or SVG, at most 25 MB. A preview is made when it is saved."),
    )
    file_size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    content_type = models.CharField(_("content type"), max_length=50, blank=True, editable=False)
    preview = models.FileField(_("preview"), upload_to="materials/previews/", blank=True, editable=False)
    preview_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    preview_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    preview_alt = models.CharField(
        _("preview description"),
        max_length=300,
        blank=True,
        help_text=_("What the preview shows (for example the slogan), for readers who cannot see it."),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    is_featured = models.BooleanField(_("on the home page"), default=False)
    is_active = models.BooleanField(_("shown"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    # Materials made by `make_placards` / the demo carry a key, so running them again
    # updates the same rows instead of adding new ones.
    generated_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=["en", "zh-hant", "zh-hans", "bilingual"]),
                name="material_language_known",
            ),
        ]

    def __str__(self):
        return self.title

    def get_download_url(self):
        return reverse("campaign:material_download", kwargs={"pk": self.pk})

    @property
    def extension(self):
        return PurePosixPath(self.file.name).suffix.lower() if self.file else ""

    @property
    def format_label(self):
        return self.extension.lstrip(".").upper().replace("JPEG", "JPG")

    def download_filename(self):
        """A readable file name: the title in the reader's language, Chinese characters kept."""
        # Letters and digits of any script are kept (re's \w is Unicode-aware); the rest become dashes.
        stem = re.sub(r"[\W_]+", "-", str(self.title)).strip("-")[:80].strip("-") or f"material-{self.pk}"
        return f"{stem}{self.extension}"


class ContactMessage(models.Model):
    """A message sent through the contact form, kept until an organiser has handled it."""

    class Subject(models.TextChoices):
        SPEAKER = "speaker", _("Request a speaker")
        ORGANISATION = "organisation", _("Add my organisation to the petition")
        LOCAL_GROUP = "local-group", _("Start a local group")
        PRESS = "press", _("Press enquiry")
        OTHER = "other", _("Something else")

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices, default=Subject.OTHER)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=10, default="en")
    # Keyed hash of the sender's IP: enough to spot a flood, useless to identify anyone.
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    notified_at = models.DateTimeField(_("sent to the campaign"), null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledgement sent"), null=True, blank=True, editable=False)
    last_email_error = models.CharField(_("last email error"), max_length=300, blank=True, editable=False)
    handled = models.BooleanField(_("handled"), default=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.get_subject_display()} · {self.name}"


# --- Motions passed ---------------------------------------------------------


def minute_upload_to(instance, filename):
    """A random name for a photo of a minute: not guessable before a moderator approves it."""
    return f"motions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


class PassedMotionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=PassedMotion.State.APPROVED)

    def awaiting(self):
        return self.filter(state=PassedMotion.State.PENDING)


class PassedMotion(models.Model):
    """An organisation reports that it passed a motion supporting the campaign.

    Shown on "Motions passed" only once an Organiser approves it:

        approve   pending or rejected → approved
        reject    pending or approved → rejected

    The reporter's name and address are for the Organisers' questions, never shown.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    CAN_APPROVE = Q(state__in=[State.PENDING, State.REJECTED])
    CAN_REJECT = Q(state__in=[State.PENDING, State.APPROVED])

    organisation = models.CharField(_("organisation"), max_length=200)
    body = models.CharField(
        _("branch or body"),
        max_length=200,
        blank=True,
        help_text=_("For example: Belfast branch, national conference."),
    )
    country = CountryField(_("country"))
    passed_on = models.DateField(_("passed on"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members represented"), null=True, blank=True)
    link = models.URLField(_("link to the motion or the minute"), blank=True)
    minute = models.ImageField(_("photo of the minute"), upload_to=minute_upload_to, blank=True)
    summary = models.TextField(_("what the motion says"), max_length=2000, blank=True)
    reporter_name = models.CharField(_("reported by"), max_length=200)
    reporter_email = EncryptedEmailField(_("reporter's email"), max_length=254)
    language = models.CharField(_("language"), max_length=10, default="en")
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)

    objects = PassedMotionQuerySet.as_manager()

    class Meta:
        ordering = ["-passed_on", "-created_at"]
        verbose_name = _("motion passed")
        verbose_name_plural = _("motions passed")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(moderated_at__isnull=False),
                name="approved_motion_moderated",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.body}" if self.body else self.organisation

    def _move(self, guard, state):
        now = timezone.now()
        changed = type(self).objects.filter(guard, pk=self.pk).update(state=state, moderated_at=now)
        if changed:
            self.state, self.moderated_at = state, now
        return bool(changed)

    def approve(self):
        return self._move(self.CAN_APPROVE, self.State.APPROVED)

    def reject(self):
        return self._move(self.CAN_REJECT, self.State.REJECTED)
