"""Editors manage every campaign page in the admin; organisers handle contact messages."""

import pytest
from django.urls import reverse

from campaign.models import Action, Question
from tests.factories import (
    ActionFactory,
    MaterialFactory,
    QuestionFactory,
    StaffUserFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.usefixtures("logins_unthrottled")

PAGES = [
    "campaign_action",
    "campaign_question",
    "campaign_material",
    "petition_demand",
    "campaign_contactmessage",
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGES)
def test_every_campaign_list_in_the_admin_opens(client, model):
    ActionFactory()
    QuestionFactory()
    MaterialFactory()
    client.force_login(SuperUserFactory())
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["core_sitesettings", "campaign_qaattribution"])
def test_the_single_records_open_in_the_admin(client, model):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert client.get(reverse(f"admin:{model}_change")).status_code == 200


@pytest.mark.django_db
def test_editors_can_open_a_material_and_a_question_to_edit(client):
    material = MaterialFactory()
    question = QuestionFactory()
    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert client.get(reverse("admin:campaign_material_change", args=[material.pk])).status_code == 200
    assert client.get(reverse("admin:campaign_question_change", args=[question.pk])).status_code == 200


@pytest.mark.django_db
def test_editors_reorder_actions_from_the_list(client):
    first = ActionFactory(title_en="First", order=1)
    second = ActionFactory(title_en="Second", order=2)
    client.force_login(StaffUserFactory(groups=["Editors"]))
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(first.pk),
        "form-0-order": "5",
        "form-0-is_active": "on",
        "form-1-id": str(second.pk),
        "form-1-order": "1",
        "form-1-is_active": "on",
        "_save": "Save",
    }
    response = client.post(reverse("admin:campaign_action_changelist"), data)
    assert response.status_code == 302
    assert list(Action.objects.values_list("title_en", flat=True)) == ["Second", "First"]


@pytest.mark.django_db
def test_the_fill_action_writes_simplified_chinese_from_traditional(client):
    question = QuestionFactory(question_zh_hant="立法會民主嗎？", question_zh_hans="")
    client.force_login(StaffUserFactory(groups=["Editors"]))
    response = client.post(
        reverse("admin:campaign_question_changelist"),
        {"action": "fill_chinese", "_selected_action": [question.pk]},
    )
    assert response.status_code == 302
    assert Question.objects.get().question_zh_hans == "立法会民主吗？"


@pytest.mark.django_db
def test_editors_never_see_contact_messages_or_their_senders_addresses(client):
    from campaign.models import ContactMessage

    message = ContactMessage.objects.create(name="A", email="sender@example.org", message="Hello")
    client.force_login(StaffUserFactory(groups=["Editors"]))

    assert client.get(reverse("admin:campaign_contactmessage_changelist")).status_code == 403
    assert client.get(reverse("admin:campaign_contactmessage_change", args=[message.pk])).status_code == 403
    assert "sender@example.org" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_organisers_mark_contact_messages_as_handled(client):
    from campaign.models import ContactMessage

    message = ContactMessage.objects.create(name="A", email="a@example.org", message="Hello")
    client.force_login(StaffUserFactory(groups=["Organisers"]))
    response = client.post(
        reverse("admin:campaign_contactmessage_changelist"),
        {"action": "mark_handled", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.handled and message.handled_at
