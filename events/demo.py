"""Demo actions in several countries, past and upcoming, and three local groups.

Upcoming actions are placed a few days after the day the demo is loaded, so the
calendar is never empty; running it again moves them and changes nothing else.
Texts are in English and Hong Kong Chinese; the Simplified ones are filled in as an
editor's "fill" button does, except for one written in Simplified Chinese itself.
"""

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from articles.demo import abstract_image
from core.i18n import fill_other_script
from events.models import Event, LocalGroup

# ruff: noqa: E501 -- the demo texts read best one to a line

TRANSLATED_GROUP = ["name", "description", "meeting_pattern"]
TRANSLATED_EVENT = ["title", "description", "venue", "address", "report", "photo_alt"]

GROUPS = [
    {
        "slug": "london",
        "city": "London",
        "country": "GB",
        "name_en": "London Hong Kong Solidarity",
        "name_zh_hant": "倫敦聲援香港小組",
        "description_en": "<p>Hong Kongers, trade unionists and students in London who campaign "
        "for the release of Hong Kong's political prisoners. New members are welcome at every meeting.</p>",
        "description_zh_hant": "<p>在倫敦的香港人、工會會員和學生，爭取釋放香港政治犯。每次聚會都歡迎新朋友參加。</p>",
        "meeting_pattern_en": "Every second Thursday, 7pm",
        "meeting_pattern_zh_hant": "每月第二個星期四晚上七時",
        "contact_email": "london-group@example.org",
    },
    {
        "slug": "berlin",
        "city": "Berlin",
        "country": "DE",
        "name_en": "Berlin for Hong Kong",
        "name_zh_hant": "柏林撐香港",
        "description_en": "<p>We hold stalls, film showings and protests in Berlin, and write to "
        "prisoners in Hong Kong.</p>",
        "description_zh_hant": "<p>我們在柏林擺街站、放映電影、舉行示威，並寫信給香港的在囚人士。</p>",
        "meeting_pattern_en": "First Saturday of the month, 3pm",
        "meeting_pattern_zh_hant": "每月第一個星期六下午三時",
        "contact_email": "berlin-group@example.org",
    },
    {
        "slug": "toronto",
        "city": "Toronto",
        "country": "CA",
        "name_en": "Toronto Stand with Hong Kong",
        "name_zh_hant": "多倫多與香港同行",
        "description_en": "<p>A group of students and workers in Toronto. We bring the petition "
        "to campuses and union meetings.</p>",
        "description_zh_hant": "<p>多倫多的學生和打工仔。我們把聯署帶到校園和工會會議。</p>",
        "meeting_pattern_en": "Every other Sunday afternoon",
        "meeting_pattern_zh_hant": "隔週星期日下午",
        "contact_email": "toronto-group@example.org",
    },
]

# (slug, days from today, local hour, minute, hours long, kind, city, country, group, texts, photo)
EVENTS = [
    (
        "london-embassy-protest",
        5, 14, 0, 2, Event.Kind.PROTEST, "London", "GB", "london",
        {
            "title_en": "Free the 47: protest at the Chinese Embassy",
            "title_zh_hant": "釋放四十七人：中國大使館外示威",
            "description_en": "<p>Bring a placard with the name of a prisoner. We read their names aloud at 3pm.</p>",
            "description_zh_hant": "<p>請帶一塊寫上一位在囚者名字的標語牌。下午三時我們會一起讀出他們的名字。</p>",
            "venue_en": "Outside the Chinese Embassy",
            "venue_zh_hant": "中國大使館外",
            "address_en": "49–51 Portland Place, London W1B 1JL. Nearest station: Regent's Park.",
        },
        False,
    ),
    (
        "london-public-meeting",
        12, 19, 0, 2, Event.Kind.MEETING, "London", "GB", "london",
        {
            "title_en": "Public meeting: Hong Kong five years after the National Security Law",
            "title_zh_hant": "公開講座：國安法實施五年後的香港",
            "description_en": "<p>Speakers from the Hong Kong diaspora and from the trade unions. Questions welcome.</p>",
            "description_zh_hant": "<p>海外港人和工會代表分享。歡迎提問。</p>",
            "venue_en": "Conway Hall",
            "venue_zh_hant": "康威堂",
            "address_en": "25 Red Lion Square, London WC1R 4RL",
        },
        False,
    ),
    (
        "toronto-vigil",
        8, 18, 30, 2, Event.Kind.PROTEST, "Toronto", "CA", "toronto",
        {
            "title_en": "Candlelight vigil for Hong Kong's political prisoners",
            "title_zh_hant": "燭光晚會：聲援香港政治犯",
            "description_en": "<p>Candles are provided. Bring a friend.</p>",
            "description_zh_hant": "<p>我們會準備蠟燭。歡迎帶朋友一起來。</p>",
            "venue_en": "Nathan Phillips Square",
            "venue_zh_hant": "彌敦菲臘廣場",
        },
        False,
    ),
    (
        "sydney-stall",
        6, 11, 0, 3, Event.Kind.STALL, "Sydney", "AU", None,
        {
            "title_en": "Petition stall in the city centre",
            "title_zh_hant": "市中心聯署街站",
            "description_en": "<p>Help us collect signatures on paper and hand out leaflets.</p>",
            "description_zh_hant": "<p>一起收集紙本聯署、派發單張。</p>",
            "venue_en": "Town Hall steps",
            "venue_zh_hant": "市政廳門前",
        },
        False,
    ),
    (
        "taipei-talk",
        10, 19, 30, 2, Event.Kind.MEETING, "Taipei", "TW", None,
        {
            "title_en": "Talk: writing letters to prisoners",
            "title_zh_hant": "講座：寫信給在囚者",
            "description_en": "<p>How to write to someone in a Hong Kong prison, and what your letter means to them.</p>",
            "description_zh_hant": "<p>怎樣寫信給在香港坐牢的人，以及一封信對他們的意義。</p>",
            "venue_en": "A bookshop near Taipei Main Station",
            "venue_zh_hant": "台北車站附近的書店",
        },
        False,
    ),
    (
        "berlin-protest",
        15, 15, 0, 2, Event.Kind.PROTEST, "Berlin", "DE", "berlin",
        {
            "title_en": "Rally: no extradition of Hong Kong activists",
            "title_zh_hant": "集會：反對引渡香港社運人士",
            "description_en": "<p>We gather in front of the Brandenburg Gate and march to the embassy.</p>",
            "description_zh_hant": "<p>我們在勃蘭登堡門前集合，然後遊行到大使館。</p>",
            "venue_en": "Brandenburg Gate",
            "venue_zh_hant": "勃蘭登堡門",
        },
        False,
    ),
    (
        "new-york-protest",
        20, 13, 0, 2, Event.Kind.PROTEST, "New York City", "US", None,
        {
            "title_en": "Stand with Hong Kong's trade unionists",
            "title_zh_hant": "聲援香港工會人士",
            "description_en": "<p>Hong Kong's independent unions were forced to close. We stand with their members.</p>",
            "description_zh_hant": "<p>香港的獨立工會被迫解散。我們與他們的會員站在一起。</p>",
            "venue_en": "Union Square",
            "venue_zh_hant": "聯合廣場",
        },
        False,
    ),
    (
        "online-briefing",
        3, 12, 0, 1, Event.Kind.ONLINE, "", "", None,
        {
            "title_en": "Online briefing: how to organise a local action",
            "title_zh_hant": "網上簡介會：怎樣在你的城市組織行動",
            "title_zh_hans": "线上说明会：怎样在你的城市组织行动",
            "description_en": "<p>One hour with organisers from three cities: permits, placards, safety.</p>",
            "description_zh_hant": "<p>三個城市的組織者用一小時分享：申請、標語牌、安全。</p>",
            "description_zh_hans": "<p>三个城市的组织者用一小时分享：申请、标语牌、安全。</p>",
        },
        False,
    ),
    (
        "london-june-vigil",
        -30, 19, 0, 2, Event.Kind.PROTEST, "London", "GB", "london",
        {
            "title_en": "Vigil in Trafalgar Square",
            "title_zh_hant": "特拉法加廣場悼念晚會",
            "description_en": "<p>We remember, and we ask for the prisoners' release.</p>",
            "description_zh_hant": "<p>我們記住，並要求釋放在囚者。</p>",
            "venue_en": "Trafalgar Square",
            "venue_zh_hant": "特拉法加廣場",
            "report_en": "<p>About four hundred people came, many of them young Hong Kongers. "
            "Over three hundred signed the petition on paper.</p>",
            "report_zh_hant": "<p>大約四百人出席，很多是年輕的香港人。超過三百人在紙本上聯署。</p>",
            "photo_alt_en": "Abstract shapes in red, gold and black",
            "photo_alt_zh_hant": "紅、金、黑三色的抽象圖形",
        },
        True,
    ),
    (
        "vancouver-stall",
        -14, 12, 0, 3, Event.Kind.STALL, "Vancouver", "CA", None,
        {
            "title_en": "Stall at the public library",
            "title_zh_hant": "公共圖書館外街站",
            "description_en": "<p>Leaflets and the petition.</p>",
            "description_zh_hant": "<p>派單張、收集聯署。</p>",
            "report_en": "<p>Eighty signatures and many good conversations.</p>",
            "report_zh_hant": "<p>收集了八十個聯署，也和很多人傾談。</p>",
        },
        False,
    ),
    (
        "melbourne-march",
        -40, 14, 0, 2, Event.Kind.PROTEST, "Melbourne", "AU", None,
        {
            "title_en": "March for Hong Kong's democrats",
            "title_zh_hant": "為香港民主派遊行",
            "description_en": "<p>From the State Library to Parliament House.</p>",
            "description_zh_hant": "<p>由州立圖書館遊行到國會大樓。</p>",
            "report_en": "<p>Two hundred marched in the rain.</p>",
            "report_zh_hant": "<p>二百人冒雨遊行。</p>",
            "photo_alt_en": "Abstract shapes in red, gold and black",
            "photo_alt_zh_hant": "紅、金、黑三色的抽象圖形",
        },
        True,
    ),
    (
        "berlin-film-night",
        -21, 19, 0, 3, Event.Kind.MEETING, "Berlin", "DE", "berlin",
        {
            "title_en": "Film night and discussion",
            "title_zh_hant": "電影放映及討論",
            "description_en": "<p>A documentary about the 2019 movement, then a discussion.</p>",
            "description_zh_hant": "<p>放映一套關於二〇一九年運動的紀錄片，之後討論。</p>",
            "report_en": "<p>Sixty people stayed for the discussion; four joined the group.</p>",
            "report_zh_hant": "<p>六十人留下來討論，四人加入了小組。</p>",
        },
        False,
    ),
]  # fmt: skip


def load_groups():
    groups = {}
    for values in GROUPS:
        group = LocalGroup.objects.filter(slug=values["slug"]).first() or LocalGroup()
        for key, value in values.items():
            setattr(group, key, value)
        group.is_published = True
        fill_other_script(group, TRANSLATED_GROUP)
        group.save()
        groups[group.slug] = group
    return groups


def load_event(entry, groups, today):
    slug, days, hour, minute, hours, kind, city, country, group, texts, with_photo = entry
    event = Event.objects.filter(slug=slug).first() or Event(slug=slug)
    place = ZoneInfo(event.time_zone) if event.time_zone else None
    event.kind, event.city, event.country = kind, city, country
    event.group = groups.get(group)
    if kind == Event.Kind.ONLINE:
        event.time_zone, event.location_manual = "UTC", True
        event.online_url = "https://meet.example.org/stop-repression"
    else:
        event.locate()
        place = ZoneInfo(event.time_zone)
    day = today + timedelta(days=days)
    starts = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=place or ZoneInfo("UTC"))
    event.starts_at, event.ends_at = starts, starts + timedelta(hours=hours)
    for key, value in texts.items():
        setattr(event, key, value)
    fill_other_script(event, TRANSLATED_EVENT)
    event.status = Event.Status.PUBLISHED
    event.published_at = event.published_at or timezone.now()
    event.confirmed_at = event.confirmed_at or timezone.now()
    event.submitter_name = "Demo organiser"
    if with_photo and not event.photo:
        event.photo = abstract_image(slug)
    event.save()
    return event


def load(stdout=None):
    groups = load_groups()
    today = timezone.localdate()
    for entry in EVENTS:
        load_event(entry, groups, today)
    return f"{len(GROUPS)} local groups, {len(EVENTS)} actions"
