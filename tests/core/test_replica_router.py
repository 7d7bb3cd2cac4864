"""The router's rules, without a real replica (tests/campaign/test_read_replica.py has one):
what may read the replica, and what always reads the primary."""

import pytest
from django.db import OperationalError, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from core import replica
from core.replica import REPLICA, STICKY_COOKIE, ReplicaMiddleware, ReplicaRouter, read_alias, replica_reads


@pytest.fixture
def configured(settings, monkeypatch):
    """A replica configured, and fresh unless a test says not."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    settings.DATABASE_REPLICA_STICKY_SECONDS = 15
    monkeypatch.setattr(replica, "replica_usable", lambda: True)
    return settings


def test_without_a_replica_every_read_is_the_primarys(settings):
    assert REPLICA not in settings.DATABASES
    with replica_reads():
        assert read_alias() == "default"


def test_only_reads_that_ask_for_it_go_to_the_replica(configured):
    assert read_alias() == "default"
    with replica_reads():
        assert read_alias() == REPLICA


@pytest.mark.django_db(transaction=True)
def test_a_read_inside_a_transaction_on_the_primary_stays_there(configured):
    with replica_reads(), transaction.atomic():
        assert connections["default"].in_atomic_block
        assert read_alias() == "default"


def test_a_lagging_or_unreachable_replica_is_left_aside(configured, monkeypatch):
    monkeypatch.setattr(replica, "replica_usable", lambda: False)
    with replica_reads():
        assert read_alias() == "default"


def test_writes_and_migrations_go_to_the_primary_whatever_the_instance_was_read_from(configured):
    router = ReplicaRouter()
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate(REPLICA, "petition") is False
    assert router.allow_migrate("default", "petition") is True


def test_a_writing_request_and_the_same_browsers_next_pages_read_the_primary(configured):
    seen = []

    def view(request):
        with replica_reads():
            seen.append(read_alias())
        return HttpResponse()

    middleware = ReplicaMiddleware(view)
    factory = RequestFactory()
    assert seen == [] and middleware(factory.get("/")).cookies.get(STICKY_COOKIE) is None
    response = middleware(factory.post("/"))
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["max-age"] == 15 and cookie["httponly"]
    after = factory.get("/")
    after.COOKIES[STICKY_COOKIE] = cookie.value
    middleware(after)
    assert seen == [REPLICA, "default", "default"]


def test_the_lag_is_measured_again_only_after_the_check_interval(configured, monkeypatch, settings):
    monkeypatch.undo()
    settings.DATABASE_REPLICA_CHECK_SECONDS = 60
    settings.DATABASE_REPLICA_MAX_LAG = 5
    lags = iter([7.0, 0.0])
    monkeypatch.setattr(replica, "replica_lag", lambda: next(lags))
    replica.health.reset()
    try:
        assert replica.replica_usable() is False  # 7 s behind
        assert replica.replica_usable() is False  # not measured again yet
        replica.health.next_check = 0
        assert replica.replica_usable() is True
    finally:
        replica.health.reset()


def test_a_page_the_replica_failed_during_is_read_again_from_the_primary(configured, monkeypatch):
    monkeypatch.setattr(replica, "close_replica", lambda: None)
    replica.health.reset()
    router = ReplicaRouter()

    def view(request):
        with replica_reads():
            if router.db_for_read(None) == REPLICA:
                raise OperationalError("connection refused")
            return HttpResponse("from the primary")

    def handler(request):
        """What Django's handler does around the view: process_view, process_exception."""
        middleware.process_view(request, view, (), {})
        try:
            return view(request)
        except OperationalError as exc:
            response = middleware.process_exception(request, exc)
            if response is None:
                raise
            return response

    middleware = ReplicaMiddleware(handler)
    try:
        response = middleware(RequestFactory().get("/en/petition/signatures/"))
        assert response.content == b"from the primary"
        assert replica.health.usable is False  # left aside until DATABASE_REPLICA_RETRY_SECONDS

        def primary_down(request):
            raise OperationalError("the primary itself")

        untouched = ReplicaMiddleware(handler)
        view = primary_down
        with pytest.raises(OperationalError):  # not the replica's fault: left to the 503 page
            untouched(RequestFactory().get("/en/petition/signatures/"))
    finally:
        replica.health.reset()
