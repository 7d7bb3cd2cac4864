"""Translated content in three languages, with Traditional ⇄ Simplified conversion.

Models register their translated fields with `register_translated` instead of
modeltranslation's `register`. Reading `obj.title` then returns a `LocalizedText`:
the text for the active language, or, where only the other Chinese script was
written, that text converted with OpenCC (Hong Kong Traditional ⇄ Simplified),
or the next language in MODELTRANSLATION_FALLBACK_LANGUAGES. The value remembers
which language it is in (`.lang`) and whether it was converted (`.converted`), so
templates can mark it (`lang` attribute, "converted automatically" note).
"""

import re
from functools import cache

import opencc
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


def convert(text, *, source, target):
    """Convert Chinese text between scripts; other pairs are returned unchanged."""
    config = OPENCC_CONFIG.get((source, target))
    if not config or not text:
        return text
    return _converter(config).convert(text)


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
