"""Two processes, each with its own local-memory cache (as `bin/run`'s server and worker have
without a shared cache): a signer confirming in one sees the count taken after their own
confirmation, including a signer who confirmed in the other."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from tests.core.test_task_lease import ROOT, Workers

SETUP = """
from petition.models import Petition
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory
petition = Petition.objects.create(
    slug="two-processes", title_en="T", statement_en="S", goal=100, is_current=True
)
ConfirmedSignatureFactory.create_batch(3, petition=petition)
PendingSignatureFactory(petition=petition, name="First Signer", display="full")
PendingSignatureFactory(petition=petition, name="Second Signer", display="full")
"""

# The server: its cache holds the count (3) before anyone confirms; told to go on, the
# second signer confirms through it and reads the thank-you page.
SERVER = """
import re, sys
from django.test import Client
from petition.counts import petition_counts
from petition.models import Petition, Signature
from petition.tokens import CONFIRM, make_token
petition = Petition.objects.get(slug="two-processes")
print(petition_counts(petition).total, flush=True)
sys.stdin.readline()
client = Client()
signer = Signature.objects.get(name="Second Signer")
location = client.post(f"/en/petition/confirm/{make_token(signer, CONFIRM)}/")["Location"]
html = client.get(location).content.decode()
print(re.search(r"<strong>([\\d,]+)</strong>", html).group(1), flush=True)
"""

# The other process (another server process, or the worker) confirms the first signer.
OTHER = """
from petition import services
from petition.models import Signature
services.signature_confirm(signature=Signature.objects.get(name="First Signer"))
"""


@pytest.mark.django_db(transaction=True)
def test_the_second_signer_sees_the_first_counted_though_another_process_confirmed_them(tmp_path):
    processes = Workers(tmp_path)
    processes.env.update(CACHE_URL="locmemcache://", TASKS_BACKEND="immediate", PAGE_CACHE="off")
    if connection.vendor != "postgresql":
        processes.manage("migrate", "--noinput")
    processes.python(SETUP)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", SERVER],
        cwd=ROOT,
        env=processes.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout.readline().strip() == "3", "the server cached the count before"
        processes.python(OTHER)
        server.stdin.write("go\n")
        server.stdin.flush()
        shown, errors = server.communicate(timeout=300)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, errors
    assert json.loads(shown.strip()) == 5, "3, the first signer and the second"
