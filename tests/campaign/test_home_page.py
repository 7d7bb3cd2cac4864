"""The home page: every section from the database, in order, in three languages, on a query budget."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from campaign.models import Action
from core.models import SiteSettings
from petition.models import Demand
from tests.factories import (
    ActionFactory,
    ConfirmedSignatureFactory,
    DemandFactory,
    FeaturedSignatoryFactory,
    MaterialFactory,
    PetitionFactory,
    PublishedArticleFactory,
    QuestionFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.usefixtures("logins_unthrottled")


def home(client, lang="en"):
    with translation.override(lang):
        url = reverse("campaign:home")
    return client.get(url)


@pytest.fixture
def full_site(petition):
    for n in range(3):
        DemandFactory(text_en=f"Demand {n}")
        ActionFactory(title_en=f"Action {n}")
        QuestionFactory(question_en=f"Question {n}?")
        FeaturedSignatoryFactory(petition=petition, name_en=f"Famous {n}")
        PublishedArticleFactory(title_en=f"News {n}")
    MaterialFactory(title_en="Featured leaflet", is_featured=True)
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    site = SiteSettings.get_solo()
    site.facebook_url = "https://www.facebook.com/example"
    site.save()
    return petition


@pytest.mark.django_db
def test_every_section_comes_from_the_database(client, full_site):
    html = home(client).content.decode()
    for text in ["Demand 0", "Action 2", "Famous 1", "Question 2?", "Featured leaflet", "News 0"]:
        assert text in html
    assert "https://www.facebook.com/example" in html
    assert "3</strong> signatures of 1,000" in html


@pytest.mark.django_db
def test_sections_have_anchors_linked_from_the_page_and_back_to_top_links(client, full_site):
    html = home(client).content.decode()
    for anchor in [
        "demands",
        "what-you-can-do",
        "who-has-signed",
        "questions",
        "materials",
        "latest",
        "follow-us",
    ]:
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html
    assert html.count('href="#main" class="back-to-top"') >= 7


@pytest.mark.django_db
def test_demands_and_actions_follow_the_editors_order(client, petition):
    ActionFactory(title_en="Comes second", order=2)
    ActionFactory(title_en="Comes first", order=1)
    DemandFactory(text_en="Demand B", order=5)
    DemandFactory(text_en="Demand A", order=4)
    html = home(client).content.decode()
    assert html.index("Comes first") < html.index("Comes second")
    assert html.index("Demand A") < html.index("Demand B")


@pytest.mark.django_db
def test_hidden_items_are_not_shown(client, petition):
    ActionFactory(title_en="Hidden action", is_active=False)
    DemandFactory(text_en="Hidden demand", is_active=False)
    html = home(client).content.decode()
    assert "Hidden action" not in html and "Hidden demand" not in html


@pytest.mark.django_db
def test_an_editors_change_in_the_admin_shows_on_the_home_page(client, petition):
    action = ActionFactory(title_en="Write to your MP")
    editor = StaffUserFactory(groups=["Editors"])
    client.force_login(editor)
    url = reverse("admin:campaign_action_change", args=[action.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "title_en": "Write to your member of parliament",
        "title_zh_hant": "寫信給你的國會議員",
        "title_zh_hans": "",
        "text_en": "Ask them to sign.",
        "text_zh_hant": "",
        "text_zh_hans": "",
        "link": "contact",
        "link_url": "",
        "link_label_en": "",
        "link_label_zh_hant": "",
        "link_label_zh_hans": "",
        "order": "1",
        "is_active": "on",
        "_save": "Save",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    html = home(client).content.decode()
    assert "Write to your member of parliament" in html
    assert reverse("campaign:contact") in html
    assert "寫信給你的國會議員" in home(client, "zh-hant").content.decode()
    assert "写信给你的国会议员" in home(client, "zh-hans").content.decode()


@pytest.mark.django_db
def test_an_editors_slogan_in_site_settings_shows_in_the_hero(client, petition):
    editor = StaffUserFactory(groups=["Editors"])
    client.force_login(editor)
    site = SiteSettings.get_solo()
    site.slogan_en = "Free them all"
    site.save()
    client.logout()
    assert "Free them all" in home(client).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Release them"), ("zh-hant", "釋放他們"), ("zh-hans", "释放他们")],
)
def test_each_section_reads_in_the_readers_language_with_simplified_converted(
    client, petition, lang, expected
):
    DemandFactory(text_en="Release them", text_zh_hant="釋放他們", text_zh_hans="")
    ActionFactory(title_en="Release them", title_zh_hant="釋放他們", title_zh_hans="")
    QuestionFactory(question_en="Release them", question_zh_hant="釋放他們", question_zh_hans="")
    html = home(client, lang).content.decode()
    assert html.count(expected) >= 3


@pytest.mark.django_db
def test_chinese_readers_see_english_marked_as_english_when_nothing_is_translated(client, petition):
    Action.objects.create(title_en="Only in English", order=1)
    html = home(client, "zh-hant").content.decode()
    assert re.search(r'<h3 class="h5" lang="en">Only in English</h3>', html)


@pytest.mark.django_db
def test_the_petition_marked_current_is_the_one_counted(client, petition):
    petition.is_current = False
    petition.save()
    other = PetitionFactory(goal=5000, is_current=True)
    ConfirmedSignatureFactory.create_batch(2, petition=other)
    html = home(client).content.decode()
    assert "2</strong> signatures of 5,000" in html


@pytest.mark.django_db
def test_home_page_works_before_any_petition_exists(client):
    Demand.objects.create(text_en="Stand with Hong Kong")
    response = home(client)
    assert response.status_code == 200
    assert "Stand with Hong Kong" in response.content.decode()


@pytest.mark.django_db
def test_home_page_stays_within_its_query_budget(client, full_site, django_assert_max_num_queries):
    home(client)  # counts cached, as on a live site
    for _ in range(3):
        MaterialFactory()
        ActionFactory()
        QuestionFactory()
    with django_assert_max_num_queries(12):
        response = home(client)
    assert response.status_code == 200


@pytest.mark.django_db
def test_no_inline_scripts_or_styles(client, full_site):
    html = home(client).content.decode()
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
