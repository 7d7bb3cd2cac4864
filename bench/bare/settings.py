"""The site's settings (the same database, connection settings and installed apps) with
one view and the middleware `django-admin startproject` writes: what inserting a
signature costs a bare Django project."""

from campaign.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare.urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
