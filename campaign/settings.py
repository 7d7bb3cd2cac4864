"""Settings for the campaign site.

Every value comes from the environment (see `.env.example`). With nothing set the
site refuses to start in production mode; `bin/run` writes a development `.env`.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from core.countries import COUNTRY_NAMES
from core.crypto import data_key_problem, development_keys, hash_key_problem
from core.rates import RateError, parse_rates

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# An empty ENV_FILE disables the file, so tests and CI are not steered by a
# developer's local `.env`. Values already in the environment always win.
ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)

_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}


def env_bool(name, default):
    """A boolean that refuses values it does not understand (django-environ reads them as False)."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be on or off (true/false, 1/0), not {raw!r}.")
    return raw in _TRUE


DEBUG = env_bool("DEBUG", default=False)


def _required(name, hint):
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off. {hint} See .env.example for every setting."
        )
    return value


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-not-secret")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = _required(
        "SECRET_KEY",
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"',
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or _required(
        "ALLOWED_HOSTS", "List the site's host names, comma-separated (example.org,www.example.org)."
    )

# Signers' email addresses and organisations' contacts are encrypted at rest with keys of
# their own, never SECRET_KEY (core/crypto.py; docs/deploy.md, "Signers' data keys").
SIGNER_DATA_KEY = [key.strip() for key in env.list("SIGNER_DATA_KEY", default=[]) if key.strip()]
SIGNER_HASH_KEY = env.str("SIGNER_HASH_KEY", default="").strip()
if DEBUG:
    _development_data_key, _development_hash_key = development_keys(SECRET_KEY)
    SIGNER_DATA_KEY = SIGNER_DATA_KEY or [_development_data_key]
    SIGNER_HASH_KEY = SIGNER_HASH_KEY or _development_hash_key
else:
    SIGNER_DATA_KEY = SIGNER_DATA_KEY or [
        _required(
            "SIGNER_DATA_KEY",
            "Generate one with: python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
        )
    ]
    SIGNER_HASH_KEY = SIGNER_HASH_KEY or _required(
        "SIGNER_HASH_KEY",
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(32))"',
    )
_problem = data_key_problem(SIGNER_DATA_KEY) or hash_key_problem(
    SIGNER_HASH_KEY, data_keys=SIGNER_DATA_KEY, secret_key=SECRET_KEY
)
if _problem:
    raise ImproperlyConfigured(f"{_problem} See .env.example.")


def development_address(port):
    """`bin/run`'s PORT (`8610`, `127.0.0.1:8610`, `0.0.0.0:8610`) as the host:port a browser opens."""
    host, _, number = port.strip().rpartition(":")
    if not number.isdigit() or not 0 < int(number) < 65536:
        raise ImproperlyConfigured(f"PORT must be a port or host:port (127.0.0.1:8000), not {port!r}.")
    if host in {"", "0.0.0.0", "0", "[::]"}:  # noqa: S104 (any interface: the browser opens this machine)
        host = "127.0.0.1"
    return f"{host}:{number}"


# Absolute links in emails are built from SITE_URL: the task worker has no request. In
# development it follows PORT, the address `bin/run` serves, so emailed links reach it.
SITE_URL = env.str(
    "SITE_URL",
    default=f"http://{development_address(env.str('PORT', default='8000'))}"
    if DEBUG
    else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    # Before django_tasks_db: its `db_worker` command is core's (planner settings for
    # the queue, core/management/commands/db_worker.py).
    "core",
    "django_tasks_db",
    "solo",
    "django_prose_editor",
    "petition",
    "articles",
    "events",
    "updates",
    "dashboard",
    "campaign",
    "anymail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a request's body: one larger than REQUEST_MAX_BODY_SIZE is refused.
    "core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Responses go up this list bottom-up: the page cache, the compression and the
    # public marking see the final response, after the session and CSRF middleware
    # below have set (or not) their cookies. A page found in the cache goes back from
    # PageCacheFetch, skipping everything below it: it carries its final headers, and
    # its address (or its Vary header) holds its language.
    "core.middleware.PageCacheUpdateMiddleware",
    "core.middleware.PageCacheFetchMiddleware",
    "core.middleware.PublicGZipMiddleware",
    "core.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.AdminAccessMiddleware",
    # Near the end, so its process_exception sees database errors before the others.
    "core.middleware.DatabaseUnavailableMiddleware",
    # After it, so that a page the replica failed is read again from the primary before
    # any 503 (it does nothing without DATABASE_REPLICA_URL).
    "core.replica.ReplicaMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed admin logins and locks out (django-axes) before checking passwords.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "campaign.urls"
WSGI_APPLICATION = "campaign.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# "pgbouncer": DATABASE_URL (and DATABASE_REPLICA_URL) point at PgBouncer in transaction
# pooling mode. Each transaction may then run on another server connection: no
# server-side cursors (Django's iterator() reads in chunks by key instead), and no
# session settings sent when connecting (PgBouncer refuses the `options` parameter; its
# connect_query sets them on each server connection, docs/deploy.md).
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "pgbouncer"):
    raise ImproperlyConfigured(f"DATABASE_POOLER must be empty or 'pgbouncer', not {DATABASE_POOLER!r}.")


def _database(db, *, connect_timeout):
    if db["ENGINE"] == "django.db.backends.postgresql":
        # Kept open between requests (with health checks): to PostgreSQL, or to the pooler.
        db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
        db["CONN_HEALTH_CHECKS"] = True
        db.setdefault("OPTIONS", {})
        db["OPTIONS"].setdefault("connect_timeout", connect_timeout)
        if DATABASE_POOLER:
            db["DISABLE_SERVER_SIDE_CURSORS"] = True
            return db
        # A slow or locked database makes requests fail fast instead of piling up
        # workers. Long jobs (exports, migrations) lift it for their own session.
        timeout_ms = env.int("DATABASE_STATEMENT_TIMEOUT", default=15000)
        options = []
        if timeout_ms:
            options.append(f"-c statement_timeout={timeout_ms}")
        # No parallel query by default: on a small host the by-country recount fanned out
        # over three processes that took both cores at once every few seconds, and the
        # page views waited behind it. A database host of its own may allow it.
        options.append(
            f"-c max_parallel_workers_per_gather={env.int('DATABASE_PARALLEL_WORKERS', default=0)}"
        )
        db["OPTIONS"]["options"] = " ".join(options)
    elif db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("OPTIONS", {})
        db["OPTIONS"].update(
            {
                # WAL lets readers go on while a signature is written; IMMEDIATE
                # takes the write lock up front so concurrent writers queue instead
                # of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            }
        )
    return db


_database(DATABASES["default"], connect_timeout=env.int("DATABASE_CONNECT_TIMEOUT", default=5))

# A streaming replica for the heavy reads (core/replica.py): the wall, the counts'
# recount, the exports, the feeds and the API. A replica that is down or further
# behind than DATABASE_REPLICA_MAX_LAG seconds is left aside: the primary answers.
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=10.0)
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=2.0)
DATABASE_REPLICA_RETRY_SECONDS = env.float("DATABASE_REPLICA_RETRY_SECONDS", default=10.0)
# After a visitor's POST, their next pages read the primary this long (a cookie).
DATABASE_REPLICA_STICKY_SECONDS = env.int("DATABASE_REPLICA_STICKY_SECONDS", default=15)
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = _database(
        env.db("DATABASE_REPLICA_URL"),
        # A replica that does not answer is left aside quickly.
        connect_timeout=env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=1),
    )
    # The tests read the replica through the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]

# --- Cache ------------------------------------------------------------------
_cache_url = env.str("CACHE_URL", default="locmemcache://")
CACHES = {"default": env.cache_url_config(_cache_url)}
if _cache_url.startswith(("redis://", "rediss://")):
    # Django's own RedisCache, wrapped so that an outage degrades instead of failing.
    CACHES["default"]["BACKEND"] = "core.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", 0.5)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 0.5)

# --- Email ------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Stop Repression <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
CAMPAIGN_EMAIL = env.str("CAMPAIGN_EMAIL", default="")


def mailers_from_url(url):
    """Map a django-environ EMAIL_URL onto Django 6.1's MAILERS entry."""
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": config.get("EMAIL_HOST") or "localhost",
            "port": config.get("EMAIL_PORT") or 25,
            "username": config.get("EMAIL_HOST_USER") or "",
            "password": config.get("EMAIL_HOST_PASSWORD") or "",
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            # A mail server that accepts connections and never answers must
            # not hold a worker forever.
            "timeout": int(config.get("OPTIONS", {}).get("TIMEOUT", 10)),
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": "/" + config["EMAIL_FILE_PATH"].lstrip("/")}
    elif backend.endswith("console.EmailBackend"):
        # Decoded, with every link whole on a line of its own (core/console_mail.py).
        backend = "core.console_mail.EmailBackend"
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_from_url(env.str("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"))

# --- Updates to supporters ----------------------------------------------------
# At most UPDATES_RATE messages a minute, UPDATES_BATCH_SIZE through one connection.
UPDATES_RATE = env.int("UPDATES_RATE", default=600)
UPDATES_BATCH_SIZE = env.int("UPDATES_BATCH_SIZE", default=100)
if UPDATES_RATE < 1 or UPDATES_BATCH_SIZE < 1:
    raise ImproperlyConfigured("UPDATES_RATE and UPDATES_BATCH_SIZE must be at least 1.")
# A provider's bounce and complaint webhooks (django-anymail): every ANYMAIL_<NAME>
# variable becomes its <NAME> setting, e.g. ANYMAIL_WEBHOOK_SECRET="user:password" and
# ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY. The webhooks are served only with a secret.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_")
}
UPDATES_WEBHOOKS = bool(ANYMAIL.get("WEBHOOK_SECRET"))
# The delivery pack's font (updates/pack.py): empty, Noto Sans CJK from the usual folders.
DELIVERY_PACK_FONT = env.str("DELIVERY_PACK_FONT", default="")

# --- Tasks ------------------------------------------------------------------
_tasks_backends = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND not in _tasks_backends:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_tasks_backends)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _tasks_backends[TASKS_BACKEND]}}
if TASKS_BACKEND == "database":
    # Time-ordered ids: each new task lands at the end of the queue's primary key.
    TASKS["default"]["OPTIONS"] = {"id_function": "core.tasks.time_ordered_uuid"}
# A task whose worker has not been heard from for this long (killed, out of memory, its
# host gone) goes back to the queue (core/management/commands/db_worker.py). A live
# worker renews the lease of its task every third of it, however long the task runs.
TASKS_LEASE_SECONDS = env.int("TASKS_LEASE_SECONDS", default=300)
if TASKS_LEASE_SECONDS < 1:
    raise ImproperlyConfigured(f"TASKS_LEASE_SECONDS must be at least 1, not {TASKS_LEASE_SECONDS}.")
# While the CPUs are contended (some task waited for one more than this percent of the
# time), the task worker pauses between tasks: core/management/commands/db_worker.py.
TASKS_YIELD_PRESSURE = env.int("TASKS_YIELD_PRESSURE", default=20)
TASKS_YIELD_MAX_SECONDS = env.float("TASKS_YIELD_MAX_SECONDS", default=1.0)
if not 0 <= TASKS_YIELD_PRESSURE <= 100:
    raise ImproperlyConfigured(f"TASKS_YIELD_PRESSURE must be between 0 and 100, not {TASKS_YIELD_PRESSURE}.")

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# The admin's language tabs use jQuery UI: served from our static files, not a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
# Chinese readers see the other Chinese script (converted with OpenCC, see
# core/i18n.py) before English; English readers see Traditional first.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en",),
    "en": ("zh-hant", "zh-hans"),
    "zh-hant": ("zh-hans", "en"),
    "zh-hans": ("zh-hant", "en"),
}

# --- Static and media ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files only the organisers may see (prepared signature exports): outside MEDIA_ROOT,
# never served by the web server, read back through a permission-checking view. An
# S3-compatible setup swaps "private" for a private bucket.
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=BASE_DIR / "private")
if Path(PRIVATE_ROOT).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()) or Path(
    MEDIA_ROOT
).resolve().is_relative_to(Path(PRIVATE_ROOT).resolve()):
    raise ImproperlyConfigured("PRIVATE_ROOT must lie outside MEDIA_ROOT: everything there is public.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_ROOT,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = env.int("WHITENOISE_MAX_AGE", default=3600)
# An upload up to this size is kept in memory while the request is read; a larger one
# goes to a temporary file. 2.5 MiB holds a signer's logo (2 MB at most) and keeps what
# many concurrent uploads cost in memory small.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o644
# No request body larger than this is read at all (core.middleware.RequestSizeLimitMiddleware):
# a few megabytes above the largest upload the site takes (a 25 MB campaign material,
# core/uploads.py) for the form around it.
REQUEST_MAX_BODY_SIZE = env.int("REQUEST_MAX_BODY_SIZE", default=30 * 1024 * 1024)
# The most pixels any uploaded image may have (photos, logos, article images, Q&A
# figures, materials), read from its header before it is decoded (core/uploads.py).
# 40 million fits a 24-megapixel camera photo and an A2 poster at 300 dpi; it may not
# exceed Pillow's own limit, beyond which Pillow refuses to open an image.
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=40_000_000)
if not 0 < UPLOAD_MAX_IMAGE_PIXELS <= 89_478_485:
    raise ImproperlyConfigured("UPLOAD_MAX_IMAGE_PIXELS must be between 1 and 89478485 (Pillow's limit).")
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=25 * 1024 * 1024)

# S3-compatible object storage (django-storages, core/s3.py) when AWS_STORAGE_BUCKET_NAME
# is set: uploads never touch the app hosts' disks, so any host serves what another took.
# Private files go to a bucket of their own, with no public access at all: a prefix in the
# public bucket would be one policy mistake away from public.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="").strip()
MEDIA_HOSTS = []  # where media are served from when not from the site itself (CSP img-src)


def bucket_origins(*, bucket, endpoint_url, region, addressing, custom_domain):
    """The origins a public bucket's plain URLs start with, as django-storages makes them."""
    if custom_domain:
        return [f"https://{custom_domain}"]
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        origins = [] if addressing == "virtual" else [f"{parts.scheme}://{parts.netloc}"]
        return origins + ([] if addressing == "path" else [f"{parts.scheme}://{bucket}.{parts.netloc}"])
    return [f"https://{bucket}.s3.amazonaws.com"] + (
        [f"https://{bucket}.s3.{region}.amazonaws.com"] if region else []
    )


if AWS_STORAGE_BUCKET_NAME:
    AWS_PRIVATE_STORAGE_BUCKET_NAME = env.str("AWS_PRIVATE_STORAGE_BUCKET_NAME", default="").strip()
    if not AWS_PRIVATE_STORAGE_BUCKET_NAME or AWS_PRIVATE_STORAGE_BUCKET_NAME == AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured(
            "AWS_PRIVATE_STORAGE_BUCKET_NAME must name a second bucket, with no public access, when "
            "AWS_STORAGE_BUCKET_NAME is set: prepared exports and unapproved logos go there."
        )
    _addressing = env.str("AWS_S3_ADDRESSING_STYLE", default="auto").strip().lower()
    if _addressing not in {"auto", "path", "virtual"}:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be auto, path or virtual, not {_addressing!r}."
        )
    _public_acl = env.str("AWS_DEFAULT_ACL", default="").strip()
    if _public_acl not in {"", "public-read"}:
        raise ImproperlyConfigured(f"AWS_DEFAULT_ACL must be empty or public-read, not {_public_acl!r}.")
    _bucket_options = {
        # Empty: boto3 finds them itself (an instance role, ~/.aws).
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="").strip() or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="").strip() or None,
        "addressing_style": None if _addressing == "auto" else _addressing,
        # Read back beyond this size, a file waits on disk, not in memory.
        "max_memory_size": FILE_UPLOAD_MAX_MEMORY_SIZE,
    }
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="").strip().strip("/")
    STORAGES["default"] = {
        "BACKEND": "core.s3.MediaS3Storage",
        "OPTIONS": {
            **_bucket_options,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "default_acl": _public_acl or None,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "core.s3.PrivateS3Storage",
        "OPTIONS": {**_bucket_options, "bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME},
    }
    MEDIA_HOSTS = bucket_origins(
        bucket=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=_bucket_options["endpoint_url"],
        region=_bucket_options["region_name"],
        addressing=_addressing,
        custom_domain=AWS_S3_CUSTOM_DOMAIN,
    )

# --- Forms --------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST = ["HK", "TW", "CN", "MO", "GB", "US", "CA", "AU"]
COUNTRIES_FIRST_BREAK = "──────────"
# Every country by our own catalogues' names: Hong Kong usage on zh-hant, mainland usage on zh-hans.
COUNTRIES_OVERRIDE = COUNTRY_NAMES

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is hard to undo, so it is a deliberate choice, not a check to satisfy.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Only behind a proxy that sets it: otherwise any client could claim HTTPS.
if env_bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *MEDIA_HOSTS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}


# --- Abuse limits (core/limits.py) -------------------------------------------
def env_rates(name, default):
    try:
        return parse_rates(env.str(name, default=default))
    except RateError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from None


# One shared IP (a campus, a street stall with a tablet) may sign a few times a
# minute all day; a script from one address is stopped within seconds.
SIGN_RATE_PER_IP = env_rates("SIGN_RATE_PER_IP", "10/m,200/h")
SIGN_RATE_PER_DOMAIN = env_rates("SIGN_RATE_PER_DOMAIN", "60/m,1000/h")
SIGN_MIN_SECONDS = env.int("SIGN_MIN_SECONDS", default=3)
FORM_MIN_SECONDS = env.int("FORM_MIN_SECONDS", default=3)
CONTACT_RATE_PER_IP = env_rates("CONTACT_RATE_PER_IP", "5/h")
# Actions and local groups (events/services.py): submitting an action, "I'll be there",
# the emails those forms may send to one address, and messages relayed to a group or an
# action's organiser, per client and per recipient.
EVENT_SUBMIT_RATE_PER_IP = env_rates("EVENT_SUBMIT_RATE_PER_IP", "3/h,10/d")
EVENT_JOIN_RATE_PER_IP = env_rates("EVENT_JOIN_RATE_PER_IP", "10/h,50/d")
EVENT_MAIL_PER_ADDRESS = env_rates("EVENT_MAIL_PER_ADDRESS", "3/h,10/d")
RELAY_RATE_PER_IP = env_rates("RELAY_RATE_PER_IP", "3/h,10/d")
RELAY_RATE_PER_TARGET = env_rates("RELAY_RATE_PER_TARGET", "10/h,30/d")
# How many proxies in front of the site append to X-Forwarded-For. 0: the header is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The shown counts are recomputed at most this often (seconds).
COUNTS_REFRESH_SECONDS = env.int("COUNTS_REFRESH_SECONDS", default=5)
# A refresh stores the signatures confirmed up to this many seconds ago in the tally
# (later ones are counted on top each time): longer than any confirmation's transaction
# and any difference between the app hosts' clocks (petition/counts.py).
COUNTS_SETTLE_SECONDS = env.int("COUNTS_SETTLE_SECONDS", default=10)
# How often every signature is counted again to correct the tally (seconds).
COUNTS_RECOUNT_SECONDS = env.int("COUNTS_RECOUNT_SECONDS", default=3600)
# The organisers' dashboard asks the task worker to bring its figures up to date when
# they are older than this (seconds); the public map of signatures is cached this long.
DASHBOARD_REFRESH_SECONDS = env.int("DASHBOARD_REFRESH_SECONDS", default=300)
# How often each partner's count (petition/partner_counts.py) is counted again.
PARTNER_COUNTS_SECONDS = env.int("PARTNER_COUNTS_SECONDS", default=60)
# The periodic jobs the task worker queues by itself (core/schedule.py): the dashboard's
# recent days every DASHBOARD_REFRESH_SECONDS, every day recomputed at night, the
# organisers' digest in the morning (local TIME_ZONE), the partners' counts every
# PARTNER_COUNTS_SECONDS. TASKS_SCHEDULE=off leaves them to cron.
TASKS_SCHEDULE = env_bool("TASKS_SCHEDULE", default=True)
PERIODIC_TASKS = [
    {"name": "dashboard-recent", "task": "dashboard.tasks.refresh_stats", "every": DASHBOARD_REFRESH_SECONDS},
    {
        "name": "dashboard-full",
        "task": "dashboard.tasks.refresh_stats",
        "at": "02:30",
        "kwargs": {"full": True},
    },
    {"name": "digest", "task": "dashboard.tasks.queue_digests", "at": "07:00"},
    {
        "name": "partner-counts",
        "task": "petition.partner_counts.refresh_partner_counts_task",
        "every": PARTNER_COUNTS_SECONDS,
    },
    # The full recount that corrects the counts' tally (petition/counts.py).
    {
        "name": "counts-recount",
        "task": "petition.counts.recount_counts_task",
        "every": COUNTS_RECOUNT_SECONDS,
    },
    # Attendees' reminders, the day before each action (events/selectors.py: reminders_due).
    {"name": "event-reminders", "task": "events.tasks.send_reminders", "every": 600},
]
SIGNATURE_MAP_CACHE_SECONDS = env.int("SIGNATURE_MAP_CACHE_SECONDS", default=60)
# Admin exports larger than these (rows) are prepared by the task worker in PRIVATE_ROOT
# instead of streamed within the request; prepared files are deleted after
# EXPORT_RETENTION_DAYS (`manage.py purge_exports`, also run after each prepared export).
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=200_000)
EXPORT_XLSX_INLINE_MAX_ROWS = env.int("EXPORT_XLSX_INLINE_MAX_ROWS", default=50_000)
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)

# What the wall of a closed petition (past its closing time) shows: "keep" (as while it
# was open), "initials" (every listed signer as initials only, nothing else about them)
# or "hide" (no one listed). The counts stay the same everywhere.
WALL_AFTER_CLOSE_CHOICES = ("keep", "initials", "hide")
WALL_AFTER_CLOSE = env.str("WALL_AFTER_CLOSE", default="initials").strip().lower()
if WALL_AFTER_CLOSE not in WALL_AFTER_CLOSE_CHOICES:
    raise ImproperlyConfigured(
        f"WALL_AFTER_CLOSE must be one of {', '.join(WALL_AFTER_CLOSE_CHOICES)}, not {WALL_AFTER_CLOSE!r}."
    )

# Site settings (django-solo) are read on every page: keep them in the cache; saving clears it.
SOLO_CACHE = "default"
SOLO_CACHE_TIMEOUT = 300

ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
# Networks allowed to reach the admin, comma-separated (empty: anywhere).
ADMIN_ALLOWED_NETWORKS = env.list("ADMIN_ALLOWED_NETWORKS", default=[])

# Admin login throttling (django-axes): 5 failures lock a username from an address for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# Locked out per username and address, and per address across usernames: password
# spraying (one password over many usernames from one address) stops too.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.limits.axes_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Anonymous pages without a form are public for proxies and CDNs (core/middleware.py).
# Short, so the count a reader sees is never more than seconds old.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=10)
# The same pages are kept in the shared cache for that long (Django's per-site cache).
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
CACHE_MIDDLEWARE_SECONDS = PUBLIC_CACHE_SECONDS
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
# Each worker remembers the pages it read from the shared cache for this long.
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=1.0)
PUBLIC_CACHE_STALE_SECONDS = env.int("PUBLIC_CACHE_STALE_SECONDS", default=60)
PUBLIC_CACHE_STALE_IF_ERROR_SECONDS = env.int("PUBLIC_CACHE_STALE_IF_ERROR_SECONDS", default=86400)

# Django's own messages name the path ("Bad Request: /en/petition/confirm/<token>/"):
# every record is masked before it is written (core/redact.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"masked": {"()": "core.redact.MaskedRecords"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["masked"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
