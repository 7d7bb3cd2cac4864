"""The organisers' admin: pages, privacy, moderation actions, bulk invalidation, CSP."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from petition.counts import petition_counts
from petition.models import AuditLog, Signature
from tests.factories import (
    ConfirmedSignatureFactory,
    FeaturedSignatoryFactory,
    PendingSignatureFactory,
    StaffUserFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    # Login throttling records each login with the client's address; a test login has none.
    settings.AXES_ENABLED = False


XSS = "<script>alert(1)</script>"


@pytest.fixture
def organiser(db):
    return StaffUserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def moderator(db):
    """Staff who may moderate signatures but not export them."""
    user = StaffUserFactory(username="moderator")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="petition", codename__in=["view_signature", "change_signature"]
        )
    )
    return user


@pytest.fixture
def as_organiser(client, organiser):
    client.force_login(organiser)
    return client


def changelist():
    return reverse("admin:petition_signature_changelist")


# --- pages -------------------------------------------------------------------------


def organiser_pages(petition):
    signature = ConfirmedSignatureFactory(petition=petition)
    featured = FeaturedSignatoryFactory(petition=petition)
    return [
        reverse("admin:index"),
        reverse("admin:app_list", args=["petition"]),
        changelist(),
        changelist() + "?state__exact=confirmed&country=HK&kind__exact=individual&consent_updates=no",
        changelist() + "?q=Signer&hidden__exact=0&consent_public=yes",
        reverse("admin:petition_signature_change", args=[signature.pk]),
        reverse("admin:petition_signature_export"),
        reverse("admin:petition_signature_invalidate"),
        reverse("admin:petition_signature_invalidate") + "?email_domain=example.org",
        reverse("admin:petition_petition_changelist"),
        reverse("admin:petition_petition_change", args=[petition.pk]),
        reverse("admin:petition_featuredsignatory_changelist"),
        reverse("admin:petition_featuredsignatory_add"),
        reverse("admin:petition_featuredsignatory_change", args=[featured.pk]),
    ]


def test_every_organiser_page_answers(as_organiser, petition):
    for url in organiser_pages(petition):
        assert as_organiser.get(url).status_code == 200, url


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)


def test_signature_pages_need_no_inline_script_or_style(as_organiser, petition):
    """The site's CSP allows scripts only from itself or with the request's nonce."""
    pages = [url for url in organiser_pages(petition) if "signature" in url]
    for url in pages:
        response = as_organiser.get(url)
        html = response.content.decode()
        policy = response["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy)
        assert not INLINE_SCRIPT.findall(html), url
        assert not INLINE_HANDLER.findall(html), url
        assert not STYLE_ATTRIBUTE.findall(html), url
        for tag in SCRIPT_TAG.findall(html):
            if "application/json" not in tag:
                assert nonce and nonce.group(1) in tag or 'src="/' in tag, (url, tag)
                assert "//" not in tag.split("src=")[-1][:3], "no script from another host"


def test_editors_see_no_signatures(client, editor, petition):
    client.force_login(editor)
    ConfirmedSignatureFactory(petition=petition)
    assert client.get(changelist()).status_code == 403
    assert client.get(reverse("admin:petition_signature_invalidate")).status_code == 403


def test_nobody_adds_a_signature_in_the_admin(as_organiser):
    assert as_organiser.get(reverse("admin:petition_signature_add")).status_code == 403


# --- privacy and escaping -------------------------------------------------------------


def test_a_script_as_a_name_is_escaped_in_the_list_the_form_and_the_preview(as_organiser, petition):
    signature = ConfirmedSignatureFactory(petition=petition, name=XSS, title=XSS, email_domain="spam.example")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for url in [
        changelist(),
        reverse("admin:petition_signature_change", args=[signature.pk]),
        reverse("admin:petition_signature_invalidate") + "?email_domain=spam.example",
    ]:
        html = as_organiser.get(url).content.decode()
        assert XSS not in html, url
        assert escaped in html, url


def test_emails_are_listed_only_for_users_with_the_export_permission(client, moderator, organiser, petition):
    ConfirmedSignatureFactory(petition=petition, email="secret.person@example.org")

    client.force_login(moderator)
    response = client.get(changelist())
    assert response.status_code == 200
    assert "secret.person@example.org" not in response.content.decode()
    signature = Signature.objects.get()
    page = client.get(reverse("admin:petition_signature_change", args=[signature.pk])).content.decode()
    assert "secret.person@example.org" not in page

    client.force_login(organiser)
    assert "secret.person@example.org" in client.get(changelist()).content.decode()


def test_only_a_superuser_can_look_up_an_exact_email(client, organiser, petition):
    ConfirmedSignatureFactory(petition=petition, name="Findable", email="exact@example.org")
    ConfirmedSignatureFactory(petition=petition, name="Other", email="other@example.org")

    client.force_login(organiser)
    assert "Findable" not in client.get(changelist() + "?q=exact@example.org").content.decode()

    client.force_login(SuperUserFactory())
    html = client.get(changelist() + "?q=EXACT@example.org").content.decode()
    assert "Findable" in html and "Other" not in html


def test_organisers_cannot_edit_what_a_signer_wrote(as_organiser, petition):
    signature = ConfirmedSignatureFactory(petition=petition, name="Original", comment="Solidarity")
    url = reverse("admin:petition_signature_change", args=[signature.pk])

    response = as_organiser.post(url, {"name": "Forged", "state": "invalidated", "comment_approved": "on"})

    assert response.status_code == 302
    signature.refresh_from_db()
    assert (signature.name, signature.state, signature.comment_approved) == ("Original", "confirmed", True)


# --- bulk actions -------------------------------------------------------------------


def act(client, action, signatures, **extra):
    return client.post(
        changelist(),
        {"action": action, "_selected_action": [s.pk for s in signatures], **extra},
    )


def test_bulk_invalidate_changes_state_counts_and_logs(as_organiser, organiser, petition):
    signatures = ConfirmedSignatureFactory.create_batch(3, petition=petition)
    assert petition_counts(petition).total == 3

    response = act(as_organiser, "invalidate", signatures[:2])

    assert response.status_code == 302
    assert Signature.objects.filter(state="invalidated").count() == 2
    assert petition_counts(petition).total == 1
    log = AuditLog.objects.get(action="invalidate")
    assert (log.user, log.rows) == (organiser, 2)


@pytest.mark.parametrize(
    ("action", "factory_kwargs", "expected"),
    [
        ("hide", {}, {"hidden": True, "state": "confirmed"}),
        ("unhide", {"hidden": True}, {"hidden": False, "state": "confirmed"}),
        ("confirm", {"state": "pending", "confirmed_at": None}, {"hidden": False, "state": "confirmed"}),
    ],
)
def test_bulk_actions_change_the_rows_and_log(as_organiser, petition, action, factory_kwargs, expected):
    signature = ConfirmedSignatureFactory(petition=petition, **factory_kwargs)

    act(as_organiser, action, [signature])

    signature.refresh_from_db()
    assert {"hidden": signature.hidden, "state": signature.state} == expected
    assert AuditLog.objects.get().action == action


def test_confirming_in_bulk_raises_the_count(as_organiser, petition):
    pending = PendingSignatureFactory.create_batch(2, petition=petition)
    assert petition_counts(petition).total == 0
    act(as_organiser, "confirm", pending)
    assert petition_counts(petition).total == 2


def test_a_user_without_change_permission_cannot_moderate(client, petition):
    viewer = StaffUserFactory(username="viewer")
    viewer.user_permissions.set(Permission.objects.filter(codename="view_signature"))
    client.force_login(viewer)
    signature = ConfirmedSignatureFactory(petition=petition)

    act(client, "invalidate", [signature])

    signature.refresh_from_db()
    assert signature.state == "confirmed"
    assert not AuditLog.objects.exists()


# --- bulk invalidation by rule -------------------------------------------------------------


def invalidate_url():
    return reverse("admin:petition_signature_invalidate")


def test_invalidate_form_previews_the_count_before_changing_anything(as_organiser, petition):
    ConfirmedSignatureFactory.create_batch(3, petition=petition, email_domain="spam.example")
    ConfirmedSignatureFactory(petition=petition, email_domain="example.org")

    response = as_organiser.post(invalidate_url(), {"email_domain": "spam.example", "preview": "1"})

    assert response.status_code == 200
    assert response.context["count"] == 3
    assert Signature.objects.filter(state="confirmed").count() == 4, "a preview changes nothing"
    assert not AuditLog.objects.exists()


def test_invalidate_form_confirms_what_was_previewed(as_organiser, organiser, petition):
    ConfirmedSignatureFactory.create_batch(3, petition=petition, email_domain="spam.example")
    ConfirmedSignatureFactory(petition=petition, email_domain="example.org")

    response = as_organiser.post(
        invalidate_url(), {"email_domain": "spam.example", "expected": "3", "confirm": "1"}
    )

    assert response.status_code == 302
    assert Signature.objects.filter(state="invalidated").count() == 3
    assert petition_counts(petition).total == 1
    log = AuditLog.objects.get(action="invalidate")
    assert (log.user, log.rows, log.details["criteria"]["email_domain"]) == (organiser, 3, "spam.example")


def test_invalidate_form_asks_again_when_the_matching_rows_changed(as_organiser, petition):
    ConfirmedSignatureFactory.create_batch(4, petition=petition, ip_hash="c" * 64)

    response = as_organiser.post(invalidate_url(), {"ip_hash": "c" * 64, "expected": "3", "confirm": "1"})

    assert response.status_code == 200
    assert response.context["changed"] and response.context["count"] == 4
    assert not Signature.objects.filter(state="invalidated").exists()


def test_invalidate_form_by_time_window(as_organiser, petition):
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=3)
    inside = ConfirmedSignatureFactory(petition=petition, created_at=start + timedelta(minutes=5))
    outside = ConfirmedSignatureFactory(petition=petition, created_at=start + timedelta(hours=2))
    window = {
        "created_from": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "created_to": timezone.localtime(start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }

    preview = as_organiser.post(invalidate_url(), {**window, "preview": "1"})
    assert preview.context["count"] == 1
    # The confirmation resubmits the criteria from the preview's hidden fields.
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', preview.content.decode()))
    as_organiser.post(invalidate_url(), {**hidden, "confirm": "1"})

    inside.refresh_from_db()
    outside.refresh_from_db()
    assert (inside.state, outside.state) == ("invalidated", "confirmed")


def test_a_rule_without_criteria_is_refused(as_organiser, petition):
    ConfirmedSignatureFactory(petition=petition)

    response = as_organiser.post(invalidate_url(), {"petition": petition.pk, "expected": "1", "confirm": "1"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Signature.objects.get().state == "confirmed"


# --- audit log ---------------------------------------------------------------------


def test_audit_log_is_for_superusers_only_and_read_only(client, organiser, petition):
    AuditLog.objects.create(action="export", rows=5, petition=petition, details={"format": "csv"})
    entry = AuditLog.objects.get()

    client.force_login(organiser)
    assert client.get(reverse("admin:petition_auditlog_changelist")).status_code == 403

    client.force_login(SuperUserFactory())
    assert client.get(reverse("admin:petition_auditlog_changelist")).status_code == 200
    assert client.get(reverse("admin:petition_auditlog_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:petition_auditlog_add")).status_code == 403
    client.post(reverse("admin:petition_auditlog_delete", args=[entry.pk]), {"post": "yes"})
    assert AuditLog.objects.filter(pk=entry.pk).exists()


def test_the_signature_list_has_a_query_budget(as_organiser, petition, django_assert_max_num_queries):
    ConfirmedSignatureFactory.create_batch(30, petition=petition)
    with django_assert_max_num_queries(15):
        response = as_organiser.get(changelist())
    assert response.status_code == 200
