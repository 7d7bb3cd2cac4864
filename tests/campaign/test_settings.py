"""Settings come from the environment, safe by default, and fail loudly on bad values."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "campaign" / "settings.py"
VARIABLES = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL", "EMAIL_URL", "TASKS_BACKEND",
    "DEFAULT_FROM_EMAIL", "SITE_URL", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT", "USE_X_FORWARDED_PROTO",
    "ADMIN_URL", "DATABASE_STATEMENT_TIMEOUT", "CONN_MAX_AGE", "UPLOAD_MAX_IMAGE_PIXELS",
    "WALL_AFTER_CLOSE", "DATABASE_POOLER", "DATABASE_REPLICA_URL",
    "SIGNER_DATA_KEY", "SIGNER_HASH_KEY", "PORT",
    "AWS_STORAGE_BUCKET_NAME", "AWS_PRIVATE_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ADDRESSING_STYLE",
    "AWS_DEFAULT_ACL",
]  # fmt: skip


def load(monkeypatch, **env):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENV_FILE", "")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


DATA_KEY = "ZnVsbC1vZi10ZXN0LWJ5dGVzLWZvci1mZXJuZXQhISE="
OLD_DATA_KEY = "b2xkLWtleS1ieXRlcy10aGlydHktdHdvLWxvbmchISE="
PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "example.org",
    "SIGNER_DATA_KEY": DATA_KEY,
    "SIGNER_HASH_KEY": "h" * 43,
}


def test_debug_is_off_unless_the_environment_turns_it_on(monkeypatch):
    assert load(monkeypatch, **PRODUCTION)["DEBUG"] is False
    assert load(monkeypatch, DEBUG="on")["DEBUG"] is True


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load(monkeypatch, ALLOWED_HOSTS="example.org")


def test_production_refuses_to_start_without_allowed_hosts(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        load(monkeypatch, SECRET_KEY="x" * 50)


@pytest.mark.parametrize("missing", ["SIGNER_DATA_KEY", "SIGNER_HASH_KEY"])
def test_production_refuses_to_start_without_the_signers_data_keys(monkeypatch, missing):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}
    with pytest.raises(ImproperlyConfigured, match=f"{missing} must be set when DEBUG is off. Generate"):
        load(monkeypatch, **env)


def test_a_key_that_is_not_a_fernet_key_stops_start_up_without_being_shown(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="key number 2") as failure:
        load(monkeypatch, **{**PRODUCTION, "SIGNER_DATA_KEY": f"{DATA_KEY},not-a-real-key"})
    assert "not-a-real-key" not in str(failure.value)


def test_the_hash_key_is_a_key_of_its_own(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SIGNER_HASH_KEY"):
        load(monkeypatch, **{**PRODUCTION, "SIGNER_HASH_KEY": PRODUCTION["SECRET_KEY"]})
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        load(monkeypatch, **{**PRODUCTION, "SIGNER_HASH_KEY": "short"})


def test_signer_data_key_is_a_list_for_rotation_the_first_encrypting(monkeypatch):
    s = load(monkeypatch, **{**PRODUCTION, "SIGNER_DATA_KEY": f"{DATA_KEY}, {OLD_DATA_KEY}"})
    assert s["SIGNER_DATA_KEY"] == [DATA_KEY, OLD_DATA_KEY]


def test_development_derives_its_signer_keys_from_its_secret_key(monkeypatch):
    first = load(monkeypatch, DEBUG="on", SECRET_KEY="s" * 50)
    again = load(monkeypatch, DEBUG="on", SECRET_KEY="s" * 50)
    assert first["SIGNER_DATA_KEY"] == again["SIGNER_DATA_KEY"], "a .env without them keeps reading its data"
    assert first["SIGNER_HASH_KEY"] == again["SIGNER_HASH_KEY"]
    assert first["SIGNER_DATA_KEY"] != load(monkeypatch, DEBUG="on")["SIGNER_DATA_KEY"]
    assert first["SIGNER_HASH_KEY"] not in ("s" * 50, *first["SIGNER_DATA_KEY"])


def test_allowed_hosts_is_a_comma_separated_list(monkeypatch):
    s = load(monkeypatch, **{**PRODUCTION, "ALLOWED_HOSTS": "example.org,www.example.org"})
    assert s["ALLOWED_HOSTS"] == ["example.org", "www.example.org"]
    assert s["SITE_URL"] == "https://example.org"


def test_development_needs_no_configuration(monkeypatch):
    s = load(monkeypatch, DEBUG="on")
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["MAILERS"]["default"]["BACKEND"] == "core.console_mail.EmailBackend"
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_database_url_selects_postgresql_with_persistent_checked_connections(monkeypatch):
    s = load(monkeypatch, **PRODUCTION, DATABASE_URL="postgres://user:pw@db.internal:5433/campaign")
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.internal", 5433, "campaign", "user")
    assert db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True
    assert "statement_timeout=15000" in db["OPTIONS"]["options"]


def test_statement_timeout_can_be_changed_or_turned_off(monkeypatch):
    url = "postgres://u@h/db"
    s = load(monkeypatch, **PRODUCTION, DATABASE_URL=url, DATABASE_STATEMENT_TIMEOUT="2000")
    assert "statement_timeout=2000" in s["DATABASES"]["default"]["OPTIONS"]["options"]
    s = load(monkeypatch, **PRODUCTION, DATABASE_URL=url, DATABASE_STATEMENT_TIMEOUT="0")
    assert "statement_timeout" not in s["DATABASES"]["default"]["OPTIONS"]["options"]


def test_no_parallel_query_unless_the_environment_allows_it(monkeypatch):
    url = "postgres://u@h/db"
    s = load(monkeypatch, **PRODUCTION, DATABASE_URL=url)
    assert "max_parallel_workers_per_gather=0" in s["DATABASES"]["default"]["OPTIONS"]["options"]
    s = load(monkeypatch, **PRODUCTION, DATABASE_URL=url, DATABASE_PARALLEL_WORKERS="2")
    assert "max_parallel_workers_per_gather=2" in s["DATABASES"]["default"]["OPTIONS"]["options"]


def test_cache_url_selects_djangos_own_redis_cache_failing_open(monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from core.cache import FailOpenRedisCache

    s = load(monkeypatch, **PRODUCTION, CACHE_URL="redis://127.0.0.1:6379/2")
    cache = s["CACHES"]["default"]
    assert cache["BACKEND"] == "core.cache.FailOpenRedisCache"
    assert issubclass(FailOpenRedisCache, RedisCache)
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/2"
    assert cache["OPTIONS"]["socket_timeout"] <= 1


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        (
            "smtp://user:secret@mail.example.org:25",
            "smtp.EmailBackend",
            {
                "host": "mail.example.org",
                "port": 25,
                "username": "user",
                "password": "secret",
                "use_tls": False,
            },
        ),
        ("smtp+tls://u:p@mail.example.org:587", "smtp.EmailBackend", {"use_tls": True, "use_ssl": False}),
        ("smtp+ssl://u:p@mail.example.org:465", "smtp.EmailBackend", {"use_ssl": True, "use_tls": False}),
        ("smtps://u:p@mail.example.org:587", "smtp.EmailBackend", {"use_tls": True}),
        ("filemail:///tmp/campaign-mail", "filebased.EmailBackend", {"file_path": "/tmp/campaign-mail"}),
        ("memorymail://", "locmem.EmailBackend", {}),
        ("dummymail://", "dummy.EmailBackend", {}),
    ],
)
def test_email_url_is_mapped_onto_mailers(monkeypatch, url, backend, options):
    s = load(monkeypatch, **PRODUCTION, EMAIL_URL=url)
    mailer = s["MAILERS"]["default"]
    assert mailer["BACKEND"] == f"django.core.mail.backends.{backend}"
    for key, value in options.items():
        assert mailer["OPTIONS"][key] == value
    # Django 6.1's MAILERS replaces the deprecated EMAIL_* settings.
    assert not any(name.startswith("EMAIL_") for name in s if name != "EMAIL_URL")


def test_emails_printed_in_the_terminal_are_printed_decoded(monkeypatch):
    s = load(monkeypatch, **PRODUCTION, EMAIL_URL="consolemail://")
    assert s["MAILERS"]["default"]["BACKEND"] == "core.console_mail.EmailBackend"


def test_smtp_has_a_timeout_so_a_silent_server_cannot_hang_a_worker(monkeypatch):
    s = load(monkeypatch, **PRODUCTION, EMAIL_URL="smtp://mail.example.org")
    assert s["MAILERS"]["default"]["OPTIONS"]["timeout"] == 10


def test_default_from_email_comes_from_the_environment(monkeypatch):
    s = load(monkeypatch, **PRODUCTION, DEFAULT_FROM_EMAIL="Campaign <hello@example.org>")
    assert s["DEFAULT_FROM_EMAIL"] == "Campaign <hello@example.org>"


def test_tasks_backend_is_database_by_default_and_immediate_on_request(monkeypatch):
    assert load(monkeypatch, **PRODUCTION)["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    s = load(monkeypatch, **PRODUCTION, TASKS_BACKEND="immediate")
    assert s["TASKS"]["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"


def test_unknown_tasks_backend_stops_start_up(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND"):
        load(monkeypatch, **PRODUCTION, TASKS_BACKEND="celery")


def test_bad_boolean_stops_start_up(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT"):
        load(monkeypatch, **PRODUCTION, SECURE_SSL_REDIRECT="perhaps")


def test_production_is_https_only_with_hsts_preload_off_by_default(monkeypatch):
    s = load(monkeypatch, **PRODUCTION)
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_HSTS_PRELOAD"] is False
    assert "SECURE_PROXY_SSL_HEADER" not in s


def test_proxy_ssl_header_is_trusted_only_when_configured(monkeypatch):
    s = load(monkeypatch, **PRODUCTION, USE_X_FORWARDED_PROTO="on")
    assert s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_admin_path_is_configurable(monkeypatch):
    assert load(monkeypatch, **PRODUCTION, ADMIN_URL="/backstage/")["ADMIN_URL"] == "backstage/"


@pytest.mark.parametrize(
    ("port", "site_url"),
    [
        (None, "http://127.0.0.1:8000"),
        ("8610", "http://127.0.0.1:8610"),
        ("127.0.0.1:8610", "http://127.0.0.1:8610"),
        ("localhost:8610", "http://localhost:8610"),
        ("0.0.0.0:8610", "http://127.0.0.1:8610"),
    ],
)
def test_in_development_emailed_links_follow_the_port_the_site_is_served_on(monkeypatch, port, site_url):
    env = {"PORT": port} if port else {}
    assert load(monkeypatch, DEBUG="on", **env)["SITE_URL"] == site_url


def test_an_explicit_site_url_wins_over_the_port(monkeypatch):
    settings = load(monkeypatch, DEBUG="on", PORT="8610", SITE_URL="https://tunnel.example")
    assert settings["SITE_URL"] == "https://tunnel.example"


def test_a_port_that_is_not_one_stops_start_up(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PORT"):
        load(monkeypatch, DEBUG="on", PORT="127.0.0.1:http")


def test_production_links_ignore_the_development_port(monkeypatch):
    assert load(monkeypatch, **PRODUCTION, PORT="8610")["SITE_URL"] == "https://example.org"


def test_env_file_is_read_but_the_real_environment_wins(monkeypatch, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=on\nSITE_URL=https://from-file.example\n")
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENV_FILE", str(env_file))
    monkeypatch.setenv("SITE_URL", "https://from-env.example")
    s = runpy.run_path(str(SETTINGS))
    assert s["DEBUG"] is True
    assert s["SITE_URL"] == "https://from-env.example"


def test_one_pixel_limit_for_every_uploaded_image_comes_from_the_environment(monkeypatch):
    assert load(monkeypatch, **PRODUCTION)["UPLOAD_MAX_IMAGE_PIXELS"] == 40_000_000
    assert (
        load(monkeypatch, **PRODUCTION, UPLOAD_MAX_IMAGE_PIXELS="20000000")["UPLOAD_MAX_IMAGE_PIXELS"]
        == 20_000_000
    )


@pytest.mark.parametrize("value", ["0", "-1", "100000000"])
def test_a_pixel_limit_pillow_would_not_honour_is_refused(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="UPLOAD_MAX_IMAGE_PIXELS"):
        load(monkeypatch, **PRODUCTION, UPLOAD_MAX_IMAGE_PIXELS=value)


def test_a_closed_petitions_wall_shows_initials_unless_told_otherwise(monkeypatch):
    assert load(monkeypatch, **PRODUCTION)["WALL_AFTER_CLOSE"] == "initials"
    assert load(monkeypatch, **PRODUCTION, WALL_AFTER_CLOSE="Hide")["WALL_AFTER_CLOSE"] == "hide"
    assert load(monkeypatch, **PRODUCTION, WALL_AFTER_CLOSE="keep")["WALL_AFTER_CLOSE"] == "keep"
    with pytest.raises(ImproperlyConfigured, match="WALL_AFTER_CLOSE"):
        load(monkeypatch, **PRODUCTION, WALL_AFTER_CLOSE="nobody")


def test_every_setting_read_is_listed_in_env_example_including_the_wall_after_close():
    example = (SETTINGS.parents[1] / ".env.example").read_text()
    assert "\nWALL_AFTER_CLOSE=initials\n" in example


PG = "postgres://campaign@db.internal:5432/campaign"


def test_without_a_replica_url_there_is_one_database_and_no_router(monkeypatch):
    settings = load(monkeypatch, **PRODUCTION, DATABASE_URL=PG)
    assert list(settings["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in settings


def test_a_replica_url_adds_the_replica_its_router_and_a_short_connect_timeout(monkeypatch):
    settings = load(
        monkeypatch, **PRODUCTION, DATABASE_URL=PG, DATABASE_REPLICA_URL=PG.replace("db.", "replica.")
    )
    replica = settings["DATABASES"]["replica"]
    assert replica["HOST"] == "replica.internal"
    assert replica["OPTIONS"]["connect_timeout"] == 1
    assert "statement_timeout" in replica["OPTIONS"]["options"]
    assert replica["TEST"] == {"MIRROR": "default"}
    assert settings["DATABASE_ROUTERS"] == ["core.replica.ReplicaRouter"]
    assert settings["MIDDLEWARE"][-2:] == ["core.replica.ReplicaMiddleware", "axes.middleware.AxesMiddleware"]


def test_behind_pgbouncer_no_server_side_cursors_no_startup_options_and_connections_kept(monkeypatch):
    direct = load(monkeypatch, **PRODUCTION, DATABASE_URL=PG)["DATABASES"]["default"]
    assert "DISABLE_SERVER_SIDE_CURSORS" not in direct
    pooled = load(monkeypatch, **PRODUCTION, DATABASE_URL=PG, DATABASE_POOLER="pgbouncer")["DATABASES"][
        "default"
    ]
    assert pooled["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "options" not in pooled["OPTIONS"]  # PgBouncer refuses the startup parameter
    assert pooled["CONN_MAX_AGE"] == 600
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOLER"):
        load(monkeypatch, **PRODUCTION, DATABASE_URL=PG, DATABASE_POOLER="pgpool")


# --- Object storage ---------------------------------------------------------------------

BUCKETS = {"AWS_STORAGE_BUCKET_NAME": "campaign-media", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "campaign-private"}


def test_media_stay_on_disk_unless_a_bucket_is_named(monkeypatch):
    loaded = load(monkeypatch, **PRODUCTION)
    assert loaded["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert loaded["STORAGES"]["private"]["BACKEND"] == "core.storage.PrivateFileSystemStorage"
    assert loaded["SECURE_CSP"]["img-src"] == ["'self'", "data:"]


def test_a_bucket_puts_public_media_and_private_files_in_buckets_of_their_own(monkeypatch):
    loaded = load(
        monkeypatch,
        **PRODUCTION,
        **BUCKETS,
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    public, private = loaded["STORAGES"]["default"], loaded["STORAGES"]["private"]
    assert public["BACKEND"] == "core.s3.MediaS3Storage"
    assert private["BACKEND"] == "core.s3.PrivateS3Storage"
    assert public["OPTIONS"]["bucket_name"] == "campaign-media"
    assert private["OPTIONS"]["bucket_name"] == "campaign-private"
    for options in (public["OPTIONS"], private["OPTIONS"]):
        assert options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
        assert (options["region_name"], options["access_key"], options["secret_key"]) == (
            "fr-par",
            "id",
            "secret",
        )
    assert "custom_domain" not in private["OPTIONS"] and "default_acl" not in private["OPTIONS"]
    assert loaded["SECURE_CSP"]["img-src"][2:] == [
        "https://s3.fr-par.scw.cloud",
        "https://campaign-media.s3.fr-par.scw.cloud",
    ]


def test_a_cdn_in_front_of_the_media_bucket_is_the_only_other_image_source(monkeypatch):
    loaded = load(monkeypatch, **PRODUCTION, **BUCKETS, AWS_S3_CUSTOM_DOMAIN="media.example.org")
    assert loaded["STORAGES"]["default"]["OPTIONS"]["custom_domain"] == "media.example.org"
    assert loaded["SECURE_CSP"]["img-src"] == ["'self'", "data:", "https://media.example.org"]


def test_media_on_aws_itself_are_allowed_from_the_buckets_own_host(monkeypatch):
    loaded = load(monkeypatch, **PRODUCTION, **BUCKETS, AWS_S3_REGION_NAME="eu-west-2")
    assert loaded["SECURE_CSP"]["img-src"][2:] == [
        "https://campaign-media.s3.amazonaws.com",
        "https://campaign-media.s3.eu-west-2.amazonaws.com",
    ]


@pytest.mark.parametrize("private", ["", "campaign-media"])
def test_a_media_bucket_without_a_private_bucket_of_its_own_stops_start_up(monkeypatch, private):
    with pytest.raises(ImproperlyConfigured, match="AWS_PRIVATE_STORAGE_BUCKET_NAME"):
        load(
            monkeypatch,
            **PRODUCTION,
            AWS_STORAGE_BUCKET_NAME="campaign-media",
            AWS_PRIVATE_STORAGE_BUCKET_NAME=private,
        )


@pytest.mark.parametrize(
    "name, value", [("AWS_S3_ADDRESSING_STYLE", "sideways"), ("AWS_DEFAULT_ACL", "public-read-write")]
)
def test_a_bad_object_storage_value_stops_start_up(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load(monkeypatch, **PRODUCTION, **BUCKETS, **{name: value})


def test_every_object_storage_variable_is_listed_in_env_example():
    example = (SETTINGS.parents[1] / ".env.example").read_text()
    for name in VARIABLES:
        if name.startswith("AWS_"):
            assert f"\n{name}=" in example or f"\n# {name}=" in example, name
