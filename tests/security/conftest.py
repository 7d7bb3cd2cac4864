"""Helpers for the security tests: hostile uploads, real HTTP clients for the live server."""

import http.client
import re
import struct
import zlib
from urllib.parse import urlencode, urlparse

import pytest

from core.rates import parse_rates


def _chunk(kind, data):
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width, height):
    """A valid greyscale PNG of zeros: a few hundred kilobytes that decode to width × height bytes."""
    packer = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    data = b"".join([packer.compress(row) for _ in range(height)] + [packer.flush()])
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def png_header_bomb(width, height):
    """A PNG whose header claims width × height pixels, with almost no data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


@pytest.fixture
def open_limits(settings):
    """Rate limits and the minimum fill time off: a test sends as fast as it likes."""
    settings.SIGN_RATE_PER_IP = parse_rates("0")
    settings.SIGN_RATE_PER_DOMAIN = parse_rates("0")
    settings.CONTACT_RATE_PER_IP = parse_rates("0")
    settings.SIGN_MIN_SECONDS = 0
    settings.FORM_MIN_SECONDS = 0


class Browser:
    """One visitor talking real HTTP to the live server: its own cookies, no redirects followed,
    and, given a `source` (another loopback address: 127.0.0.2), an address of its own."""

    def __init__(self, base_url, source=None):
        parsed = urlparse(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.source_address = (source, 0) if source else None
        self.cookies = {}

    def request(self, method, path, fields=None):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=60, source_address=self.source_address
        )
        # What a current browser says about a form sent from one of our pages.
        headers = {"Sec-Fetch-Site": "same-origin", "Origin": f"http://{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            html = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers, html
        finally:
            connection.close()

    def form(self, path, *, stamped=True):
        """GET a page with a form: its hidden fields (the signed time stamp of a public
        form — not on the confirmation page, which a link opens; the CSRF token except on
        the cached signing page)."""
        status, _headers, html = self.request("GET", path)
        assert status == 200, (path, status)
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        if stamped:
            assert "rendered" in fields, path
        return fields
