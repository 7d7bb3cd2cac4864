"""Demo categories and articles, written for this site (some in one language only, to show
the fallback). Running it again changes nothing."""

import datetime
import random
from io import BytesIO

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.demo_news import NEWS
from articles.models import Article, Category
from core.i18n import fill_other_script
from core.sanitize import clean_article_html

CATEGORIES = [
    ("hong-kong", "Hong Kong", "香港"),
    ("china", "China", "中國"),
    ("solidarity-campaign", "Solidarity campaign", "聲援運動"),
    ("international", "International", "國際"),
]

# Bylines in each language; a name (Dikang, ISA, chinaworker.info) stays as written.
SOLIDARITY = {
    "en": "Solidarity Against Repression in China and Hong Kong",
    "zh-hant": "聲援中港反鎮壓運動",
    "zh-hans": "声援中港反镇压运动",
}
SOCIALIST_ACTION_REPORTERS = {
    "en": "Socialist Action reporters",
    "zh-hant": "社會主義行動記者",
    "zh-hans": "社会主义行动记者",
}

# slug, date, categories, {language: byline}, {language: (title, summary, body)}, image?
ARTICLES = [
    (
        "campaign-launch-solidarity-against-repression",
        (2021, 6, 10),
        ["solidarity-campaign", "international"],
        SOLIDARITY,
        {
            "en": (
                "A new international campaign against repression in China and Hong Kong",
                "Socialists, trade unionists and activists in several countries are joining forces to "
                "defend those jailed for fighting for democratic rights.",
                "<p>Since the mass movement of 2019, Beijing and its administration in Hong Kong have "
                "answered every form of dissent with arrests, trials and bans. The National Security "
                "Law imposed in June 2020 turned peaceful protest into a crime that can carry a life "
                "sentence.</p>"
                "<p>The campaign launched this week has three aims: to make the facts known, to win "
                "support from trade unions and student bodies, and to organise protests wherever "
                "Chinese and Hong Kong officials appear abroad.</p>"
                "<h2>What we ask of supporters</h2>"
                "<ul><li>Sign the petition and share it.</li>"
                "<li>Propose a solidarity motion in your union branch or student union.</li>"
                "<li>Invite a speaker from the campaign to a meeting.</li></ul>"
                "<p>We oppose repression by every government and take no side with any of the big "
                "powers: our allies are workers, young people and the oppressed.</p>",
            ),
            "zh-hant": (
                "聲援中港抗爭者的國際運動正式成立",
                "多國的社會主義者、工會成員和社運人士聯合起來，聲援因爭取民主權利而身陷囹圄的人。",
                "<p>自二〇一九年群眾運動以來，北京及其在香港的政府以拘捕、審判和禁令回應一切異見。"
                "二〇二〇年六月強加的《國安法》，令和平示威也可被判終身監禁。</p>"
                "<p>本週成立的運動有三個目標：讓真相廣為人知、爭取工會及學生組織的支持，"
                "以及在中港官員出訪海外時組織抗議。</p>"
                "<h2>支持者可以做甚麼</h2>"
                "<ul><li>參與聯署並轉發給朋友。</li>"
                "<li>在所屬工會或學生會提出聲援動議。</li>"
                "<li>邀請運動的講者到你的聚會分享。</li></ul>"
                "<p>我們反對任何政府的鎮壓，也不站在任何大國一邊：我們的盟友是工人、青年和受壓迫者。</p>",
            ),
            "zh-hans": (
                "声援中港抗争者的国际运动正式成立",
                "多个国家的社会主义者、工会会员和社会活动人士联合起来，声援因争取民主权利而身陷囹圄的人。",
                "<p>自2019年的群众运动以来，北京及其在香港的政府用逮捕、审判和禁令回应一切异见。"
                "2020年6月强加的《国安法》，让和平抗议也可能被判终身监禁。</p>"
                "<p>本周成立的运动有三个目标：让真相广为人知，争取工会和学生组织的支持，"
                "并在中国和香港官员出访海外时组织抗议。</p>"
                "<h2>支持者可以做什么</h2>"
                "<ul><li>参与联署，并转发给朋友。</li>"
                "<li>在你所在的工会或学生会提出声援动议。</li>"
                "<li>邀请运动的发言人到你们的会议上介绍情况。</li></ul>"
                "<p>我们反对任何政府的镇压，也不站在任何大国一边：我们的盟友是工人、青年和受压迫者。</p>",
            ),
        },
        True,
    ),
    (
        "teachers-union-forced-to-disband",
        (2021, 8, 11),
        ["hong-kong"],
        SOCIALIST_ACTION_REPORTERS,
        {
            "en": (
                "Hong Kong: teachers' union forced to disband",
                "The city's largest union, with around 95,000 members, announced its dissolution days "
                "after Beijing's media branded it a threat.",
                "<p>The Professional Teachers' Union had defended teachers' pay and conditions for "
                "almost fifty years. Within a week of being attacked by official mainland media, and "
                "with the government cutting all ties with it, its leaders announced that the union "
                "would be wound up.</p>"
                "<p>The lesson is a hard one: no organisation, however large, can protect its members "
                "by staying quiet. Only organised resistance, and solidarity from workers abroad, can "
                "hold back attacks on the right to organise.</p>",
            ),
            "zh-hant": (
                "香港：教協被迫解散",
                "全港最大工會、擁有約九萬五千名會員的教協，在官方媒體點名抨擊後數日宣布解散。",
                "<p>教協維護教師的薪酬和工作條件近五十年。遭內地官方媒體抨擊後不到一星期，"
                "政府又宣布與其斷絕一切聯繫，教協領導層隨即宣布解散。</p>"
                "<p>教訓十分沉重：任何組織，不論多大，都不能靠沉默保護會員。"
                "只有有組織的抵抗和海外工人的團結支持，才能抵擋對結社權利的攻擊。</p>",
            ),
            "zh-hans": (
                "香港：教协被迫解散",
                "全港最大的工会、拥有约9.5万名会员的教协，在官方媒体点名批评几天后宣布解散。",
                "<p>教协维护教师的工资和工作条件将近50年。在遭到内地官方媒体猛烈抨击后不到一周，"
                "政府又宣布与它断绝一切关系，教协领导层随即宣布解散。</p>"
                "<p>这个教训十分沉重：任何组织，不管规模多大，都不能靠沉默来保护会员。"
                "只有有组织的抵抗和海外工人的声援，才能顶住对结社权利的攻击。</p>",
            ),
        },
        False,
    ),
    (
        "patriots-only-election-record-low-turnout",
        (2021, 12, 20),
        ["hong-kong"],
        {
            "en": "Dikang, Socialist Action (CWI in Hong Kong)",
            "zh-hant": "Dikang，社會主義行動（工人國際委員會香港支部）",
            "zh-hans": "Dikang，社会主义行动（工人国际委员会香港支部）",
        },
        {
            "en": (
                "Record low turnout in Beijing's “patriots only” election",
                "Only 30.2 percent of registered voters took part in the first Legislative Council "
                "election under the new rules: a silent boycott.",
                "<p>After rewriting the electoral system so that only candidates vetted as "
                "“patriots” could stand, the authorities spent heavily on getting people to vote. "
                "Seven in ten registered voters stayed at home.</p>"
                "<p>The result shows that repression has not won hearts and minds. Anger has been "
                "driven underground, not removed.</p>",
            ),
            "zh-hant": (
                "北京「愛國者治港」選舉投票率創新低",
                "新制度下首次立法會選舉，投票率只有百分之三十點二，形同無聲杯葛。",
                "<p>當局改寫選舉制度，只容許通過審查的「愛國者」參選，又花大量資源催票，"
                "結果仍有七成登記選民留在家中。</p>"
                "<p>結果顯示鎮壓並未贏得民心，不滿只是被壓到地下，並未消失。</p>",
            ),
            "zh-hans": (
                "北京“爱国者治港”选举投票率创新低",
                "新制度下的首次立法会选举，投票率只有30.2%，相当于一场无声的抵制。",
                "<p>当局改写选举制度，只允许通过审查的“爱国者”参选，又投入大量资源动员投票，"
                "结果仍有七成登记选民待在家里。</p>"
                "<p>结果表明，镇压并没有赢得民心。不满只是被压到了地下，并没有消失。</p>",
            ),
        },
        False,
    ),
    (
        None,  # written only in Traditional Chinese: the slug is its date
        (2022, 11, 29),
        ["china"],
        {"en": "China Labour Forum reporters", "zh-hant": "中國勞工論壇記者", "zh-hans": "中国劳工论坛记者"},
        {
            "zh-hant": (
                "烏魯木齊大火後，抗議浪潮席捲中國多個城市",
                "烏魯木齊一幢封控大廈起火造成多人死亡，引發全國多地罕見的抗議，學生和工人高舉白紙。",
                "<p>大火發生後，上海、北京、武漢等地有市民走上街頭悼念死者，"
                "並要求結束無止境的封控。多間大學的學生也舉起白紙，表達無法言說的訴求。</p>"
                "<p>這是一九八九年民主運動以來最大規模的全國性抗議。政權隨即大規模部署警力，"
                "但不久後便放棄了清零政策。群眾行動的力量，再次得到證明。</p>",
            ),
        },
        True,
    ),
    (
        None,
        (2023, 6, 5),
        ["hong-kong"],
        SOCIALIST_ACTION_REPORTERS,
        {
            "zh-hant": (
                "六四紀念日：警方在銅鑼灣大舉截查",
                "維園燭光晚會被禁已是第四年，警方在銅鑼灣一帶部署大批警力，多人被帶走。",
                "<p>六月四日晚上，銅鑼灣街頭到處是警員。手持一枝花、一本書，甚至只是默默站着的市民，"
                "都可能被截停搜身。</p>"
                "<p>當局想令市民忘記一九八九年的屠殺，但愈是禁止，愈顯出政權對歷史的恐懼。</p>",
            ),
        },
        False,
    ),
    (
        "district-council-election-lowest-turnout",
        (2023, 12, 11),
        ["hong-kong"],
        {"en": "chinaworker.info"},
        {
            "en": (
                "District council “election”: lowest turnout since 1997",
                "Just 27.5 percent voted after the government cut the elected seats to fewer than one "
                "in five.",
                "<p>In 2019 the democrats won a landslide in the district councils, on a record "
                "turnout of over 70 percent. Four years later, the government had reduced the directly "
                "elected seats to a small minority and required every candidate to win nominations "
                "from pro-government committees.</p>"
                "<p>Even a computer fault that forced polling stations to stay open longer could not "
                "hide the empty queues.</p>",
            ),
        },
        True,
    ),
    (
        "article-23-national-security-law-in-force",
        (2024, 3, 23),
        ["hong-kong", "china"],
        {
            "en": "Socialist Action (Hong Kong)",
            "zh-hant": "社會主義行動（香港）",
            "zh-hans": "社会主义行动（香港）",
        },
        {
            "en": (
                "“Article 23”: another national security law comes into force",
                "The Safeguarding National Security Ordinance was rushed through the legislature in "
                "eleven days and goes further than the 2020 law.",
                "<p>The new ordinance adds offences such as “external interference” and "
                "“sedition” with heavier sentences, and widens police powers to hold suspects "
                "without charge.</p>"
                "<blockquote><p>Every law of this kind is aimed first at the organisations of working "
                "people: unions, student groups, independent media.</p></blockquote>"
                "<p>We call on trade unions everywhere to condemn the law and to support those "
                "prosecuted under it.</p>",
            ),
            "zh-hant": (
                "「廿三條」：又一部國安法生效",
                "《維護國家安全條例》在立法會只用了十一天便通過，範圍比二〇二〇年的《國安法》更廣。",
                "<p>新條例新增「境外干預」等罪行，加重「煽動」罪的刑罰，並擴大警方在不起訴下扣留疑犯的權力。</p>"
                "<blockquote><p>這類法律首先針對的，是勞動人民自己的組織：工會、學生團體和獨立媒體。</p></blockquote>"
                "<p>我們呼籲各地工會譴責這條法例，並支持所有因此被檢控的人。</p>",
            ),
            "zh-hans": (
                "“二十三条”：又一部国安法生效",
                "《维护国家安全条例》在立法会只用了11天就获得通过，范围比2020年的《国安法》更广。",
                "<p>新条例增加了“境外干预”等罪名，加重了“煽动”罪的刑罚，并扩大了警方在不起诉的情况下"
                "羁押嫌疑人的权力。</p>"
                "<blockquote><p>这类法律首先针对的，是劳动人民自己的组织：工会、学生团体和独立媒体。</p></blockquote>"
                "<p>我们呼吁各地工会谴责这部法律，并支持所有因此被起诉的人。</p>",
            ),
        },
        True,
    ),
    (
        "hong-kong-47-sentenced-protests",
        (2024, 11, 20),
        ["solidarity-campaign", "international"],
        {"en": "ISA reporters", "zh-hant": "ISA 記者", "zh-hans": "ISA 记者"},
        {
            "en": (
                "Hong Kong 47 sentenced: protests in solidarity with “Long Hair” and the others",
                "Campaigners gathered outside Chinese embassies and consulates after the heaviest "
                "sentences yet under the National Security Law.",
                "<p>The 47 were charged with “conspiracy to commit subversion” for organising an "
                "unofficial primary election in 2020. Among them is Leung Kwok-hung, known as "
                "“Long Hair”, a veteran of workers' and democratic struggles.</p>"
                "<p>Supporters of the campaign held protests and meetings in several countries, "
                "handing in letters and collecting signatures for the petition.</p>",
            ),
            "zh-hant": (
                "「47人案」判刑：各地聲援「長毛」等被告",
                "《國安法》下迄今最重的判刑宣布後，運動支持者到中國使領館外抗議。",
                "<p>四十七人因在二〇二〇年籌辦非官方初選，被控「串謀顛覆國家政權」。"
                "被告之一梁國雄（「長毛」）長年投身工人和民主抗爭。</p>"
                "<p>多國的運動支持者舉行抗議和集會，遞交信件，並為聯署收集簽名。</p>",
            ),
            "zh-hans": (
                "“47人案”判刑：各地声援“长毛”等被告",
                "《国安法》实施以来最重的判决宣布后，运动的支持者来到中国驻外使领馆外抗议。",
                "<p>47人因在2020年组织非官方初选，被控“串谋颠覆国家政权”。"
                "被告之一梁国雄（“长毛”）长期投身工人运动和民主抗争。</p>"
                "<p>多个国家的运动支持者举行了抗议和集会，递交信件，并为联署征集签名。</p>",
            ),
        },
        False,
    ),
    (
        "lessons-of-2019",
        (2025, 2, 9),
        ["hong-kong", "solidarity-campaign"],
        SOLIDARITY,
        {
            "en": (
                "Hong Kong: lessons of the 2019 mass struggle",
                "One in four people took to the streets. What held the movement back, and what can "
                "the next generation learn?",
                "<p>The movement showed enormous courage and creativity. Its weakness was the lack "
                "of democratic organisation, of a link with the working class on the mainland, and "
                "of a programme that went beyond appeals to foreign governments.</p>"
                "<p>Repression has changed the conditions of struggle, not the need for it.</p>",
            ),
            "zh-hant": (
                "香港：二〇一九年群眾抗爭的教訓",
                "每四個人就有一個走上街頭。是甚麼拖住了運動的後腿？新一代可以學到甚麼？",
                "<p>這場運動展現了巨大的勇氣和創意。它的弱點在於欠缺民主的組織，沒有與大陸的工人階級"
                "結合起來，也欠缺一套超越向外國政府求助的綱領。</p>"
                "<p>鎮壓改變了抗爭的條件，卻沒有改變抗爭的必要。</p>",
            ),
            "zh-hans": (
                "香港：2019年群众斗争的教训",
                "每4个人中就有1个走上街头。是什么拖了运动的后腿？新一代可以从中学到什么？",
                "<p>这场运动表现出了巨大的勇气和创造力。它的弱点在于缺乏民主的组织，没有和内地的工人阶级"
                "结合起来，也缺少一套超越向外国政府求助的纲领。</p>"
                "<p>镇压改变了斗争的条件，却没有改变斗争的必要。</p>",
            ),
        },
        False,
    ),
]

PALETTE = [(179, 18, 31), (29, 29, 36), (255, 191, 71), (243, 243, 243), (110, 10, 18)]


def abstract_image(seed):
    """A picture of overlapping shapes in the campaign's colours (no people, no photos)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1200, 630), PALETTE[1])
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(-200, 1200), rng.randrange(-200, 630)
        size = rng.randrange(120, 520)
        colour = rng.choice(PALETTE)
        if rng.random() < 0.5:
            draw.ellipse([x, y, x + size, y + size], fill=colour)
        else:
            draw.polygon([(x, y), (x + size, y + size // 3), (x + size // 3, y + size)], fill=colour)
    out = BytesIO()
    image.save(out, "PNG")
    return ContentFile(out.getvalue(), name=f"demo-{seed}.png")


def _field(name, code):
    return f"{name}_{code.replace('-', '_')}"


def load_categories():
    for order, (slug, en, zh_hant) in enumerate(CATEGORIES, start=1):
        category, _ = Category.objects.get_or_create(slug=slug, defaults={"name_en": en})
        values = {"name_en": en, "name_zh_hant": zh_hant, "order": order}
        changed = [k for k, v in values.items() if getattr(category, k) != v]
        for key, value in values.items():
            setattr(category, key, value)
        if not category.name_zh_hans:
            changed += fill_other_script(category, ["name"])
        if changed:
            category.save()


def load_article(slug, date, categories, bylines, texts, with_image):
    published_at = timezone.make_aware(datetime.datetime(*date, 9, 0))
    article = (
        Article.objects.filter(published_at=published_at)
        .filter(Q(byline_en=bylines.get("en", "")) & Q(byline_zh_hant=bylines.get("zh-hant", "")))
        .first()
        # Before bylines had languages: the old single byline, kept in its own language.
        or Article.objects.filter(published_at=published_at, byline_en=bylines.get("en", "")).first()
        or Article.objects.filter(
            published_at=published_at, byline_zh_hant=bylines.get("zh-hant", "")
        ).first()
        or Article()
    )
    values = {"status": Article.Status.PUBLISHED, "published_at": published_at}
    if slug:
        values["slug"] = slug
    for code in ("en", "zh-hant", "zh-hans"):
        title, summary, body = texts.get(code, ("", "", ""))
        values |= {_field("title", code): title, _field("summary", code): summary, _field("body", code): body}
        values[_field("byline", code)] = bylines.get(code, "")
    changed = article.pk is None or any(
        getattr(article, k) != (clean_article_html(v) if k.startswith("body_") else v)
        for k, v in values.items()
    )
    for key, value in values.items():
        setattr(article, key, value)
    if with_image and not article.image:
        article.image = abstract_image(slug or "-".join(map(str, date)))
        article.image_alt_en = "Abstract shapes in red, gold and black"
        article.image_alt_zh_hant = "紅、金、黑三色的抽象圖形"
        changed = True
    if changed:
        article.save()
        # A demo article was not edited after it appeared.
        Article.objects.filter(pk=article.pk).update(updated_at=published_at)
    wanted = set(Category.objects.filter(slug__in=categories).values_list("pk", flat=True))
    if set(article.categories.values_list("pk", flat=True)) != wanted:
        article.categories.set(wanted)


def load(stdout=None):
    load_categories()
    for entry in [*ARTICLES, *NEWS]:
        load_article(*entry)
    return f"{len(CATEGORIES)} categories, {len(ARTICLES) + len(NEWS)} articles"
