"""Milestones: the displayed goal steps up the ladder; a passed rung is marked and a draft prepared."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ConfirmedSignatureFactory, PetitionFactory
from updates import milestones
from updates.models import Milestone, Update

pytestmark = pytest.mark.django_db


def test_the_displayed_goal_is_the_next_rung_of_the_ladder():
    petition = PetitionFactory.build(goal=100000, goal_ladder="1000, 5000, 10000, 50000")
    assert petition.goal_for(0) == 1000
    assert petition.goal_for(999) == 1000
    assert petition.goal_for(1000) == 5000
    assert petition.goal_for(12000) == 50000
    assert petition.goal_for(60000) == 100000
    assert petition.goal_for(200000) == 100000


def test_without_a_ladder_the_goal_stays():
    petition = PetitionFactory.build(goal=500, goal_ladder="")
    assert petition.goal_for(0) == petition.goal_for(900) == 500


def test_a_ladder_that_is_not_numbers_is_refused():
    petition = PetitionFactory.build(goal_ladder="1000, lots")
    with pytest.raises(ValidationError) as error:
        petition.full_clean()
    assert "goal_ladder" in error.value.message_dict


def test_the_petition_page_and_the_api_show_the_stepped_up_goal(client):
    petition = PetitionFactory(is_current=True, goal=100000, goal_ladder="2, 5")
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    assert client.get(f"/api/petition/{petition.slug}.json").json()["goal"] == 5
    response = client.get("/en/petition/")
    assert b"of 5" in response.content


def test_passing_a_rung_records_the_day_and_prepares_a_draft_in_three_languages():
    petition = PetitionFactory(goal=100000, goal_ladder="2, 5")
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    assert milestones.record_milestones() == [2]
    assert milestones.record_milestones() == []  # recorded once
    assert list(Milestone.objects.values_list("goal", flat=True)) == [2]
    draft = Update.objects.get(milestone=2)
    assert draft.state == Update.State.DRAFT  # never sent by itself
    assert draft.missing_languages() == []
    assert "2" in draft.subject_en and draft.subject_zh_hant != draft.subject_en
    assert draft.subject_zh_hans != draft.subject_zh_hant
