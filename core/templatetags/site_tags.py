from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from core.i18n import BCP47, CHINESE, script_of

register = template.Library()


@register.filter
def bcp47(code):
    """'zh-hant' → 'zh-Hant', for lang and hreflang attributes."""
    return BCP47.get(code, code)


@register.simple_tag
def lang_attr(value):
    """` lang="…"` when a translated value is in another language than the page."""
    lang = getattr(value, "lang", "")
    if lang and lang != get_language():
        return format_html(' lang="{}"', BCP47.get(lang, lang))
    return ""


@register.simple_tag
def text_lang(text):
    """` lang="…"` for free text (a signer's name) written in another language than
    the page: a Traditional name on a Simplified page, any Chinese on an English one."""
    script = script_of(str(text or ""))
    page = get_language()
    if script is None or script == page or (script == "zh" and page in CHINESE):
        return ""
    return format_html(' lang="{}"', BCP47.get(script, script))


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
