"""Demo content for the campaign pages, written for this site in three languages."""

from campaign.i18n import fill_other_script
from campaign.models import Demand, SiteSettings

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


def load(stdout=None):
    site = SiteSettings.get_solo()
    site.campaign_name_en = "Stop Repression in Hong Kong"
    site.campaign_name_zh_hant = "停止鎮壓香港"
    site.slogan_en = "Only mass resistance can defeat repression."
    site.slogan_zh_hant = "唯有群眾抗爭，才能擊退鎮壓。"
    site.campaign_name_zh_hans = site.slogan_zh_hans = ""
    fill_other_script(site, ["campaign_name", "slogan"])
    site.contact_email = site.contact_email or "contact@example.org"
    site.facebook_url = site.facebook_url or "https://www.facebook.com/"
    site.save()

    for order, (en, zh_hant) in enumerate(DEMANDS, start=1):
        demand, _created = Demand.objects.get_or_create(order=order, defaults={"text_en": en})
        demand.text_en = en
        demand.text_zh_hant = zh_hant
        demand.text_zh_hans = ""
        fill_other_script(demand, ["text"])
        demand.is_active = True
        demand.save()
    return f"site settings and {len(DEMANDS)} demands"
