"""factory-boy factories, one per state a test needs (pending, confirmed, …)."""

import factory
from django.utils import timezone

from articles.models import Article, Category
from campaign.models import Demand
from petition.models import FeaturedSignatory, Petition, Signature


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    slug = factory.Sequence(lambda n: f"petition-{n}")
    title_en = "Stop repression in Hong Kong"
    title_zh_hant = "停止鎮壓香港"
    statement_en = "We stand with the people of Hong Kong."
    statement_zh_hant = "我們與香港人站在一起。"
    goal = 1000


class PendingSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    petition = factory.SubFactory(PetitionFactory)
    name = factory.Sequence(lambda n: f"Signer {n}")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    email_canonical = factory.SelfAttribute("email")
    email_domain = "example.org"
    country = "HK"
    consent_public_at = factory.LazyFunction(timezone.now)
    state = Signature.State.PENDING


class ConfirmedSignatureFactory(PendingSignatureFactory):
    state = Signature.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class FeaturedSignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeaturedSignatory

    petition = factory.SubFactory(PetitionFactory)
    name_en = factory.Sequence(lambda n: f"Public Figure {n}")
    description_en = "Trade unionist"
    country = "GB"


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    text_en = factory.Sequence(lambda n: f"Demand number {n}")
    text_zh_hant = factory.Sequence(lambda n: f"第{n}項訴求")
    order = factory.Sequence(lambda n: n)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class PublishedArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title_en = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary_en = "A short summary."
    body_en = "<p>The body.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class DraftArticleFactory(PublishedArticleFactory):
    status = Article.Status.DRAFT
