"""`load_demo` fills the calendar: a dozen actions in several countries, past and upcoming,
in three languages, and three local groups; running it again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from events.models import Event, LocalGroup

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_dozen_actions_and_three_groups(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    assert Event.objects.published().count() == 12
    assert Event.objects.upcoming().count() >= 6 and Event.objects.past().count() >= 3
    assert Event.objects.exclude(country="").values("country").distinct().count() >= 5
    assert LocalGroup.objects.published().count() == 3
    assert Event.objects.past().exclude(photo="").exists()
    for event in Event.objects.all():
        assert all(event.localized("title").values()), event.slug
        assert event.time_zone, event.slug
    with translation.override("zh-hans"):
        assert str(Event.objects.get(slug="online-briefing").title) == "线上说明会：怎样在你的城市组织行动"
