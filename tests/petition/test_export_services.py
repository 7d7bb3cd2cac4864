"""The one decision behind every export door: send it now, refuse it, or queue it."""

import pytest

from petition.export_services import Verdict, export_decide, export_selection
from petition.models import Signature
from tests.factories import (
    ConfirmedSignatureFactory,
    InvalidatedSignatureFactory,
    PendingSignatureFactory,
    PetitionFactory,
)

pytestmark = pytest.mark.django_db

COMMAND = {"within_request": False}
EXPORT_PAGE = {"within_request": True, "can_queue": True}
LIST_ACTION = {"within_request": True}


@pytest.fixture(autouse=True)
def _limits(settings, monkeypatch):
    settings.EXPORT_INLINE_MAX_ROWS = 4
    settings.EXPORT_XLSX_INLINE_MAX_ROWS = 2
    # More rows than a sheet holds go on further sheets: no door refuses them.
    monkeypatch.setattr("petition.exports.writers.XLSX_MAX_ROWS", 3)


def signatures(petition, count):
    ConfirmedSignatureFactory.create_batch(count, petition=petition)
    return Signature.objects.all()


def verdict(queryset, format, door):
    return export_decide(signatures=queryset, format=format, **door).verdict


@pytest.mark.parametrize(
    ("count", "format", "door", "expected"),
    [
        # The export page: up to the request's limit at once, above it in the background.
        (4, "csv", EXPORT_PAGE, Verdict.STREAM),
        (5, "csv", EXPORT_PAGE, Verdict.QUEUE),
        (5, "json", EXPORT_PAGE, Verdict.QUEUE),
        # Excel has its own, lower limit: nothing is sent before the workbook is finished.
        (2, "xlsx", EXPORT_PAGE, Verdict.STREAM),
        (3, "xlsx", EXPORT_PAGE, Verdict.QUEUE),
        # More than a sheet holds is prepared like any other (on further sheets).
        (4, "xlsx", EXPORT_PAGE, Verdict.QUEUE),
        # A selection in the list cannot be prepared later: too many for a request is refused.
        (4, "csv", LIST_ACTION, Verdict.STREAM),
        (5, "csv", LIST_ACTION, Verdict.TOO_MANY_FOR_A_REQUEST),
        (3, "xlsx", LIST_ACTION, Verdict.TOO_MANY_FOR_A_REQUEST),
        # The command has no request to answer in time: nothing limits it.
        (5, "csv", COMMAND, Verdict.STREAM),
        (3, "xlsx", COMMAND, Verdict.STREAM),
        (4, "xlsx", COMMAND, Verdict.STREAM),
    ],
)
def test_the_decision_by_rows_format_and_door(petition, count, format, door, expected):
    assert verdict(signatures(petition, count), format, door) == expected


def test_a_refusal_or_a_queue_says_how_many_and_the_limit(petition):
    queryset = signatures(petition, 5)
    refused = export_decide(signatures=queryset, format="xlsx", **LIST_ACTION)
    queued = export_decide(signatures=queryset, format="csv", **EXPORT_PAGE)
    assert (refused.rows, refused.limit) == (5, 2)
    assert (queued.rows, queued.limit) == (5, 4)


def test_the_decision_counts_the_signatures_it_is_given(petition):
    ConfirmedSignatureFactory.create_batch(5, petition=petition, country="TW")
    ConfirmedSignatureFactory(petition=petition, country="HK")
    hong_kong = Signature.objects.filter(country="HK")
    assert verdict(hong_kong, "csv", LIST_ACTION) == Verdict.STREAM
    assert verdict(Signature.objects.all(), "csv", LIST_ACTION) == Verdict.TOO_MANY_FOR_A_REQUEST


def test_the_command_counts_nothing_where_no_limit_applies(petition, django_assert_num_queries):
    queryset = signatures(petition, 5)
    with django_assert_num_queries(0):
        decision = export_decide(signatures=queryset, format="csv", **COMMAND)
    assert (decision.verdict, decision.rows) == (Verdict.STREAM, None)


def select(queryset, list_state="", format="csv"):
    return export_selection(
        queryset=queryset, list_state=list_state, format=format, user=None, description="selected rows"
    )


def test_a_selection_exports_withdrawn_or_invalidated_ones_only_when_the_list_shows_them(petition):
    confirmed = ConfirmedSignatureFactory(petition=petition)
    pending = PendingSignatureFactory(petition=petition)
    invalidated = InvalidatedSignatureFactory(petition=petition)

    _decision, export = select(Signature.objects.all())
    assert set(export.queryset) == {confirmed, pending}
    assert export.filters["states"] == ["confirmed", "pending"]

    _decision, export = select(Signature.objects.all(), list_state="invalidated")
    assert set(export.queryset) == {confirmed, pending, invalidated}
    assert (export.via, export.petition) == ("admin action", petition)


def test_a_selection_across_petitions_names_none(petition):
    ConfirmedSignatureFactory(petition=petition)
    ConfirmedSignatureFactory(petition=PetitionFactory())
    _decision, export = select(Signature.objects.all())
    assert export.petition is None


def test_a_selection_too_large_for_a_request_is_refused_not_queued(petition):
    decision, export = select(signatures(petition, 3), format="xlsx")
    assert (decision.verdict, decision.rows, export) == (Verdict.TOO_MANY_FOR_A_REQUEST, 3, None)


def test_a_refused_selection_is_counted_once_and_nothing_more(petition, django_assert_num_queries):
    queryset = signatures(petition, 5)
    with django_assert_num_queries(1):
        select(queryset)
