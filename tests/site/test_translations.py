"""Every interface string is translated for Hong Kong and mainland readers, and compiled."""

import re
from html import unescape
from pathlib import Path

import opencc
import polib
import pytest

from tests.public_urls import public_urls

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
# Names that are the same in every language; "English" is the switcher's native name for English.
SAME_EVERYWHERE = {
    "Facebook", "X", "Instagram", "YouTube", "Telegram", "WhatsApp", "LINE", "WeChat",
    "CSV", "XLSX", "JSON", "English",
}  # fmt: skip
# Characters that Simplified Chinese shares with Traditional (批准, 分布 …): not a sign of the wrong script.
SHARED_CHARACTERS = set("准布群后里面干只台才系制征范松冲历丑卷谷余采秘游")
T2S = opencc.OpenCC("t2s.json")
S2T = opencc.OpenCC("s2t.json")


def foreign_characters(text, language):
    """Characters of `text` that belong only to the other Chinese script."""
    chars = set(re.findall(r"[\u3400-\u9fff]", text))
    if language in ("zh-hans", "zh_Hans"):
        return {c for c in chars if T2S.convert(c) != c}
    return {c for c in chars if S2T.convert(c) != c} - SHARED_CHARACTERS


def test_both_chinese_catalogs_exist():
    assert {p.parts[-3] for p in CATALOGS} == {"zh_Hant", "zh_Hans"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_no_entry_is_untranslated_or_fuzzy(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_compiled_catalog_is_up_to_date(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), "run bin/compile-messages"
    po = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
        for e in polib.pofile(str(path)).translated_entries()
    }
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(mo_path))}
    assert po.items() <= mo.items(), "the .mo file is older than its .po: run bin/compile-messages"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_placeholders_are_kept_in_translations(path):
    def placeholders(text):
        return sorted(re.findall(r"%\(\w+\)[sd]|\{\w*\}", text))

    for entry in polib.pofile(str(path)).translated_entries():
        # Chinese has one plural form: it follows the English plural.
        wanted = placeholders(entry.msgid_plural or entry.msgid)
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert placeholders(text) == wanted, entry.msgid


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_each_catalog_is_in_its_own_script(path):
    """Traditional translations contain no Simplified-only characters, and the reverse."""
    lang = path.parts[-3]
    wrong = []
    for entry in polib.pofile(str(path)).translated_entries():
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and foreign_characters(text, lang):
                wrong.append((text, foreign_characters(text, lang)))
    assert not wrong, f"{len(wrong)} entries in the other script, e.g. {wrong[:3]}"


def _visible_text(html, *, without_lang=None):
    """The page's text; with `without_lang`, text marked as another language (a name
    written in Traditional Chinese, the language switcher) is left out."""
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    if without_lang:
        html = re.sub(rf'(?s)<(\w+)\b[^>]*\blang="{without_lang}"[^>]*>.*?</\1>', " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    text = re.sub(r"<[^>]+>", "\n", html)
    return unescape(text)


def _interface_msgids():
    po = polib.pofile(str(LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    return {
        e.msgid
        for e in po
        if e.msgid not in SAME_EVERYWHERE and re.search(r"[A-Za-z]{3,}", e.msgid) and "%(" not in e.msgid
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_chinese_pages_show_no_english_interface_text(client, demo_content, language):
    msgids = _interface_msgids()
    for url in public_urls(language):
        response = client.get(url)
        assert response.status_code == 200, url
        lines = {line.strip() for line in _visible_text(response.content.decode()).splitlines()}
        leftovers = sorted(lines & msgids)
        assert not leftovers, f"{url} shows English interface text: {leftovers}"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "other"), [("zh-hans", "zh-Hant"), ("zh-hant", "zh-Hans")])
def test_chinese_pages_are_in_one_script(client, demo_content, language, other):
    for url in public_urls(language):
        text = _visible_text(client.get(url).content.decode(), without_lang=other)
        foreign = foreign_characters(text, language)
        assert not foreign, f"{url} mixes scripts: {sorted(foreign)[:20]}"
