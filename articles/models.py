"""Articles and their categories, written in up to three languages, bodies cleaned on save."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.images import process_image, validate_image
from articles.text import plain_text
from core.i18n import CHINESE, convert
from core.sanitize import clean_article_html

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# Words the articles' own URLs use: an article slug may not take them.
RESERVED_SLUGS = {"search", "feed", "category", "preview", "rss", "page"}


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The category's address: lower-case letters, digits and hyphens."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def readers_language_first(self, language):
        """Newest first, those with a title in `language` before the others (for a
        Chinese reader, a title in either script: the other is converted)."""
        languages = CHINESE if language in CHINESE else (language,)
        own = models.Q()
        for code in languages:
            field = build_localized_fieldname("title", code)
            own |= models.Q(**{f"{field}__gt": ""})
        in_own_language = models.Case(models.When(own, then=0), default=1, output_field=models.IntegerField())
        return self.alias(in_own_language=in_own_language).order_by("in_own_language", "-published_at", "-id")

    def with_related(self):
        """For pages and feeds: categories in one extra query, without the search text."""
        return self.prefetch_related("categories").defer("search_text")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=250, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "The article's address. Leave empty: it is made from the English title, or from the "
            "publication date when there is no English title."
        ),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences, shown in listings, feeds and shares.")
    )
    body = models.TextField(_("body"), blank=True)
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("Author and organisation, as it should appear, e.g. “Dikang, Socialist Action”."),
    )
    image = models.ImageField(
        _("featured image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_("A JPEG, PNG or WebP picture; it is resized and its location data removed."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail = models.ImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        editable=False,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
    )
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="articles"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are seen only by staff, through the preview."),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        help_text=_("A published article with a date in the future appears at that moment."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=[("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")],
        default="en",
        help_text=_("The language the article was written in; the others are translations."),
    )
    # Plain, lower-case text of every language (and both Chinese scripts) for search.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-published_at"], name="article_published")]

    def __str__(self):
        return str(self.title) or self.slug or str(_("(untitled)"))

    def save(self, *args, **kwargs):
        for code in LANGUAGE_CODES:
            name = build_localized_fieldname("body", code)
            setattr(self, name, clean_article_html(getattr(self, name)))
        written = self.written_languages()
        if len(written) == 1:
            self.original_language = written[0]
        if not self.slug:
            self.slug = self.unique_slug()
        self._process_new_image()
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not self.written_languages():
            raise ValidationError(_("Write a title in at least one language."), code="no_title")
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This word is used by the site's own addresses: choose another slug.")},
                code="reserved_slug",
            )
        if self.image and not getattr(self.image, "_committed", True):
            try:
                validate_image(self.image.file)
            except ValidationError as exc:
                raise ValidationError({"image": exc.messages}) from exc

    def get_preview_url(self):
        return reverse("articles:preview", kwargs={"pk": self.pk})

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    def localized(self, name):
        """{language: stored text} of a translated field (no fallback, no conversion)."""
        return {code: getattr(self, build_localized_fieldname(name, code)) or "" for code in LANGUAGE_CODES}

    def written_languages(self):
        """The languages an editor wrote a title in."""
        return [code for code, value in self.localized("title").items() if value]

    def _process_new_image(self):
        if not self.image:
            if self.thumbnail:
                self.thumbnail = ""
            return
        if getattr(self.image, "_committed", True):
            return
        large, small = process_image(self.image.file)
        self.image.save(large.name, large, save=False)
        self.thumbnail.save(small.name, small, save=False)

    def unique_slug(self):
        """From the English title; for an article with none, its date (e.g. 2024-06-04).

        Chinese titles are not transliterated (no reliable offline romanisation for
        Cantonese and Mandarin at once); editors can always type a slug themselves.
        """
        base = slugify(self.localized("title")["en"])[:80].strip("-")
        if not base:
            base = timezone.localdate(self.published_at or timezone.now()).isoformat()
        slug, n = base, 1
        others = Article.objects.exclude(pk=self.pk)
        while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def build_search_text(self):
        parts = []
        for name in ("title", "byline", "summary", "body", "image_caption"):
            for code, value in self.localized(name).items():
                text = plain_text(value) if name == "body" else value
                if not text:
                    continue
                parts.append(text)
                if code == "zh-hant":
                    parts.append(convert(text, source="zh-hant", target="zh-hans"))
                elif code == "zh-hans":
                    parts.append(convert(text, source="zh-hans", target="zh-hant"))
        return "\n".join(p for p in parts if p).lower()
