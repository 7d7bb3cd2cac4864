import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import get_language

from core.i18n import BCP47, CHINESE, script_of

register = template.Library()


@register.filter
def bcp47(code):
    """'zh-hant' → 'zh-Hant', for lang and hreflang attributes."""
    return BCP47.get(code, code)


@register.simple_tag
def lang_attr(value):
    """` lang="…"` when a translated value is in another language than the page, or
    is written in Latin script alone on a Chinese page (a name left as it is in every
    language, "Stop Repression in Hong Kong" until the Organisers translate it): English."""
    lang = getattr(value, "lang", "")
    page = get_language()
    if lang and lang != page:
        return format_html(' lang="{}"', BCP47.get(lang, lang))
    text = str(value or "")
    if page in CHINESE and script_of(text) is None and _LATIN.search(text):
        return format_html(' lang="{}"', "en")
    return ""


# A run of Latin script: words with the spaces, apostrophes, hyphens and dots between them.
_LATIN_RUN = re.compile(
    r"[A-Za-z\u00c0-\u024f](?:[A-Za-z\u00c0-\u024f0-9'’.&/ -]*[A-Za-z\u00c0-\u024f0-9.])?"
)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A run of Chinese: ideographs with the Chinese punctuation, full-width forms, digits and
# spaces between them.
_HAN = "\u3400-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(
    rf"[{_HAN}「『《〈（](?:[{_HAN}\u3000-\u303f\uff00-\uffef0-9 ]*[{_HAN}\u3001-\u303f\uff00-\uffef])?"
)


@register.simple_tag
def text_lang(text):
    """` lang="…"` for free text (a signer's name) written in another language than
    the page: a Traditional name on a Simplified page, any Chinese on an English one,
    a name in Latin script on a Chinese one (marked English, the site's one language in
    that script, so that a screen reader does not read it as Chinese)."""
    text = str(text or "")
    script = script_of(text)
    page = get_language()
    if script is None:
        return format_html(' lang="{}"', "en") if page in CHINESE and _LATIN.search(text) else ""
    if script == page or (script == "zh" and page in CHINESE):
        return ""
    return format_html(' lang="{}"', BCP47.get(script, script))


@register.filter
def mark_other_scripts(text):
    """Free text with its runs in another script than the page's marked with their
    language: on a Chinese page each run of Latin script as English (an organisation's
    name in a Chinese description, an English slogan quoted), on an English page each run
    of Chinese as the script it is written in (a slogan quoted in Chinese). Text already
    marked as another language as a whole is left as it is; the rest is escaped."""
    if text is None:
        return ""
    page, whole = get_language(), getattr(text, "lang", "")
    if page in CHINESE:
        if whole == "en":
            return conditional_escape(text)
        runs, lang_of = _LATIN_RUN, lambda run: "en"
    else:
        if whole in CHINESE:
            return conditional_escape(text)
        runs, lang_of = _CJK_RUN, lambda run: BCP47.get(script_of(run), "zh")
    value, pieces, end = str(text), [], 0
    for match in runs.finditer(value):
        pieces.append(conditional_escape(value[end : match.start()]))
        pieces.append(format_html('<span lang="{}">{}</span>', lang_of(match.group()), match.group()))
        end = match.end()
    pieces.append(conditional_escape(value[end:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


@register.simple_tag(takes_context=True)
def page_title(context, title):
    """A page's <title>: `title` and the site's name, the name once even when the page
    is named after the campaign (a petition titled as the campaign is)."""
    site_name = str(getattr(context.get("site"), "campaign_name", "") or "")
    title = " ".join(str(title or "").split())
    if not title or title.casefold() == site_name.casefold():
        return site_name
    return f"{title} · {site_name}" if site_name else title


@register.filter
def progress_of(counts, goal):
    """Percent of the goal reached (0–100)."""
    return counts.progress(goal)


@register.filter
def goal_at(petition, total):
    """The goal a petition shows at `total` signatures: the next rung of its ladder."""
    return petition.goal_for(total)


@register.filter
def progress_step(counts, goal):
    """The percentage rounded to a 5% step: the CSS has a class per step (no inline style).
    Below 5% with signatures, step 1: a sliver, never a bar that looks empty."""
    step = counts.progress(goal) // 5 * 5
    return 1 if step == 0 and counts.total > 0 else step
