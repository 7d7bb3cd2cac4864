"""gunicorn.conf.py: what production runs unless the environment says otherwise."""

import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("GUNICORN_WORKER_CLASS", "GUNICORN_THREADS", "GUNICORN_WORKERS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_keep_connections_alive_one_request_at_a_time(monkeypatch):
    conf = load(monkeypatch)

    assert conf["worker_class"] == "gthread"
    assert conf["threads"] == 1
    assert conf["keepalive"] > 0
    assert conf["wsgi_app"] == "campaign.wsgi:application"


def test_the_environment_chooses_the_worker_class_threads_and_workers(monkeypatch):
    conf = load(monkeypatch, GUNICORN_WORKER_CLASS="sync", GUNICORN_THREADS="4", GUNICORN_WORKERS="5")

    assert (conf["worker_class"], conf["threads"], conf["workers"]) == ("sync", 4, 5)
