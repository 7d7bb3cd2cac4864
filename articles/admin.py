"""Articles in the admin, for editors who are not programmers.

One section per language; the body is written in a rich-text editor (django-prose-editor)
and cleaned on save (core/sanitize.py); "Fill the empty Chinese script" converts the
Traditional text to Simplified (or back) into the form, for review before saving.
"""

from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from modeltranslation.admin import TranslationAdmin

from articles.models import LANGUAGE_CODES, Article, Category
from core.i18n import fill_other_script

LANGUAGE_SECTIONS = [("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")]
TRANSLATED = ["title", "byline", "summary", "body", "image_alt", "image_caption"]
FILL_BUTTON = "_fill_other_script"

# What the editor's toolbar offers; anything else is removed on save anyway.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
    }
}


def localized(name, code):
    return f"{name}_{code.replace('-', '_')}"


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order", "published_articles"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_en", "name_zh_hant", "name_zh_hans", "slug"]

    def get_queryset(self, request):
        published = models.Q(articles__in=Article.objects.published())
        return (
            super().get_queryset(request).annotate(published_count=models.Count("articles", filter=published))
        )

    @admin.display(description=_("published articles"), ordering="published_count")
    def published_articles(self, category):
        return category.published_count


class VisibilityFilter(admin.SimpleListFilter):
    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", _("Live")), ("scheduled", _("Scheduled")), ("draft", _("Draft"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Article.Status.PUBLISHED)
        if self.value() == "live":
            return published.filter(published_at__lte=now)
        if self.value() == "scheduled":
            return published.filter(published_at__gt=now)
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        return queryset


@admin.register(Article)
class ArticleAdmin(TranslationAdmin):
    list_display = ["title", "visibility", "published_at", "languages", "byline", "has_image"]
    list_display_links = ["title"]
    list_filter = [VisibilityFilter, "status", "categories", "original_language"]
    search_fields = [
        *(localized(f, code) for f in ("title", "summary", "byline") for code in LANGUAGE_CODES),
        "slug",
    ]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["image_preview", "updated_at", "preview_link"]
    actions = ["publish", "back_to_draft"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_per_page = 50

    class Media:
        css = {"all": ["css/articles-admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                _("Publishing"),
                {"fields": ["status", "published_at", "categories", "original_language"]},
            ),
            (_("Featured image"), {"fields": ["image", "image_preview"]}),
        ]
        for code, name in LANGUAGE_SECTIONS:
            options = {"fields": [localized(f, code) for f in TRANSLATED]}
            if code == "zh-hans":
                options["description"] = _(
                    "Leave these empty and readers of the Simplified site see the Traditional text, "
                    "converted automatically. To correct a conversion, press “Fill the empty Chinese "
                    "script” below, review the text here, then save."
                )
            fieldsets.append((name, options))
        fieldsets.append((_("Address and preview"), {"fields": ["slug", "preview_link", "updated_at"]}))
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_text")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body" or db_field.name.startswith("body_"):
            kwargs.update(form_class=ProseEditorFormField, config=BODY_EDITOR)
        elif db_field.name == "summary" or db_field.name.startswith("summary_"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def view_on_site(self, article):
        return article.get_absolute_url() if article.is_public else article.get_preview_url()

    @admin.display(description=_("visibility"), ordering="published_at")
    def visibility(self, article):
        if article.is_public:
            return gettext("Live")
        if article.is_scheduled:
            return gettext("Scheduled")
        return gettext("Draft")

    @admin.display(description=_("languages"))
    def languages(self, article):
        labels = {"en": "EN", "zh-hant": "繁", "zh-hans": "简"}
        return " ".join(labels[code] for code in article.written_languages())

    @admin.display(description=_("image"), boolean=True)
    def has_image(self, article):
        return bool(article.image)

    @admin.display(description=_("current image"))
    def image_preview(self, article):
        if not article.thumbnail:
            return "—"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="">',
            article.thumbnail.url,
            article.thumbnail_width,
            article.thumbnail_height,
        )

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return gettext("Save the article once to get a preview link.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            article.get_preview_url(),
            gettext("Preview the article as readers will see it"),
        )

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(status=Article.Status.PUBLISHED)
        self.message_user(
            request,
            ngettext(
                "%(count)d article published (those dated in the future appear at their date).",
                "%(count)d articles published (those dated in the future appear at their date).",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Turn the selected articles back into drafts"), permissions=["change"])
    def back_to_draft(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT)
        self.message_user(
            request,
            ngettext("%(count)d article is a draft again.", "%(count)d articles are drafts again.", count)
            % {"count": count},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_scheduled:
            when = timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M %Z")
            self.message_user(
                request, gettext("Scheduled: readers will see this article from %(when)s.") % {"when": when}
            )

    # "Fill the empty Chinese script": the form comes back filled, nothing is saved.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and FILL_BUTTON in request.POST:
            data = request.POST.copy()
            fields = {localized(f, code) for f in TRANSLATED for code in ("zh-hant", "zh-hans")}
            values = SimpleNamespace(**{name: data.get(name, "") for name in fields})
            filled = fill_other_script(values, TRANSLATED)
            for name in filled:
                data[name] = getattr(values, name)
            request.POST = data
            request._fill_only = True
            if filled:
                self.message_user(
                    request, gettext("Converted text filled in: review it, then save."), messages.INFO
                )
            else:
                self.message_user(
                    request, gettext("Nothing to fill: both Chinese scripts are written or both are empty.")
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "_fill_only", False):
            return type(form.__name__, (FillOnlyMixin, form), {})
        return form


class FillOnlyMixin:
    """A form that validates (to show real errors) but never counts as valid: nothing is saved."""

    def is_valid(self):
        super().is_valid()
        return False
