"""The project is deployable: checks clean with production variables, migrations complete."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


PRODUCTION = {
    "ENV_FILE": "",
    "DEBUG": "off",
    "SECRET_KEY": "k2J9vQ7wXr4mZp8sLf3tYb6nHc1dGa5eUo0iRqWxTzVy-8Lm3Np5Qr7St9",
    "ALLOWED_HOSTS": "example.org",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
    "SECURE_SSL_REDIRECT": "on",
    "DATABASE_URL": "sqlite:///:memory:",
    # Checked, not connected to: the limits and counts must be shared by every worker.
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def check_deploy(*, unset=()):
    env = {**os.environ, **PRODUCTION}
    for name in unset:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_a_shared_cache():
    result = check_deploy(unset=["CACHE_URL"])
    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
