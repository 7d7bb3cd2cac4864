"""Exported files are readable by their owner alone; no huge upload is read at all.

The attacks: another user of the host reads a signature export (the command's
`--output` file was written with the umask's 0644, a prepared export was 0644 while
being written); a client sends a 100 MiB upload (or many) and the site reads it
whole into temporary files before any form can refuse it.
"""

import io
import socket
import stat
import time
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from tests.factories import ConfirmedSignatureFactory
from tests.petition.conftest import form_data
from tests.processes import scaled


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_the_export_commands_output_file_is_0600_even_when_it_was_there_before(petition, tmp_path):
    ConfirmedSignatureFactory(petition=petition)
    output = tmp_path / "signatures.csv"
    output.write_text("old")
    output.chmod(0o644)
    call_command("export_signatures", f"--output={output}", stdout=io.StringIO(), stderr=io.StringIO())
    assert mode(output) == 0o600
    assert "Signer" in output.read_text()


def test_the_private_storage_creates_its_files_0600_from_the_first_byte(settings, tmp_path, monkeypatch):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(tmp_path)}},
    }
    storages._storages.pop("private", None)
    seen = []
    real_write = ContentFile.chunks

    def watching(self, chunk_size=None):
        for chunk in real_write(self, chunk_size):
            seen.extend(mode(p) for p in tmp_path.rglob("*") if p.is_file())
            yield chunk

    monkeypatch.setattr(ContentFile, "chunks", watching)
    try:
        name = storages["private"].save("exports/a.csv", ContentFile(b"x" * 200_000))
    finally:
        storages._storages.pop("private", None)
    assert mode(tmp_path / name) == 0o600
    assert seen and set(seen) == {0o600}, "never readable by others, not even while written"


@pytest.mark.django_db(transaction=True)
def test_a_100_mib_upload_is_refused_with_a_413_before_its_body_is_read(live_server, petition):
    url = urlparse(live_server.url)
    sent = 64 * 1024
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(
            b"POST /en/petition/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {100 * 1024 * 1024}\r\n\r\n".encode()
            + b"--x\r\n"
            + b"0" * sent
        )
        started = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)  # a site reading the body would wait here for the rest
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    assert time.monotonic() - started < scaled(10)


@pytest.mark.django_db
def test_a_request_within_the_limit_is_served(client, petition, settings):
    assert settings.REQUEST_MAX_BODY_SIZE > 25 * 1024 * 1024, "above the largest allowed upload"
    assert client.post("/en/petition/", form_data()).status_code == 302
