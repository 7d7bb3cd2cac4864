"""The project is deployable: checks clean with production variables, migrations complete."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.processes import free_port, scaled

ROOT = Path(__file__).resolve().parents[2]


PRODUCTION = {
    "ENV_FILE": "",
    "DEBUG": "off",
    "SECRET_KEY": "k2J9vQ7wXr4mZp8sLf3tYb6nHc1dGa5eUo0iRqWxTzVy-8Lm3Np5Qr7St9",
    "ALLOWED_HOSTS": "example.org",
    "SIGNER_DATA_KEY": "cHJvZHVjdGlvbi1saWtlLXNpZ25lci1kYXRhLWtleSE=",
    "SIGNER_HASH_KEY": "Xq3Lm9Tz7Vb2Nc5Rk8Wp4Hy6Jd1Gf0Se-production-like",
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


# --- nginx's log, as docs/deploy.md configures it ---------------------------------------------

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TOKEN = "WzEsImJmY2Y1MDZhODU0NiJd:1xZPOx:2fZzOTa9AqaNr6_yv1x8RFmbgO_8vdBo3_QGYZsNHGQ"


def documented_nginx_logging():
    """The `map` and `log_format` for the log, as the deployment guide gives them."""
    guide = (ROOT / "docs" / "deploy.md").read_text()
    mapping = re.search(r"^map \$uri \$campaign_logged_path \{\n.*?^\}\n", guide, re.M | re.S)
    log_format = re.search(r"^log_format campaign .*?;\n", guide, re.M | re.S)
    assert mapping and log_format, "docs/deploy.md gives nginx's log format"
    assert "$remote_addr" not in log_format.group(0) and "$request_uri" not in log_format.group(0)
    return mapping.group(0) + log_format.group(0)


@pytest.fixture
def nginx(tmp_path):
    port = free_port()
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log crit;
events {{}}
http {{
{documented_nginx_logging()}
    access_log {tmp_path}/logs/access.log campaign;
    server {{
        listen 127.0.0.1:{port};
        location / {{ return 200 "ok"; }}
    }}
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", "nginx.conf", "-g", "daemon off; master_process off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + scaled(60)
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield port, tmp_path / "logs" / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_the_documented_nginx_log_holds_no_address_and_no_token(nginx):
    port, access_log = nginx
    encoded = "".join(f"%{byte:02X}" for byte in TOKEN.encode())
    paths = [
        f"/en/petition/confirm/{TOKEN}/?email=signer@example.org",
        f"/zh-hant/petition/manage/{TOKEN}/withdraw/",
        f"/zh-hans/petition/%6Danage/{encoded}/",
        f"/en/elsewhere/{TOKEN}/",
    ]
    for path in paths:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path, headers={"X-Forwarded-For": "198.51.100.77", "Referer": path})
        assert connection.getresponse().status == 200
        connection.close()

    deadline = time.monotonic() + scaled(60)
    while access_log.read_text().count("\n") < len(paths):
        assert time.monotonic() < deadline, access_log.read_text()
        time.sleep(0.1)
    log = access_log.read_text()
    assert "/en/petition/confirm/<token>/" in log
    assert "/zh-hant/petition/manage/<token>/withdraw/" in log
    assert "/zh-hans/petition/manage/<token>/" in log
    assert "/en/elsewhere/<token>/" in log
    for secret in (TOKEN, TOKEN[:24], TOKEN[-20:], encoded, "signer@example.org"):
        assert secret not in log
    assert "127.0.0.1" not in log and "198.51.100.77" not in log
