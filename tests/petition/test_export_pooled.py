"""Behind a transaction pooler (DATABASE_POOLER=pgbouncer) there are no server-side
cursors: an export then reads its rows by key, a page at a time, and gets every row once,
in order, whatever the page size."""

import pytest
from django.db import connection

from petition.exports import rows as export_rows
from petition.exports.columns import resolve_columns
from petition.exports.rows import Filters, iter_rows
from tests.factories import ConfirmedSignatureFactory, PetitionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors are PostgreSQL's"),
]


def test_without_server_side_cursors_the_rows_come_by_key_pages_each_once_in_order(monkeypatch):
    petition = PetitionFactory()
    signatures = ConfirmedSignatureFactory.create_batch(7, petition=petition)
    columns = resolve_columns(["name", "country"])
    queryset = Filters(petition=petition).signatures()
    streamed = list(iter_rows(queryset, columns))

    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    monkeypatch.setattr(export_rows, "CHUNK_SIZE", 3)
    paged = list(iter_rows(queryset, columns))

    assert paged == streamed
    assert [row[0] for row in paged] == [s.name for s in sorted(signatures, key=lambda s: s.pk)]
