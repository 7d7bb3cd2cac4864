"""Recipient rows are deleted with an anonymised petition's personal data; totals stay."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from petition.retention import anonymise_petition
from tests.updates.conftest import ready_update, subscriber
from updates import services
from updates.models import Recipient

pytestmark = pytest.mark.django_db


def test_recipients_go_once_the_petition_is_anonymised_and_the_totals_stay(petition, commit, no_pause):
    for _ in range(3):
        subscriber(petition)
    update = ready_update(petition)
    with commit():
        services.update_send(update=update)
    with pytest.raises(CommandError):
        call_command("purge_update_recipients", "--petition", petition.slug, stdout=io.StringIO())
    petition.closes_at = timezone.now() - timedelta(days=1)
    petition.opens_at = timezone.now() - timedelta(days=30)
    petition.save()
    anonymise_petition(petition=petition)
    out = io.StringIO()
    call_command("purge_update_recipients", stdout=out)
    assert "3 recipient rows deleted" in out.getvalue()
    assert not Recipient.objects.exists()
    update.refresh_from_db()
    assert update.progress()[Recipient.State.SENT] == 3
