"""Demo petition, featured signatories and a few hundred confirmed signatures."""

import random
from datetime import timedelta

from django.utils import timezone

from core.i18n import fill_other_script
from petition.addresses import email_hash
from petition.counts import recount_counts
from petition.models import (
    Demand,
    FeaturedSignatory,
    HelpOffer,
    PaperBatch,
    PaperSheet,
    PaperSignature,
    Partner,
    Petition,
    Signature,
)

STATEMENT_EN = (
    "Since 2019 the Hong Kong government, on Beijing's orders, has jailed protesters, "
    "thrown elected legislators out of office, banned candidates and passed security "
    "laws that make peaceful opposition a crime.\n\n"
    "We, the undersigned, stand with the people of Hong Kong and China who resist. "
    "We call on trade unions, student bodies and everyone who values democratic rights "
    "to support the demands below and to spread this petition."
)
STATEMENT_ZH_HANT = (
    "自二〇一九年起，香港政府奉北京之命，監禁抗爭者、褫奪民選議員議席、禁止候選人參選，"
    "又通過把和平反對定為罪行的國安法例。\n\n"
    "我們，以下聯署人，與香港及中國的抗爭者站在一起。"
    "我們呼籲工會、學生組織及所有珍惜民主權利的人支持以下訴求，並廣傳這份聯署。"
)

# Public figures who signed the campaign's petition (names and titles are public).
FEATURED = [
    (
        "Noam Chomsky",
        "",
        "Historian, author and social activist",
        "歷史學家、作家及社會運動人士",
        "US",
        False,
    ),
    (
        '"Long Hair" Leung Kwok-hung',
        "梁國雄",
        "Disqualified former legislator (LSD) and veteran democracy campaigner",
        "被褫奪議席的前立法會議員（社民連）、資深民主運動人士",
        "HK",
        False,
    ),
    (
        "Mametlwe Sebei",
        "",
        "President, General Industries Workers Union of South Africa (GIWUSA)",
        "南非綜合產業工人工會（GIWUSA）主席",
        "ZA",
        False,
    ),
    ("Peter Dahlin", "", "Former Director, China Action", "前中國行動總監", "SE", False),
    (
        "Nathan Law Kwun-chung",
        "羅冠聰",
        "Disqualified former legislator (Demosisto), former political prisoner",
        "被褫奪議席的前立法會議員（香港眾志）、前政治犯",
        "HK",
        False,
    ),
    (
        "Søren Søndergaard",
        "",
        "Member of Parliament, foreign affairs spokesperson, Red-Green Alliance",
        "國會議員、紅綠聯盟外交事務發言人",
        "DK",
        False,
    ),
    (
        "Ian Hodson",
        "",
        "National President, Bakers, Food & Allied Workers Union",
        "烘焙食品及相關行業工會全國主席",
        "GB",
        False,
    ),
    (
        "Kshama Sawant",
        "",
        "Seattle City Council member, Socialist Alternative",
        "西雅圖市議員（社會主義另類）",
        "US",
        False,
    ),
    ("Sally Tang Mei-ching", "鄧美晶", "Chairperson, Socialist Action", "社會主義行動主席", "HK", False),
    (
        "Paul Murphy TD",
        "",
        "Member of Parliament, Solidarity–People Before Profit",
        "愛爾蘭國會議員",
        "IE",
        False,
    ),
    ("CSP-Conlutas", "", "National trade union confederation", "全國工會聯合會", "BR", True),
]

FIRST = ["Alex", "Sam", "Maria", "Chris", "Lena", "Tom", "Aisha", "Ken", "Ana", "Jonas", "Mei", "Ravi"]
LAST = ["Smith", "Müller", "García", "O'Brien", "Nguyễn", "Kowalski", "Rossi", "Dubois", "Silva", "Jensen"]
CHINESE = ["陳大文", "李小明", "黃家欣", "張志強", "林美玲", "王建國", "吳詠詩", "劉子軒"]
COUNTRIES = [
    "HK",
    "HK",
    "HK",
    "TW",
    "GB",
    "GB",
    "US",
    "CA",
    "AU",
    "DE",
    "IE",
    "SE",
    "BR",
    "ZA",
    "FR",
    "NL",
    "CN",
]
ORGS = [
    ("Students' Union of a London college", "GB"),
    ("Hong Kong diaspora solidarity group, Toronto", "CA"),
    ("Local branch, public service workers' union", "IE"),
]
DEMO_SIGNATURES = 240


DEMANDS = [
    (
        "No more disqualification of elected legislators!",
        "停止褫奪民選議員的議席！",
    ),
    (
        "Stop barring candidates from elections: no rigged elections!",
        "不准禁止參選，不准操控選舉！",
    ),
    (
        "Free all political prisoners and drop the cases against the 2014 Umbrella Movement activists!",
        "釋放所有政治犯，撤銷對二〇一四年雨傘運動參與者的檢控！",
    ),
    (
        "End political repression: no to Article 23 and the National Anthem Law!",
        "停止政治打壓！反對《基本法》第二十三條立法及《國歌法》！",
    ),
    (
        "Stand with the struggle for democracy in Hong Kong!",
        "聲援香港的民主抗爭！",
    ),
]


def load_demands():
    """The campaign's demands, shown on the home page and beside the petition."""
    for order, (en, zh_hant) in enumerate(DEMANDS, start=1):
        demand, _created = Demand.objects.get_or_create(order=order, defaults={"text_en": en})
        demand.text_en = en
        demand.text_zh_hant = zh_hant
        demand.text_zh_hans = ""
        fill_other_script(demand, ["text"])
        demand.is_active = True
        demand.save()


def load(stdout=None):
    load_demands()
    petition, _created = Petition.objects.get_or_create(
        slug="stop-repression-in-hong-kong",
        defaults={
            "title_en": "Stop repression in Hong Kong",
            "statement_en": STATEMENT_EN,
            "is_current": True,
        },
    )
    petition.title_en = "Stop repression in Hong Kong"
    petition.title_zh_hant = "停止鎮壓香港"
    petition.statement_en = STATEMENT_EN
    petition.statement_zh_hant = STATEMENT_ZH_HANT
    petition.title_zh_hans = petition.statement_zh_hans = ""
    fill_other_script(petition, ["title", "statement"])
    petition.goal = 10000
    petition.is_current = True
    petition.save()
    petition.demands.set(Demand.objects.filter(is_active=True))

    for order, (name, chinese, desc_en, desc_zh, country, is_org) in enumerate(FEATURED, start=1):
        person, _ = FeaturedSignatory.objects.get_or_create(petition=petition, name_en=name)
        person.chinese_name = chinese
        person.name_zh_hant = f"{chinese}（{name}）" if chinese else name
        person.description_en = desc_en
        person.description_zh_hant = desc_zh
        person.name_zh_hans = person.description_zh_hans = ""
        fill_other_script(person, ["name", "description"])
        person.country = country
        person.is_organisation = is_org
        person.order = order
        person.save()

    existing = set(
        Signature.objects.filter(petition=petition, email_domain="demo.invalid").values_list(
            "email", flat=True
        )
    )
    rng = random.Random(2019)
    now = timezone.now()
    new = []
    for i in range(DEMO_SIGNATURES):
        email = f"signer{i}@demo.invalid"
        if rng.random() < 0.3:
            name = rng.choice(CHINESE)
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        country = rng.choice(COUNTRIES)
        created = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440))
        if email in existing:
            continue
        new.append(
            Signature(
                petition=petition,
                name=name,
                email=email,
                email_canonical=email_hash(email),
                email_domain="demo.invalid",
                country=country,
                display=rng.choice(["full", "full", "full", "initials", "unlisted"]),
                state=Signature.State.CONFIRMED,
                created_at=created,
                confirmed_at=created + timedelta(minutes=rng.randint(1, 90)),
                consent_public_at=created,
                consent_version="demo",
                language=rng.choice(["en", "zh-hant", "zh-hans"]),
            )
        )
    for i, (org, country) in enumerate(ORGS):
        email = f"org{i}@demo.invalid"
        if email in existing:
            continue
        new.append(
            Signature(
                petition=petition,
                kind=Signature.Kind.ORGANISATION,
                name=org,
                email=email,
                email_canonical=email_hash(email),
                email_domain="demo.invalid",
                country=country,
                state=Signature.State.CONFIRMED,
                created_at=now - timedelta(days=i + 1),
                confirmed_at=now - timedelta(days=i + 1),
                consent_public_at=now,
                consent_version="demo",
            )
        )
    Signature.objects.bulk_create(new)
    partners = load_partners(petition, rng)
    batches = load_paper(petition)
    offers = load_offers(petition, rng)
    # The demo's signatures were confirmed in the past: a tally already kept counts them now.
    recount_counts(petition)
    return (
        f"{len(DEMANDS)} demands, petition, {len(FEATURED)} featured signatories, "
        f"{len(new)} new demo signatures, {partners} partners, {batches} paper batches, "
        f"{offers} offers of help"
    )


# (slug, name, country, link, description in English, in Traditional Chinese)
PARTNERS = [
    (
        "belfast-public-sector-branch",
        "Belfast Public Sector Workers' Branch",
        "GB",
        "https://union.example/belfast",
        "A trade union branch of civil servants and public sector workers in Belfast, collecting "
        "signatures at its workplaces and meetings.",
        "貝爾法斯特公務員及公營部門工人的工會分會，在工作場所和會議中收集聯署。",
    ),
    (
        "hk-students-abroad",
        "Hong Kong Students Abroad Network",
        "AU",
        "https://students.example/hk",
        "Hong Kong and mainland Chinese students at universities abroad, running stalls on campus.",
        "在海外大學就讀的香港及中國內地學生，在校園舉辦街站。",
    ),
]


def load_partners(petition, rng):
    """Two partners, each with some of the demo signatures counted for it."""
    partners = []
    for order, (slug, name, country, link, description_en, description_zh) in enumerate(PARTNERS):
        partner, _created = Partner.objects.update_or_create(
            slug=slug, defaults={"name": name, "country": country, "link": link, "order": order}
        )
        partner.description_en = description_en
        partner.description_zh_hant = description_zh
        partner.description_zh_hans = ""
        fill_other_script(partner, ["description"])
        partner.save()
        partners.append(partner)
    unassigned = list(
        Signature.objects.filter(petition=petition, email_domain="demo.invalid", partner__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    for index, partner in enumerate(partners):
        chosen = unassigned[index::7][: 40 - 15 * index]
        Signature.objects.filter(pk__in=chosen).update(partner=partner, consent_partner_at=timezone.now())
    return len(partners)


def load_paper(petition):
    """A stall's count and a typed sheet checked by a second organiser."""
    batch, _created = PaperBatch.objects.get_or_create(
        petition=petition,
        place="Trafalgar Square protest, London",
        defaults={"country": "GB", "collected_on": timezone.localdate() - timedelta(days=9), "count": 86},
    )
    typed, created = PaperBatch.objects.get_or_create(
        petition=petition,
        place="Student union fair, Melbourne",
        defaults={
            "country": "AU",
            "collected_on": timezone.localdate() - timedelta(days=4),
            "kind": PaperBatch.Kind.ROWS,
            "count": None,
        },
    )
    if created:
        sheet = PaperSheet.objects.create(batch=typed, number=101, confirmed_at=timezone.now())
        for name, listed, consent in [
            ("Alex Wong", True, True),
            ("陳美玲", True, False),
            ("J. Tran", False, False),
            ("Priya Nair", True, True),
        ]:
            PaperSignature.objects.create(
                sheet=sheet, name=name, country="AU", city="Melbourne", listed=listed, consent_updates=consent
            )
    return PaperBatch.objects.filter(petition=petition).count()


def load_offers(petition, rng):
    """Offers of help from some of the demo signers."""
    signers = list(
        Signature.objects.filter(
            petition=petition, email_domain="demo.invalid", kind=Signature.Kind.INDIVIDUAL
        )
        .order_by("id")
        .values_list("pk", flat=True)[:60]
    )
    now = timezone.now()
    for pk in signers[::3]:
        for kind in rng.sample(HelpOffer.Kind.values, rng.randint(1, 2)):
            HelpOffer.objects.get_or_create(
                signature_id=pk, kind=kind, defaults={"offered_at": now - timedelta(days=rng.randint(0, 30))}
            )
    return HelpOffer.objects.filter(signature__petition=petition).count()
