"""factory-boy factories, one per state a test needs (pending, confirmed, …)."""

import factory
from django.utils import timezone

from articles.models import Article, Category
from petition.addresses import email_hash
from petition.models import Demand, FeaturedSignatory, Partner, Petition, Signature


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
    email_canonical = factory.LazyAttribute(lambda signature: email_hash(signature.email))
    email_domain = "example.org"
    country = "HK"
    consent_public_at = factory.LazyFunction(timezone.now)
    state = Signature.State.PENDING

    class Params:
        # Its last email refused by the mail server: PendingSignatureFactory(email_failed=True).
        email_failed = factory.Trait(
            email_state=Signature.EmailState.FAILED,
            last_email_error="SMTPConnectError: (421, b'service not available')",
        )


class ConfirmedSignatureFactory(PendingSignatureFactory):
    state = Signature.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"union-{n}")
    name = factory.Sequence(lambda n: f"Workers Union Branch {n}")
    country = "GB"
    description_en = "A trade union branch carrying the petition."


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


# --- Signatures in other states, and staff users (admin, moderation and export tests) ---


class WithdrawnSignatureFactory(PendingSignatureFactory):
    """A withdrawn signature: the signer's personal data is gone."""

    name = ""
    email = ""
    email_canonical = None
    state = Signature.State.WITHDRAWN
    confirmed_at = factory.LazyFunction(timezone.now)
    withdrawn_at = factory.LazyFunction(timezone.now)


class InvalidatedSignatureFactory(PendingSignatureFactory):
    state = Signature.State.INVALIDATED
    invalidated_at = factory.LazyFunction(timezone.now)


class OrganisationSignatureFactory(ConfirmedSignatureFactory):
    kind = Signature.Kind.ORGANISATION
    name = factory.Sequence(lambda n: f"Workers Union {n}")
    contact_person = "Chan Tai Man"
    contact_role = "Secretary"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@campaign.example")
    password = "!"  # unusable: tests sign in with client.force_login


class StaffUserFactory(UserFactory):
    """A staff user in one of the campaign groups: StaffUserFactory(groups=["Organisers"])."""

    is_staff = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        from django.contrib.auth.models import Group

        from campaign.groups import ensure_groups

        if not create or not names:
            return
        ensure_groups()
        self.groups.set(Group.objects.filter(name__in=names))


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


# --- Campaign pages ---------------------------------------------------------------


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaign.Action"

    title_en = factory.Sequence(lambda n: f"Action number {n}")
    title_zh_hant = factory.Sequence(lambda n: f"第{n}項行動")
    text_en = "Something everyone can do."
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaign.Question"

    question_en = factory.Sequence(lambda n: f"Question number {n}?")
    question_zh_hant = factory.Sequence(lambda n: f"第{n}個問題？")
    answer_en = "<p>The answer.</p>"
    answer_zh_hant = "<p>答案。</p>"
    order = factory.Sequence(lambda n: n)


def _pdf_bytes():
    from fpdf import FPDF

    pdf = FPDF(format=(105, 148))
    pdf.add_page()
    pdf.set_font("helvetica", size=24)
    pdf.cell(text="Leaflet")
    return bytes(pdf.output())


class MaterialFactory(factory.django.DjangoModelFactory):
    """A shown leaflet with a small real PDF and its preview."""

    class Meta:
        model = "campaign.Material"

    title_en = factory.Sequence(lambda n: f"Leaflet {n}")
    title_zh_hant = factory.Sequence(lambda n: f"傳單{n}")
    kind = "leaflet"
    language = "en"
    order = factory.Sequence(lambda n: n)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from django.core.files.base import ContentFile

        from campaign.materials import material_prepare

        kwargs["file"] = ContentFile(_pdf_bytes(), name="leaflet.pdf")
        material = model_class(*args, **kwargs)
        material_prepare(material)
        material.save()
        return material
