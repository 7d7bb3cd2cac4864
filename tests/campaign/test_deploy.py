"""The project is deployable: checks clean with production variables, migrations complete."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_variables():
    env = {
        **os.environ,
        "ENV_FILE": "",
        "DEBUG": "off",
        "SECRET_KEY": "k2J9vQ7wXr4mZp8sLf3tYb6nHc1dGa5eUo0iRqWxTzVy-8Lm3Np5Qr7St9",
        "ALLOWED_HOSTS": "example.org",
        "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
        "SECURE_SSL_REDIRECT": "on",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
