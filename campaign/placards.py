"""Print-ready protest placards: the campaign's slogans as A4/A3 PDFs with PNG previews.

Each placard carries its Chinese slogan (Traditional, or Simplified converted with
OpenCC) in large type and its English lines beneath, with the fonts embedded so
any print shop prints what we see. The glyphs come from Noto Sans CJK Bold:

1. the subset shipped in `campaign/fonts/` (only the characters of the slogans
   below; made by `manage.py subset_placard_fonts`), when it has every character;
2. else the Noto Sans CJK installed on the system (found with fc-match or in the
   usual folders);
3. else `FontMissing` says what to install.
"""

import io
import logging
import shutil
import subprocess  # noqa: S404 -- fc-match only, with fixed arguments
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from core.i18n import convert
from core.uploads import pdf_first_page_image

# fontTools reports every table it subsets at INFO: too chatty for a command's output.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BUNDLED_FONTS = {
    "zh-hant": FONT_DIR / "NotoSansCJKhk-Bold-subset.otf",
    "zh-hans": FONT_DIR / "NotoSansCJKsc-Bold-subset.otf",
}
# Hong Kong glyph forms for Traditional, mainland forms for Simplified.
SYSTEM_FAMILIES = {
    "zh-hant": ["Noto Sans CJK HK", "Noto Sans CJK TC", "Source Han Sans HK", "Source Han Sans TC"],
    "zh-hans": ["Noto Sans CJK SC", "Source Han Sans SC"],
}
SYSTEM_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
]
INSTALL_HINT = (
    "No font with Chinese characters was found for these placards. Install Noto Sans CJK: "
    "`apt-get install fonts-noto-cjk` (Debian, Ubuntu), `dnf install google-noto-sans-cjk-fonts` "
    "(Fedora), `brew install --cask font-noto-sans-cjk` (macOS), then run the command again."
)

CAMPAIGN_NAME = {"zh-hant": "停止鎮壓香港", "en": "Stop Repression in Hong Kong"}
SCRIPT_LABEL = {"zh-hant": "Traditional Chinese", "zh-hans": "Simplified Chinese"}
# Paper sizes in millimetres (portrait): what office printers and print shops take.
SIZES = {"A4": (210, 297), "A3": (297, 420)}
# Fixed so that the same placard always gives the same bytes (a re-run changes nothing).
CREATION_DATE = datetime(2024, 1, 1, tzinfo=UTC)

RED = (179, 18, 31)
DARK = (29, 29, 36)
WHITE = (255, 255, 255)


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Placard:
    key: str
    chinese: tuple  # lines in Traditional Chinese
    english: tuple
    tags: tuple = field(default=())
    context: str = ""  # where it was used, for the description

    def chinese_lines(self, script):
        if script == "zh-hans":
            return tuple(convert(line, source="zh-hant", target="zh-hans") for line in self.chinese)
        return self.chinese

    def tag_line(self, script):
        line = "  ".join(self.tags)
        return convert(line, source="zh-hant", target="zh-hans") if script == "zh-hans" else line

    def chinese_title(self, script):
        return "，".join(self.chinese_lines(script))

    def english_title(self):
        return " – ".join(line.rstrip(",… ") for line in self.english)


# The campaign's placards, as carried at its protests.
PLACARDS = [
    Placard(
        "shame-release",
        ("香港政府可恥", "釋放政治犯"),
        ("Shame on Hong Kong government", "Release all political prisoners"),
        context="mtr",
    ),
    Placard(
        "no-public-security",
        ("不要公安", "入侵香港"),
        ("No Chinese Public Security", "in Hong Kong"),
        context="mtr",
    ),
    Placard(
        "mtr-repression",
        ("港鐵淪爲政治工具", "政府鎮壓可恥"),
        ("Hong Kong MTR is a tool", "of political repression", "Shame on Hong Kong government"),
        context="mtr",
    ),
    Placard(
        "article-23",
        ("反對二三條", "停止鎮壓", "唯有羣衆鬥爭"),
        ("No to Article 23", "Only mass resistance can defeat repression"),
    ),
    Placard(
        "down-with-dictatorship",
        ("打倒獨裁體制", "實現全面民主"),
        ("Down with dictatorship,", "for immediate full democratic rights"),
        tags=("#NotMyPresident", "#IDisagree", "#我不同意#"),
    ),
    Placard(
        "history-repeats",
        ("歷史重複上演", "第一次是鬧劇", "第二次是悲劇"),
        ("History repeats itself...", "first as farce, then as tragedy"),
    ),
]
BY_KEY = {placard.key: placard for placard in PLACARDS}


def placard_characters():
    """Every character the shipped placards print, in both scripts."""
    chars = set()
    for placard in PLACARDS:
        for script in ("zh-hant", "zh-hans"):
            chars.update("".join(placard.chinese_lines(script)))
            chars.update(placard.tag_line(script))
        chars.update("".join(placard.english))
    for script in ("zh-hant", "zh-hans"):
        chars.update(convert(CAMPAIGN_NAME["zh-hant"], source="zh-hant", target=script))
    chars.update(CAMPAIGN_NAME["en"])
    return chars


# --- Fonts --------------------------------------------------------------------


@dataclass(frozen=True)
class FontChoice:
    path: Path
    index: int = 0

    @property
    def bundled(self):
        return self.path.parent == FONT_DIR


@cache
def _cmap(path, index):
    # fontTools and fpdf are imported where a placard is made: only `make_placards`
    # and the demo need them, and fpdf alone takes a quarter of a second to import.
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def covers(choice, text):
    needed = {ord(ch) for ch in text if not ch.isspace()}
    return needed <= _cmap(str(choice.path), choice.index)


def _fc_match(family, style="Bold"):
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(  # noqa: S603
            ["fc-match", "--format=%{family}\n%{file}\n%{index}", f"{family}:style={style}"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.splitlines()
    # fc-match always answers with something: accept it only if it is the family asked for.
    if len(lines) >= 3 and family.lower() in lines[0].lower() and Path(lines[1]).is_file():
        return FontChoice(Path(lines[1]), int(lines[2] or 0))
    return None


def _face_index(path, families):
    """The index of the wanted face in a font collection (.ttc), or 0."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection  # here, not above: see _cmap

    collection = TTCollection(str(path), lazy=True)
    try:
        names = [font["name"].getDebugName(1) or "" for font in collection.fonts]
    finally:
        collection.close()
    for family in families:
        for index, name in enumerate(names):
            if name == family:
                return index
    return 0


@cache
def system_font(script, style="Bold"):
    for family in SYSTEM_FAMILIES[script]:
        choice = _fc_match(family, style)
        if choice:
            return choice
    for candidate in SYSTEM_PATHS:
        path = Path(candidate)
        if path.is_file() and style in path.name:
            return FontChoice(path, _face_index(path, SYSTEM_FAMILIES[script]))
    return None


def find_font(script, text, style="Bold"):
    """The font to print `text` in `script` with, or FontMissing saying what to install.
    The bundled subsets are bold: other styles come from the system."""
    bundled = FontChoice(BUNDLED_FONTS[script])
    if style == "Bold" and bundled.path.is_file() and covers(bundled, text):
        return bundled
    choice = system_font(script, style)
    if choice and covers(choice, text):
        return choice
    raise FontMissing(INSTALL_HINT)


# --- Rendering ----------------------------------------------------------------


def render_pdf(placard, *, script="zh-hant", size="A4"):
    """The placard as PDF bytes: one portrait page, fonts embedded (subset)."""
    from fpdf import FPDF  # here, not above: see _cmap

    chinese = placard.chinese_lines(script)
    tags = placard.tag_line(script)
    name_zh = convert(CAMPAIGN_NAME["zh-hant"], source="zh-hant", target=script)
    header = f"{name_zh}  ·  {CAMPAIGN_NAME['en']}"
    font = find_font(script, "".join(chinese) + tags + header + "".join(placard.english))

    width, height = SIZES[size]
    k = width / 210  # everything scales with the paper
    margin = 18 * k
    usable = width - 2 * margin

    pdf = FPDF(orientation="P", unit="mm", format=size)
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(f"{placard.chinese_title(script)} / {placard.english_title()}")
    pdf.set_author(CAMPAIGN_NAME["en"])
    pdf.set_subject(f"Protest placard, {SCRIPT_LABEL[script]}, {size}")
    pdf.set_lang("zh-Hant" if script == "zh-hant" else "zh-Hans")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_font("placard", "", str(font.path), collection_font_number=font.index)
    pdf.add_page()

    # Red bands at the top and bottom frame the slogan and name the campaign.
    band = 20 * k
    pdf.set_fill_color(*RED)
    pdf.rect(0, 0, width, band, style="F")
    pdf.rect(0, height - band, width, band, style="F")
    pdf.set_text_color(*WHITE)
    _centred(pdf, header, y=band / 2, size=_fit(pdf, [header], usable, 16 * k))
    if tags:
        _centred(pdf, tags, y=height - band / 2, size=_fit(pdf, [tags], usable, 18 * k))

    # The Chinese lines as large as the width allows, the English lines beneath.
    zh_size = _fit(pdf, chinese, usable, 200 * k)
    zh_size = min(zh_size, (height - 2 * band - 2 * margin) * 0.55 / len(chinese) / 0.3528 / 1.25)
    en_size = _fit(pdf, placard.english, usable, min(40 * k, zh_size * 0.45))
    zh_line = zh_size * 0.3528 * 1.25  # points to millimetres, with leading
    en_line = en_size * 0.3528 * 1.35
    rule_gap = 12 * k
    block = len(chinese) * zh_line + rule_gap * 2 + len(placard.english) * en_line
    y = band + (height - 2 * band - block) / 2

    pdf.set_text_color(*DARK)
    for line in chinese:
        _centred(pdf, line, y=y + zh_line / 2, size=zh_size)
        y += zh_line
    y += rule_gap
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.6 * k)
    pdf.line(width / 2 - 30 * k, y, width / 2 + 30 * k, y)
    y += rule_gap
    pdf.set_text_color(*RED)
    for line in placard.english:
        _centred(pdf, line, y=y + en_line / 2, size=en_size)
        y += en_line
    return bytes(pdf.output())


def _fit(pdf, lines, usable, largest):
    """The largest font size (pt), at most `largest`, at which every line fits the width."""
    pdf.set_font("placard", size=100)
    widest = max(pdf.get_string_width(line) for line in lines)
    return min(largest, 100 * usable / widest) if widest else largest


def _centred(pdf, text, *, y, size):
    pdf.set_font("placard", size=size)
    text_width = pdf.get_string_width(text)
    # Baseline placed so the line's visual centre sits on y.
    pdf.text(x=(pdf.w - text_width) / 2, y=y + size * 0.3528 * 0.35, text=text)


def render_png(pdf_bytes, *, width=600):
    """A PNG preview of the placard's page."""
    image = pdf_first_page_image(pdf_bytes, width=width)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), image.width, image.height


def file_stem(placard, script, size):
    return f"placard-{placard.key}-{script}-{size.lower()}"
