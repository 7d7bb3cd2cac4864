"""Listings, category pages and article pages for readers, in every language, with query budgets."""

import re

import pytest

from core.models import SiteSettings
from tests.articles.conftest import days_ago, image_upload
from tests.factories import CategoryFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_articles():
    SiteSettings.get_solo()
    categories = [CategoryFactory(slug="hong-kong"), CategoryFactory(slug="china")]
    articles = []
    for n in range(12):
        article = PublishedArticleFactory(
            slug=f"news-{n}",
            title_en=f"News {n}",
            byline="Socialist Action reporters",
            published_at=days_ago(n + 1),
        )
        article.categories.set(categories)
        articles.append(article)
    return articles


def test_the_listing_shows_the_newest_first_ten_to_a_page(client, many_articles):
    html = client.get("/en/articles/").content.decode()
    titles = re.findall(r'<a href="/en/articles/news-\d+/">(News \d+)</a>', html)
    assert titles == [f"News {n}" for n in range(10)]
    assert "Socialist Action reporters" in html
    second = client.get("/en/articles/?page=2").content.decode()
    assert "News 10" in second and "News 11" in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5", "99999999999999999999999", "%00"])
def test_odd_page_numbers_give_a_page_not_an_error(client, page):
    PublishedArticleFactory()
    assert client.get("/en/articles/", {"page": page}).status_code == 200


def test_the_second_page_is_its_own_canonical_address(client, many_articles):
    html = client.get("/en/articles/?page=2").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/articles/?page=2">' in html


def test_the_date_is_written_the_way_each_language_writes_dates(client):
    PublishedArticleFactory(slug="dated", published_at="2024-03-23T09:00:00+00:00")
    assert "March 23, 2024" in client.get("/en/articles/").content.decode()
    assert "2024年3月23日" in client.get("/zh-hant/articles/").content.decode()


def test_listing_images_have_their_size_so_the_page_does_not_jump(client):
    PublishedArticleFactory(slug="pictured", image=image_upload(size=(1280, 720)))
    html = client.get("/en/articles/").content.decode()
    assert re.search(r'<img src="/media/articles/[^"]+-small\.jpg" width="640" height="360"', html)


def test_a_category_page_lists_only_its_articles(client):
    hong_kong = CategoryFactory(slug="hong-kong", name_en="Hong Kong", description_en="News from the city.")
    PublishedArticleFactory(slug="in-hk", title_en="In Hong Kong").categories.add(hong_kong)
    PublishedArticleFactory(slug="elsewhere", title_en="Elsewhere")
    html = client.get("/en/articles/category/hong-kong/").content.decode()
    assert "In Hong Kong" in html and "News from the city." in html
    assert "Elsewhere" not in html
    assert client.get("/en/articles/category/nope/").status_code == 404


def test_an_article_page_has_everything_a_reader_and_a_sharer_need(client, many_articles):
    middle = many_articles[5]
    middle.image = image_upload()
    middle.image_alt_en = "Protesters with candles"
    middle.image_caption_en = "Victoria Park, 4 June"
    middle.body_en = "<p>Full text here.</p>"
    middle.save()
    html = client.get("/en/articles/news-5/").content.decode()
    assert "<p>Full text here.</p>" in html
    assert 'alt="Protesters with candles"' in html and "Victoria Park, 4 June" in html
    assert "Socialist Action reporters" in html
    assert 'href="/en/articles/category/hong-kong/"' in html
    assert 'class="share-links"' in html and "via%3Dwhatsapp" in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/articles/[^"]+\.jpg">', html
    )
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'rel="prev" href="/en/articles/news-6/"' in html  # older
    assert 'rel="next" href="/en/articles/news-4/"' in html  # newer
    latest = html.split('id="latest-title"')[1]
    assert "News 0" in latest and "News 5" not in latest.split("</ul>")[0]


def test_an_article_page_allows_the_video_players_it_may_embed(client, many_articles):
    csp = client.get("/en/articles/news-0/")["Content-Security-Policy"]
    assert "https://www.youtube-nocookie.com" in csp and "https://player.vimeo.com" in csp


def test_pages_use_no_inline_styles_or_scripts(client, many_articles):
    for url in ["/en/articles/", "/en/articles/news-3/", "/en/articles/search/?q=news"]:
        html = client.get(url).content.decode()
        assert " style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_the_listing_needs_a_fixed_number_of_queries(client, many_articles, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/en/articles/").status_code == 200


def test_the_category_page_needs_a_fixed_number_of_queries(
    client, many_articles, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        assert client.get("/en/articles/category/china/").status_code == 200


def test_the_article_page_needs_a_fixed_number_of_queries(
    client, many_articles, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert client.get("/en/articles/news-5/").status_code == 200


@pytest.mark.parametrize("lang", ["en", "zh-hant", "zh-hans"])
def test_every_article_page_answers_in_every_language(client, many_articles, lang):
    for url in ["", "category/china/", "news-1/", "search/?q=news"]:
        assert client.get(f"/{lang}/articles/{url}").status_code == 200
