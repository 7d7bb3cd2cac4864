"""What a Hong Kong reader and a mainland reader expect to read, for the tests that
check the site against it: country names in Hong Kong usage (not Taiwan's) and in the
mainland's, the words the same in every language; and a page read as a reader reads it
(its text and the attributes read aloud, each with the language it is marked in)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import django_countries
import opencc
import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"
HK2S = opencc.OpenCC("hk2s.json")

# Countries whose name in Hong Kong differs from Taiwan's: (code, Hong Kong, Taiwan).
HONG_KONG_AND_TAIWAN_NAMES = [
    ("AE", "阿拉伯聯合酋長國", "阿聯酋"),
    ("AG", "安提瓜和巴布達", "安地卡及巴布達"),
    ("AZ", "亞塞拜疆", "亞塞拜然"),
    ("BA", "波斯尼亞和黑塞哥維那", "波士尼亞與赫塞哥維納"),
    ("BF", "布基納法索", "布吉納法索"),
    ("BI", "布隆迪", "蒲隆地"),
    ("BJ", "貝寧", "貝南"),
    ("BW", "博茨瓦納", "波札那"),
    ("BY", "白俄羅斯", "白羅斯"),
    ("BZ", "伯利茲", "貝里斯"),
    ("CR", "哥斯達黎加", "哥斯大黎加"),
    ("CV", "佛得角", "維德角"),
    ("CY", "塞浦路斯", "賽普勒斯"),
    ("DJ", "吉布提", "吉布地"),
    ("DO", "多米尼加共和國", "多明尼加"),
    ("EC", "厄瓜多爾", "厄瓜多"),
    ("ER", "厄立特里亞", "厄利垂亞"),
    ("ET", "埃塞俄比亞", "衣索比亞"),
    ("GA", "加蓬", "加彭"),
    ("GD", "格林納達", "格瑞那達"),
    ("GE", "格魯吉亞", "喬治亞"),
    ("GH", "加納", "迦納"),
    ("GM", "岡比亞", "甘比亞"),
    ("GT", "危地馬拉", "瓜地馬拉"),
    ("GW", "幾內亞比紹", "幾內亞比索"),
    ("GY", "圭亞那", "蓋亞那"),
    ("HN", "洪都拉斯", "宏都拉斯"),
    ("IT", "意大利", "義大利"),
    ("KE", "肯雅", "肯亞"),
    ("KM", "科摩羅", "葛摩"),
    ("KN", "聖基茨和尼維斯", "聖克里斯多福及尼維斯"),
    ("LC", "聖盧西亞", "聖露西亞"),
    ("LI", "列支敦士登", "列支敦斯登"),
    ("LR", "利比里亞", "賴比瑞亞"),
    ("LS", "萊索托", "賴索托"),
    ("ME", "黑山", "蒙特內哥羅"),
    ("MR", "毛里塔尼亞", "茅利塔尼亞"),
    ("MT", "馬耳他", "馬爾他"),
    ("MU", "毛里裘斯", "模里西斯"),
    ("MV", "馬爾代夫", "馬爾地夫"),
    ("MW", "馬拉維", "馬拉威"),
    ("MZ", "莫桑比克", "莫三比克"),
    ("NG", "尼日利亞", "奈及利亞"),
    ("PF", "法屬波利尼西亞", "法屬玻里尼西亞"),
    ("PG", "巴布亞新畿內亞", "巴布亞紐幾內亞"),
    ("RW", "盧旺達", "盧安達"),
    ("SA", "沙地阿拉伯", "沙烏地阿拉伯"),
    ("SB", "所羅門群島", "索羅門群島"),
    ("SC", "塞舌爾", "塞席爾"),
    ("SI", "斯洛文尼亞", "斯洛維尼亞"),
    ("SL", "塞拉利昂", "獅子山"),
    ("SM", "聖馬力諾", "聖馬利諾"),
    ("SO", "索馬里", "索馬利亞"),
    ("SR", "蘇里南", "蘇利南"),
    ("SZ", "斯威士蘭", "史瓦帝尼"),
    ("TD", "乍得", "查德"),
    ("TO", "湯加", "東加"),
    ("TT", "千里達和多巴哥", "千里達及托巴哥"),
    ("TV", "圖瓦盧", "吐瓦魯"),
    ("TZ", "坦桑尼亞", "坦尚尼亞"),
    ("VC", "聖文森特和格林納丁斯", "聖文森及格瑞那丁"),
    ("VU", "瓦努阿圖", "萬那杜"),
    ("ZM", "贊比亞", "尚比亞"),
    ("ZW", "津巴布韋", "辛巴威"),
]


def country_names(locale):
    """{English name: name} of every country in one of our catalogues (context "country")."""
    path = LOCALE / locale / "LC_MESSAGES" / "django.po"
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgctxt == "country" and e.msgstr}


def taiwan_only_names():
    """The names django-countries' own Traditional catalogue (Taiwan's usage) gives where
    ours differ, and those of the list above, leaving out any that is part of one of our
    Hong Kong names (尼日 in 尼日利亞) and so no sign of Taiwan's usage."""
    package = Path(django_countries.__file__).parent / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.mo"
    theirs = {e.msgid: e.msgstr for e in polib.mofile(str(package)) if e.msgstr}
    ours = country_names("zh_Hant")
    names = {theirs[english] for english, hk in ours.items() if english in theirs and theirs[english] != hk}
    names |= {taiwan for _code, _hk, taiwan in HONG_KONG_AND_TAIWAN_NAMES}
    names -= ALSO_HONG_KONG_WORDS
    return sorted(name for name in names if not any(name in hk for hk in ours.values()))


# Taiwan's names of countries that are also Hong Kong words: Lion Rock (獅子山), the US
# state (喬治亞州), the Republic of the Congo by its long name.
ALSO_HONG_KONG_WORDS = {"獅子山", "喬治亞", "剛果共和國"}


def names_not_of_the_mainland():
    """Hong Kong and Taiwan names of countries written in Simplified characters where the
    mainland names them otherwise (毛里裘斯 for 毛里求斯), leaving out those inside a
    mainland name."""
    hong_kong, mainland = country_names("zh_Hant"), country_names("zh_Hans")
    taiwan = {hk: tw for _code, hk, tw in HONG_KONG_AND_TAIWAN_NAMES}
    others = set()
    for english, hk in hong_kong.items():
        for name in (hk, taiwan.get(hk)):
            if name and HK2S.convert(name) != mainland.get(english):
                others.add(HK2S.convert(name))
    others -= MAINLAND_ALSO_WRITES
    return sorted(name for name in others if not any(name in own for own in mainland.values()))


# Short names the mainland writes too (印尼 beside 印度尼西亚), or that also name a people (哈萨克族).
MAINLAND_ALSO_WRITES = {"印尼", "澳洲", "孟加拉", "哈萨克", "吉尔吉斯", "塔吉克", "土库曼", "乌兹别克"}


# Words that are the same in every language: brands, file formats and units, and the
# few Latin abbreviations Chinese text uses as they are (IP, cookie, DQ).
SAME_IN_EVERY_LANGUAGE = {
    "Facebook", "X", "Instagram", "YouTube", "Telegram", "WhatsApp", "LINE", "WeChat", "Signal",
    "Mastodon", "Bluesky", "Threads", "CSV", "XLSX", "JSON", "PDF", "PNG", "SVG", "JPEG",
    "RSS", "Atom", "A4", "A3", "QR", "WebP", "GIF", "ZIP", "KB", "MB", "IP", "cookie",
    # 取消資格 as Hong Kong writes it.
    "DQ",
}  # fmt: skip

_READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "value")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# <head> holds the <title>, which cannot mark part of itself with `lang`.
_SKIPPED = {"head", "script", "style", "template", "noscript"}


class _TextNodes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang)
        self.nodes = []

    def _lang(self):
        for _tag, lang in reversed(self.stack):
            if lang is not None:
                return lang
        return ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        if not any(skipped in _SKIPPED for skipped, _lang in self.stack):
            # What a reader sees or hears of an element besides its text.
            for name in _READ_ATTRIBUTES:
                value = attributes.get(name)
                if (
                    value
                    and value.strip()
                    and (name != "value" or attributes.get("type") in ("submit", "button"))
                ):
                    self.nodes.append((" ".join(value.split()), lang or self._lang()))
        if tag not in _VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if data.strip() and not any(tag in _SKIPPED for tag, _lang in self.stack):
            self.nodes.append((" ".join(data.split()), self._lang()))


def text_nodes(html):
    """The page's visible text nodes and the attributes a reader sees or hears (alt,
    title, aria-label, placeholder, a button's value), each with the language it is
    marked in (its nearest `lang` attribute, as a browser and a screen reader read it)."""
    parser = _TextNodes()
    parser.feed(html)
    parser.close()
    return parser.nodes


def in_language(lang, language):
    """Whether a `lang` attribute's value marks text as `language` (en, zh-hant, zh-hans)."""
    lang = lang.lower()
    if language == "en":
        return lang == "en" or lang.startswith("en-")
    script = language.split("-")[1]
    return lang.startswith(f"zh-{script}")


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|\b[\w.-]+\.(?:org|com|net|hk|io|info)\b\S*")


def english_words(text):
    """The English words of a text node, leaving out addresses, links and the words the
    same in every language."""
    text = _NOT_WORDS.sub(" ", text)
    return [word for word in _WORD.findall(text) if word not in SAME_IN_EVERY_LANGUAGE]
