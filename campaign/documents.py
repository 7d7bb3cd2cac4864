"""Print-ready documents beside the placards: the leaflet, the statement, the model
motion and the model letter to an MP, the student pack, and the paper sign sheet.

Each is written in English and Traditional Chinese (Hong Kong usage) here; Simplified
Chinese (mainland usage) is converted with OpenCC. They are rendered like the placards
(campaign/placards.py): fpdf2, fonts embedded, a fixed creation date so the same text
always gives the same bytes. Body text is set in Noto Sans CJK Regular and headings in
Bold, both from the system (the bundled subsets hold only the placards' characters).

File names are whole and consistent: `<document>-<language>-<size>.pdf`
(`leaflet-zh-hant-a5.pdf`), and each PDF's title is the document's own title in its
language, never a string of joined pieces.
"""

from dataclasses import dataclass

import segno
from django.urls import reverse
from django.utils import translation

from campaign.placards import CREATION_DATE, DARK, RED, WHITE, find_font
from core.i18n import convert
from core.links import absolute_url

LANGUAGES = ("en", "zh-hant", "zh-hans")
PAPER = {"A5": (148, 210), "A4": (210, 297), "A3": (297, 420)}
PDF_LANG = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}
LANGUAGE_NAMES = {
    "en": {"en": "English", "zh-hant": "Traditional Chinese", "zh-hans": "Simplified Chinese"},
    "zh-hant": {"en": "英文", "zh-hant": "繁體中文", "zh-hans": "簡體中文"},
}


def _hans(text):
    """The Traditional Chinese `text` in Simplified Chinese (mainland usage)."""
    return convert(text, source="zh-hant", target="zh-hans")


@dataclass(frozen=True)
class Document:
    key: str
    kind: str  # a Material.Kind value
    sizes: tuple
    title: dict  # language → the whole title
    blocks: dict  # "en" / "zh-hant" → [(style, text)], style "h" (heading), "p", "li", "sign"
    description: dict  # "en" / "zh-hant" → what it is for

    def title_in(self, language):
        if language == "zh-hans":
            return _hans(self.title["zh-hant"])
        return self.title[language]

    def blocks_in(self, language):
        if language == "zh-hans":
            return [(style, _hans(text)) for style, text in self.blocks["zh-hant"]]
        return self.blocks[language]

    def file_name(self, language, size):
        return f"{self.key}-{language}-{size.lower()}.pdf"


LEAFLET = Document(
    key="leaflet",
    kind="leaflet",
    sizes=("A5", "A4"),
    title={"en": "Stop repression in Hong Kong", "zh-hant": "停止鎮壓香港"},
    description={
        "en": "A leaflet to hand out at stalls, meetings and protests: what is happening and how to help.",
        "zh-hant": "在街站、會議和抗議中派發的傳單：說明發生了甚麼事，以及可以怎樣幫忙。",
    },
    blocks={
        "en": [
            (
                "p",
                "Hong Kong's democracy movement once filled the streets with millions. Today its "
                "organisers are in prison, independent unions have been forced to close and new security "
                "laws punish peaceful speech.",
            ),
            ("h", "What we demand"),
            ("li", "Free all political prisoners and drop the charges against them."),
            ("li", "Repeal the national security laws and Article 23."),
            ("li", "The right to form independent trade unions and to strike."),
            ("li", "Full democratic rights: free elections, free speech, free assembly."),
            ("h", "What you can do"),
            ("li", "Sign the petition, and ask your friends and workmates to sign."),
            ("li", "Ask your union or student union to pass a motion of support."),
            ("li", "Join our protests and invite a speaker to your meeting."),
            ("sign", "Sign at {site}"),
        ],
        "zh-hant": [
            (
                "p",
                "香港的民主運動曾經令數以百萬計的市民走上街頭。今天，運動的組織者身陷囹圄，"
                "獨立工會被迫解散，新的國安法例懲罰和平的言論。",
            ),
            ("h", "我們的要求"),
            ("li", "釋放所有政治犯，撤銷對他們的檢控。"),
            ("li", "廢除國安法及《基本法》第二十三條立法。"),
            ("li", "組織獨立工會和罷工的權利。"),
            ("li", "全面的民主權利：自由選舉、言論自由、集會自由。"),
            ("h", "你可以做甚麼"),
            ("li", "簽署聯署，並邀請朋友和同事一起聯署。"),
            ("li", "請你的工會或學生會通過支持動議。"),
            ("li", "參加我們的抗議活動，邀請講者出席你的會議。"),
            ("sign", "請到 {site} 聯署"),
        ],
    },
)

STATEMENT = Document(
    key="statement",
    kind="statement",
    sizes=("A4", "A3"),
    title={"en": "Statement: stop repression in Hong Kong", "zh-hant": "聲明：停止鎮壓香港"},
    description={
        "en": "The campaign's statement, to present to your union, party or association.",
        "zh-hant": "運動的聲明，可提交你的工會、政黨或團體。",
    },
    blocks={
        "en": [
            (
                "p",
                "We, the undersigned, stand with the people of Hong Kong against the repression of "
                "their democratic rights.",
            ),
            (
                "p",
                "Since 2020 the authorities have jailed hundreds of people for what they said, wrote or "
                "organised. Elections have been reshaped so that only approved candidates may stand. Dozens "
                "of independent trade unions, student unions and civil society groups have been forced to "
                "disband, and the Article 23 law has widened the crimes of sedition and state secrets.",
            ),
            (
                "p",
                "Repression in Hong Kong is part of the same system that denies workers in mainland China "
                "the right to organise. Solidarity across borders, from trade unions, students and ordinary "
                "people, is what the authorities fear most.",
            ),
            ("h", "We call for"),
            ("li", "the release of all political prisoners;"),
            ("li", "the repeal of the national security laws;"),
            ("li", "the right to independent trade unions and to strike;"),
            ("li", "full democratic rights for the people of Hong Kong and China."),
            ("sign", "Add your name or your organisation's at {site}"),
        ],
        "zh-hant": [
            ("p", "我們，下列聯署人，與香港人站在一起，反對對他們民主權利的鎮壓。"),
            (
                "p",
                "自2020年以來，當局因為人們的言論、文字或組織工作而將數以百計的人投入監獄。選舉制度被改寫，"
                "只有獲批准的候選人才可參選。數十個獨立工會、學生會和公民社會團體被迫解散，"
                "第二十三條立法更擴大了煽動罪和國家秘密的範圍。",
            ),
            (
                "p",
                "香港的鎮壓與剝奪中國內地工人組織權利的，是同一個體制。來自工會、學生和普通市民的跨國團結，"
                "正是當權者最害怕的。",
            ),
            ("h", "我們要求"),
            ("li", "釋放所有政治犯；"),
            ("li", "廢除國安法例；"),
            ("li", "組織獨立工會和罷工的權利；"),
            ("li", "香港和中國人民享有全面的民主權利。"),
            ("sign", "請到 {site} 加上你或你所屬組織的名字"),
        ],
    },
)

MODEL_MOTION = Document(
    key="model-motion",
    kind="motion",
    sizes=("A4",),
    title={"en": "Model motion: solidarity with Hong Kong", "zh-hant": "動議範本：聲援香港"},
    description={
        "en": "A model motion for trade union branches, student unions and associations. Adapt it, "
        "pass it, then tell us on the “Motions passed” page.",
        "zh-hant": "供工會分會、學生會和團體使用的動議範本。可按需要修改，"
        "通過後請在「已通過的動議」頁面告訴我們。",
    },
    blocks={
        "en": [
            ("h", "This branch notes"),
            ("li", "that hundreds of people in Hong Kong have been jailed for peaceful political activity;"),
            (
                "li",
                "that independent trade unions in Hong Kong, including the Confederation of Trade Unions, "
                "have been forced to disband;",
            ),
            ("li", "that workers in mainland China are denied the right to form their own unions."),
            ("h", "This branch believes"),
            ("li", "that the right to organise and to speak freely is the foundation of every trade union;"),
            ("li", "that an injury to one is an injury to all, across every border."),
            ("h", "This branch resolves"),
            ("li", "to sign the petition “Stop Repression in Hong Kong” as an organisation;"),
            (
                "li",
                "to support solidarity campaigns with those fighting for independent trade unions and "
                "democratic rights in Hong Kong and China;",
            ),
            ("li", "to invite a speaker from the campaign to a future meeting;"),
            ("li", "to ask the union's regional and national bodies to adopt this position."),
            ("sign", "Sign and report your motion at {site}"),
        ],
        "zh-hant": [
            ("h", "本分會注意到"),
            ("li", "香港有數以百計的人因和平的政治活動而被監禁；"),
            ("li", "香港的獨立工會，包括香港職工會聯盟，已被迫解散；"),
            ("li", "中國內地的工人被剝奪組織自己工會的權利。"),
            ("h", "本分會認為"),
            ("li", "組織和自由發言的權利是每一個工會的基礎；"),
            ("li", "傷害一人即傷害所有人，不分國界。"),
            ("h", "本分會決議"),
            ("li", "以組織名義簽署「停止鎮壓香港」聯署；"),
            ("li", "支持聲援香港和中國爭取獨立工會及民主權利人士的團結運動；"),
            ("li", "邀請運動的講者出席日後的會議；"),
            ("li", "要求工會的地區和全國機構採納這一立場。"),
            ("sign", "請到 {site} 聯署並告訴我們動議已通過"),
        ],
    },
)

LETTER_TO_MP = Document(
    key="letter-to-mp",
    kind="motion",
    sizes=("A4",),
    title={"en": "Model letter to your MP", "zh-hant": "致議員的信件範本"},
    description={
        "en": "A short letter asking your member of parliament to speak up for Hong Kong's "
        "political prisoners.",
        "zh-hant": "一封簡短的信，請你的國會議員為香港的政治犯發聲。",
    },
    blocks={
        "en": [
            ("p", "Dear [name of your MP],"),
            (
                "p",
                "I am writing as your constituent to ask you to speak up for the people of Hong Kong. "
                "Hundreds of people there are in prison for peaceful political activity, independent trade "
                "unions have been forced to close and the Article 23 law now punishes ordinary speech.",
            ),
            (
                "p",
                "I ask you to call publicly for the release of Hong Kong's political prisoners, to raise "
                "their cases with the government, and to support the right of workers in Hong Kong and China "
                "to form independent trade unions.",
            ),
            (
                "p",
                "I have signed the petition “Stop Repression in Hong Kong”, and I would be glad to know "
                "what you will do.",
            ),
            ("p", "Yours sincerely,"),
            ("p", "[your name and address]"),
            ("sign", "The petition: {site}"),
        ],
        "zh-hant": [
            ("p", "[議員姓名] 議員："),
            (
                "p",
                "作為你選區的居民，我寫信請你為香港人發聲。香港有數以百計的人因和平的政治活動而身陷囹圄，"
                "獨立工會被迫解散，第二十三條立法更懲罰日常的言論。",
            ),
            (
                "p",
                "我請你公開呼籲釋放香港的政治犯，向政府提出他們的個案，並支持香港和中國工人組織獨立工會的權利。",
            ),
            ("p", "我已簽署「停止鎮壓香港」聯署，希望知道你會採取甚麼行動。"),
            ("p", "此致"),
            ("p", "[你的姓名及地址]"),
            ("sign", "聯署網址：{site}"),
        ],
    },
)

STUDENT_PACK = Document(
    key="student-pack",
    kind="leaflet",
    sizes=("A4",),
    title={
        "en": "Student pack: solidarity with Hong Kong on your campus",
        "zh-hant": "學生資料包：在校園聲援香港",
    },
    description={
        "en": "For Chinese-speaking students abroad: how to take part safely, bring a motion to your "
        "student union and run a stall.",
        "zh-hant": "給海外華人學生：如何安全地參與、向學生會提出動議，以及舉辦街站。",
    },
    blocks={
        "en": [
            (
                "p",
                "Many students from Hong Kong and mainland China want to support the campaign but worry "
                "about being watched. This pack explains how to take part while protecting yourself.",
            ),
            ("h", "Signing safely"),
            (
                "li",
                "You may sign with your initials only, or choose not to be listed at all: "
                "you are still counted.",
            ),
            ("li", "Your email address is never shown and is stored encrypted."),
            ("li", "You can withdraw your signature at any time with the link in our emails."),
            ("h", "On your campus"),
            ("li", "Bring the model motion to your student union or society, and tell us when it passes."),
            (
                "li",
                "Run a stall with the leaflets and the paper sign sheets; a second person checks each "
                "sheet before it is counted.",
            ),
            ("li", "Invite a speaker: we can join your meeting by video call."),
            ("h", "Look after each other"),
            ("li", "Do not photograph other people at events without asking them."),
            ("li", "If anyone is harassed or threatened, tell your university and contact us."),
            ("sign", "Sign and find the materials at {site}"),
        ],
        "zh-hant": [
            (
                "p",
                "許多來自香港和中國內地的學生都想支持運動，但擔心受到監視。本資料包說明如何在保護自己的同時參與。",
            ),
            ("h", "安全地聯署"),
            ("li", "你可以只顯示姓名縮寫，或選擇完全不公開名字：你的聯署依然會被計算。"),
            ("li", "你的電郵地址永不公開，並以加密方式儲存。"),
            ("li", "你可以隨時透過我們電郵中的連結撤回聯署。"),
            ("h", "在你的校園"),
            ("li", "把動議範本帶到你的學生會或學會，通過後告訴我們。"),
            ("li", "用傳單和紙本聯署表舉辦街站；每張聯署表在計算前都由第二個人核對。"),
            ("li", "邀請講者：我們可以透過視像會議出席你的會議。"),
            ("h", "互相照顧"),
            ("li", "未經同意，不要在活動中拍攝其他人。"),
            ("li", "如有人受到騷擾或威脅，請通知你的大學並聯絡我們。"),
            ("sign", "請到 {site} 聯署及下載資料"),
        ],
    },
)

DOCUMENTS = [LEAFLET, STATEMENT, MODEL_MOTION, LETTER_TO_MP, STUDENT_PACK]
BY_KEY = {document.key: document for document in DOCUMENTS}


def sign_url(language, via):
    """The signing page in `language`, its share channel saying which paper brought the signer."""
    with translation.override(language):
        return absolute_url(reverse("petition:sign")) + f"?via={via}"


def _all_text(document, language):
    return document.title_in(language) + "".join(text for _style, text in document.blocks_in(language))


def _new_pdf(*, orientation, paper, title, language):
    """An empty PDF with the documents' fixed creation date, author, `title` and `language`."""
    from fpdf import FPDF  # imported where a document is made, as for the placards

    pdf = FPDF(orientation=orientation, unit="mm", format=paper)
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(title)
    pdf.set_author("Stop Repression in Hong Kong")
    pdf.set_lang(language)
    return pdf


def _text(pdf, line, *, size, after, wrap, indent=0):
    """A paragraph of body text (`indent` mm in), then `after` mm of space."""
    pdf.set_text_color(*DARK)
    pdf.set_font("body", "", size)
    if indent:
        pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, size * 0.5, line, wrapmode=wrap)
    pdf.ln(after)


def render_document(document, *, language, size, site_url):
    """The document as PDF bytes, in `language` on `size` paper, its QR code to `site_url`."""
    script = "zh-hans" if language == "zh-hans" else "zh-hant"
    text = _all_text(document, language) + site_url
    regular = find_font(script, text, style="Regular")
    bold = find_font(script, text, style="Bold")
    width, height = PAPER[size]
    k = max(width / 210, 0.85)  # A5 keeps a readable type size
    margin = 16 * width / 210

    pdf = _new_pdf(
        orientation="P", paper=(width, height), title=document.title_in(language), language=PDF_LANG[language]
    )
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    pdf.add_font("body", "", str(regular.path), collection_font_number=regular.index)
    pdf.add_font("body", "B", str(bold.path), collection_font_number=bold.index)
    wrap = "WORD" if language == "en" else "CHAR"
    pdf.add_page()

    band = 22 * k
    pdf.set_fill_color(*RED)
    pdf.rect(0, 0, width, band, style="F")
    pdf.set_text_color(*WHITE)
    pdf.set_font("body", "B", 16 * k)
    pdf.set_xy(margin, band / 2 - 5 * k)
    pdf.cell(width - 2 * margin, 10 * k, document.title_in(language))
    pdf.set_y(band + 8 * k)

    body = 11 * k
    for style, line in document.blocks_in(language):
        if style == "h":
            pdf.ln(3 * k)
            pdf.set_text_color(*RED)
            pdf.set_font("body", "B", 13 * k)
            pdf.multi_cell(0, 7 * k, line, wrapmode=wrap)
            pdf.ln(1 * k)
        elif style == "li":
            _text(pdf, "• " + line, size=body, after=1 * k, wrap=wrap, indent=5 * k)
        elif style == "sign":
            pdf.ln(6 * k)
            _qr_with_caption(pdf, site_url, line.format(site=site_url), size=28 * k, k=k, wrap=wrap)
        else:
            _text(pdf, line, size=body, after=2 * k, wrap=wrap)
    return bytes(pdf.output())


def _qr(pdf, url, *, x, y, size):
    """A QR code drawn as squares: sharp at any printing size, no image embedded."""
    matrix = segno.make(url, error="m").matrix
    cells = len(matrix) + 8  # the quiet zone of four modules on each side
    unit = size / cells
    pdf.set_fill_color(*WHITE)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, values in enumerate(matrix):
        for col, dark in enumerate(values):
            if dark:
                pdf.rect(x + (col + 4) * unit, y + (row + 4) * unit, unit, unit, style="F")


def _qr_with_caption(pdf, url, caption, *, size, k, wrap):
    if pdf.get_y() + size > pdf.h - pdf.b_margin:
        pdf.add_page()
    y = pdf.get_y()
    _qr(pdf, url, x=pdf.l_margin, y=y, size=size)
    pdf.set_xy(pdf.l_margin + size + 4 * k, y + size / 2 - 5 * k)
    pdf.set_text_color(*RED)
    pdf.set_font("body", "B", 12 * k)
    pdf.multi_cell(0, 6 * k, caption, wrapmode=wrap)
    pdf.set_y(y + size + 2 * k)


# --- The paper sign sheet ---------------------------------------------------------

SHEET_ROWS = 12
SHEET_TEXT = {
    "title": {
        "en": "Petition: Stop repression in Hong Kong",
        "zh-hant": "聯署：停止鎮壓香港",
    },
    "consent": {
        "en": "By signing you support the petition. Your email is used only to count your signature and, if "
        "you tick the box, to keep you informed. Your name is shown on the public list only if you tick "
        "“List my name”. Withdraw at any time by writing to us.",
        "zh-hant": "簽署即表示你支持本聯署。你的電郵只用於計算你的聯署，以及在你勾選時向你發送消息。"
        "只有勾選「公開我的名字」，你的名字才會出現在公開名單上。你可隨時來信撤回聯署。",
    },
    "columns": {
        "en": ["Name", "Email", "Country", "City", "List my name", "Keep me informed", "Signature"],
        "zh-hant": ["姓名", "電郵", "國家／地區", "城市", "公開我的名字", "向我發送消息", "簽名"],
    },
    "sheet": {"en": "Sheet no.", "zh-hant": "表格編號"},
    "online": {"en": "Or sign online:", "zh-hant": "或在網上聯署："},
}


def _sheet(key, language):
    value = SHEET_TEXT[key]["en" if language == "en" else "zh-hant"]
    if language != "zh-hans":
        return value
    if isinstance(value, list):
        return [_hans(v) for v in value]
    return _hans(value)


def render_sign_sheets(*, first=None, count=1, site_url):
    """Paper sign sheets numbered `first` to `first + count - 1` (or with a blank for the
    number when `first` is None, for the materials page): A4 landscape, the wording in
    the three languages, a QR code back to the site on each. Organisers print numbered
    ones with `manage.py make_documents --sheets`; a batch entered later names them."""
    text = "".join("".join(_sheet(key, language)) for key in SHEET_TEXT for language in LANGUAGES) + site_url
    fonts = {script: find_font(script, text, style="Regular") for script in ("zh-hant", "zh-hans")}
    pdf = _new_pdf(
        orientation="L", paper="A4", title="Petition sign sheets – 聯署表格 – 联署表格", language="en"
    )
    pdf.set_auto_page_break(False)
    pdf.set_margins(10, 10, 10)
    pdf.add_font("hant", "", str(fonts["zh-hant"].path), collection_font_number=fonts["zh-hant"].index)
    pdf.add_font("hans", "", str(fonts["zh-hans"].path), collection_font_number=fonts["zh-hans"].index)
    face = {"en": "hant", "zh-hant": "hant", "zh-hans": "hans"}
    numbers = range(first, first + count) if first is not None else [None] * count
    for number in numbers:
        pdf.add_page()
        pdf.set_text_color(*RED)
        pdf.set_font("hant", "", 15)
        pdf.set_xy(10, 9)
        pdf.cell(200, 8, " / ".join(_sheet("title", lang) for lang in ("en", "zh-hant")))
        pdf.set_font("hans", "", 11)
        pdf.set_xy(10, 17)
        pdf.cell(200, 6, _sheet("title", "zh-hans"))
        pdf.set_text_color(*DARK)
        pdf.set_font("hant", "", 12)
        pdf.set_xy(215, 9)
        shown = f"{number:05d}" if number is not None else "________"
        pdf.cell(45, 8, f"{_sheet('sheet', 'en')} / {_sheet('sheet', 'zh-hant')}: {shown}", align="R")
        _qr(pdf, site_url, x=262, y=6, size=26)
        y = 25
        for language in LANGUAGES:
            pdf.set_font(face[language], "", 7.5)
            pdf.set_xy(10, y)
            pdf.multi_cell(
                248, 3.6, _sheet("consent", language), wrapmode="WORD" if language == "en" else "CHAR"
            )
            y = pdf.get_y() + 0.8
        pdf.set_font("hant", "", 7)
        pdf.set_xy(262, 32)
        pdf.cell(26, 4, site_url.split("//")[-1][:40], align="C")
        widths = [48, 60, 28, 30, 24, 26, 61]
        y += 2
        pdf.set_draw_color(*DARK)
        pdf.set_line_width(0.2)
        x = 10
        heads = {lang: _sheet("columns", lang) for lang in LANGUAGES}
        for index, w in enumerate(widths):
            pdf.set_fill_color(245, 230, 228)
            pdf.rect(x, y, w, 11, style="DF")
            for language, down in zip(LANGUAGES, (0.5, 4, 7.3), strict=True):
                pdf.set_font(face[language], "", 7.5)
                pdf.set_xy(x + 1, y + down)
                pdf.cell(w - 2, 3.5, heads[language][index])
            x += w
        y += 11
        row = (200 - y) / SHEET_ROWS
        for _ in range(SHEET_ROWS):
            x = 10
            for index, w in enumerate(widths):
                pdf.rect(x, y, w, row)
                if index in (4, 5):  # the tick boxes
                    pdf.rect(x + w / 2 - 2.5, y + row / 2 - 2.5, 5, 5)
                x += w
            y += row
    return bytes(pdf.output())
