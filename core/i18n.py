"""Translated content in three languages, with Traditional ⇄ Simplified conversion.

Models register their translated fields with `register_translated` instead of
modeltranslation's `register`. Reading `obj.title` then returns a `LocalizedText`:
the text for the active language, or, where only the other Chinese script was
written, that text converted with OpenCC (Hong Kong Traditional ⇄ Simplified),
or the next language in MODELTRANSLATION_FALLBACK_LANGUAGES. The value remembers
which language it is in (`.lang`) and whether it was converted (`.converted`), so
templates can mark it (`lang` attribute, "converted automatically" note).

Converting changes words as well as characters: after OpenCC, the words of
`locale/GLOSSARY.md` are put in the reader's region's form (视频, not 视像, on a
mainland page; 電郵, not 電子郵件, on a Hong Kong one), and the quotation marks
too (「」 in Hong Kong, “” on the mainland).
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc
from django.conf import settings
from django.db import models
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

CHINESE = ("zh-hant", "zh-hans")
# OpenCC configurations: Hong Kong Traditional to Simplified and back.
OPENCC_CONFIG = {("zh-hant", "zh-hans"): "hk2s", ("zh-hans", "zh-hant"): "s2hk"}

BCP47 = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}


class LocalizedText(str):
    """A string that knows its language and whether a machine converted it."""

    lang: str = ""
    converted: bool = False

    def __new__(cls, value, *, lang, converted=False):
        obj = super().__new__(cls, value)
        obj.lang = lang
        obj.converted = converted
        return obj

    def __reduce__(self):
        return (_rebuild, (str(self), self.lang, self.converted))


def _rebuild(value, lang, converted):
    return LocalizedText(value, lang=lang, converted=converted)


@cache
def _converter(config):
    return opencc.OpenCC(f"{config}.json")


@dataclass(frozen=True)
class GlossaryEntry:
    """One row of the glossary: a word's forms in each region, first the one to write."""

    english: str
    hant: tuple
    hans: tuple
    not_hant: tuple
    not_hans: tuple
    fill_in: str


_GLOSSARY_HEADER = ("English", "zh-Hant-HK", "zh-Hans-CN", "not on zh-Hant", "not on zh-Hans", "fill-in")
_FILL_IN = {"⇄": ("zh-hant", "zh-hans"), "→": ("zh-hans",), "←": ("zh-hant",), "—": ()}


def glossary_path():
    return Path(settings.LOCALE_PATHS[0]) / "GLOSSARY.md"


def parse_glossary(markdown):
    """The rows of the glossary's table; a row of another shape is an error, not skipped."""

    def forms(cell):
        return () if cell == "—" else tuple(form.strip() for form in cell.split(", "))

    entries, in_table = [], False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if not line.startswith("|"):
            in_table = False
            continue
        cells = tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
        if cells == _GLOSSARY_HEADER:
            in_table = True
            continue
        if not in_table or set(line) <= set("|- "):
            continue
        if len(cells) != len(_GLOSSARY_HEADER) or cells[5] not in _FILL_IN or not cells[1] or not cells[2]:
            raise ValueError(f"GLOSSARY.md line {number} is not a row of the glossary's table: {line}")
        entries.append(GlossaryEntry(cells[0], *(forms(cell) for cell in cells[1:5]), cells[5]))
    return entries


@cache
def glossary():
    return parse_glossary(glossary_path().read_text(encoding="utf-8"))


@cache
def _regional_words(target):
    """The glossary's replacements after converting to `target`: a pattern matching the
    longest form first, and what each form becomes."""
    config = OPENCC_CONFIG[("zh-hans", "zh-hant") if target == "zh-hant" else ("zh-hant", "zh-hans")]
    replacements = {}
    for entry in glossary():
        if target not in _FILL_IN[entry.fill_in]:
            continue
        if target == "zh-hans":
            wanted, others, wrong = entry.hans[0], entry.hant, entry.not_hans
        else:
            wanted, others, wrong = entry.hant[0], entry.hans, entry.not_hant
        for form in (*(_converter(config).convert(other) for other in others), *wrong):
            if form != wanted:
                replacements.setdefault(form, wanted)
    if not replacements:
        return None, {}
    pattern = re.compile("|".join(re.escape(form) for form in sorted(replacements, key=len, reverse=True)))
    return pattern, replacements


def regional_words(text, target):
    """`text` (already in `target`'s script) with the glossary's words in `target`'s region's form."""
    pattern, replacements = _regional_words(target)
    if pattern is None or not text:
        return text
    return pattern.sub(lambda match: replacements[match.group()], text)


# Quotation marks: Hong Kong writes 「」 and 『』, the mainland “” and ‘’. Towards
# Traditional only the double ones: ’ is also an apostrophe in English words.
QUOTES = {"zh-hans": str.maketrans("「」『』", "“”‘’"), "zh-hant": str.maketrans("“”", "「」")}


def convert(text, *, source, target):
    """Convert Chinese text between scripts, regions' words and quotation marks; other
    pairs are returned unchanged."""
    config = OPENCC_CONFIG.get((source, target))
    if not config or not text:
        return text
    return regional_words(_converter(config).convert(text), target).translate(QUOTES[target])


_CJK = re.compile(r"[\u3400-\u9fff]")


def script_of(text):
    """The Chinese script free text is written in: 'zh-hant', 'zh-hans', 'zh' when it
    reads the same in both (李小明), or None when it has no Chinese at all."""
    if not text or not _CJK.search(text):
        return None
    if _converter("t2s").convert(text) != text:
        return "zh-hant"
    if _converter("s2t").convert(text) != text:
        return "zh-hans"
    return "zh"


def localize(value, *, have, want):
    if have == want or not (have in CHINESE and want in CHINESE):
        return LocalizedText(value, lang=have)
    return LocalizedText(convert(value, source=have, target=want), lang=want, converted=True)


class ConvertingDescriptor(TranslationFieldDescriptor):
    def __get__(self, instance, owner):
        if instance is None:
            return self
        want = get_language()
        for lang in resolution_order(want, self.fallback_languages):
            value = getattr(instance, build_localized_fieldname(self.field.name, lang), None)
            if value:
                return localize(value, have=lang, want=want)
        return super().__get__(instance, owner)


def _is_text(field):
    return isinstance(field, (models.CharField, models.TextField)) and not field.choices


def register_translated(model):
    """Class decorator for TranslationOptions, like modeltranslation's `register`."""

    def wrapper(opts_class):
        translator.register(model, opts_class)
        for name in opts_class.fields:
            descriptor = model.__dict__.get(name)
            if isinstance(descriptor, TranslationFieldDescriptor) and _is_text(model._meta.get_field(name)):
                replacement = ConvertingDescriptor(
                    descriptor.field,
                    fallback_languages=descriptor.fallback_languages,
                    fallback_value=descriptor.fallback_value,
                    fallback_undefined=descriptor.fallback_undefined,
                )
                setattr(model, name, replacement)
        return opts_class

    return wrapper


def fill_other_script(instance, field_names):
    """Fill an empty Chinese script from the other one (the admin's "fill" button).

    Returns the names of the localized fields it filled.
    """
    filled = []
    for name in field_names:
        for source, target in (("zh-hant", "zh-hans"), ("zh-hans", "zh-hant")):
            src = getattr(instance, build_localized_fieldname(name, source), "")
            dst_name = build_localized_fieldname(name, target)
            if src and not getattr(instance, dst_name, ""):
                setattr(instance, dst_name, convert(src, source=source, target=target))
                filled.append(dst_name)
    return filled
