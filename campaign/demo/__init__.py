"""Demo content for the campaign pages, written for this site in three languages."""

from campaign.demo import texts as demo_texts
from campaign.documents import DOCUMENTS, LANGUAGES, sign_url
from campaign.materials import document_material_save, placard_material_save, sign_sheet_material_save
from campaign.models import Action, Material, PassedMotion, QAAttribution, Question
from campaign.placards import PLACARDS, FontMissing
from core.i18n import fill_other_script
from core.models import SiteSettings


def load(stdout=None):
    site = SiteSettings.get_solo()
    site.campaign_name_en = "Stop Repression in Hong Kong"
    site.campaign_name_zh_hant = "停止鎮壓香港"
    site.slogan_en = "Only mass resistance can defeat repression."
    site.slogan_zh_hant = "唯有群眾抗爭，才能擊退鎮壓。"
    site.campaign_name_zh_hans = site.slogan_zh_hans = ""
    fill_other_script(site, ["campaign_name", "slogan"])
    for field, (en, zh_hant) in demo_texts.SITE_TEXTS.items():
        setattr(site, f"{field}_en", en)
        setattr(site, f"{field}_zh_hant", zh_hant)
        setattr(site, f"{field}_zh_hans", "")
    fill_other_script(site, list(demo_texts.SITE_TEXTS))
    site.contact_email = site.contact_email or "contact@example.org"
    site.facebook_url = site.facebook_url or "https://www.facebook.com/"
    site.save()

    actions = load_actions()
    questions = load_questions()
    placards = load_placards(stdout)
    documents = load_documents(stdout)
    motions = load_motions()
    return (
        f"site settings, {actions} actions, {questions} questions and answers, {placards} placards, "
        f"{documents} documents, {motions} motions passed"
    )


def _translated(obj, field, en, zh_hant, zh_hans=""):
    """A text in English and Traditional; the Simplified as written for mainland readers,
    or else converted from the Traditional."""
    setattr(obj, f"{field}_en", en)
    setattr(obj, f"{field}_zh_hant", zh_hant)
    setattr(obj, f"{field}_zh_hans", zh_hans)
    fill_other_script(obj, [field])


def load_actions():
    for order, ((title_en, title_zh), (text_en, text_zh), link) in enumerate(demo_texts.ACTIONS, start=1):
        action = Action.objects.filter(title_en=title_en).first() or Action()
        _translated(action, "title", title_en, title_zh)
        _translated(action, "text", text_en, text_zh)
        action.link = link
        action.order = order
        action.is_active = True
        action.save()
    return len(demo_texts.ACTIONS)


def load_questions():
    for order, (slug, (q_en, q_zh), (a_en, a_zh), with_figure) in enumerate(demo_texts.QUESTIONS, start=1):
        question = Question.objects.filter(slug=slug).first() or Question(slug=slug)
        q_hans, a_hans = demo_texts.QUESTIONS_ZH_HANS[slug]
        _translated(question, "question", q_en, q_zh, q_hans)
        _translated(question, "answer", a_en, a_zh, a_hans)
        question.order = order
        question.is_active = True
        question.on_home_page = order <= 5
        if with_figure:
            _translated(question, "figure_alt", *demo_texts.LEGCO_FIGURE["alt"])
            _translated(question, "figure_caption", *demo_texts.LEGCO_FIGURE["caption"])
            # Drawn by the site in each reader's language; the old English-only picture goes.
            question.chart = "legco-seats"
            question.figure = None
        question.save()
    attribution = QAAttribution.get_solo()
    _translated(attribution, "text", *demo_texts.ATTRIBUTION)
    attribution.save()
    return len(demo_texts.QUESTIONS)


def load_placards(stdout=None):
    """The campaign's placards in both Chinese scripts (A4), made by the placard renderer."""
    made = 0
    try:
        for index, placard in enumerate(PLACARDS):
            for offset, script in enumerate(("zh-hant", "zh-hans")):
                material, _changed = placard_material_save(
                    placard, script=script, size="A4", order=index * 2 + offset
                )
                if (
                    index == 0
                    and not Material.objects.filter(is_featured=True).exclude(pk=material.pk).exists()
                ):
                    Material.objects.filter(pk=material.pk).update(is_featured=True)
                made += 1
    except FontMissing as exc:
        if stdout:
            stdout.write(f"Placards skipped: {exc}")
    return made


def load_documents(stdout=None):
    """The leaflet, statement, model motion, letter to an MP and student pack in the three
    languages (each at its first paper size; `make_documents --materials` makes the
    others), and the paper sign sheet."""
    made = 0
    try:
        for order, document in enumerate(DOCUMENTS):
            for language in LANGUAGES:
                document_material_save(
                    document,
                    language=language,
                    size=document.sizes[0],
                    site_url=sign_url(language, document.key),
                    order=100 + order,
                )
                made += 1
        sign_sheet_material_save(site_url=sign_url("en", "paper"), order=100 + len(DOCUMENTS))
        made += 1
    except FontMissing as exc:
        if stdout:
            stdout.write(f"Documents skipped: {exc}")
    return made


def load_motions():
    """The first motion on the tracker: NIPSA's, as the campaign's news reported it."""
    motion, _created = PassedMotion.objects.update_or_create(
        organisation="Northern Ireland Public Sector Alliance (NIPSA)",
        defaults={
            "country": "GB",
            "body": "Northern Ireland",
            "members": 40000,
            "summary": (
                "Backs solidarity campaigns with those fighting for independent trade unions "
                "and democratic rights for workers in Hong Kong and China."
            ),
            "reporter_name": "Demo content",
            "reporter_email": "motions@example.org",
        },
    )
    motion.approve()
    return PassedMotion.objects.approved().count()
