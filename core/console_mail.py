"""Emails printed in the terminal in development, readable as a person reads them.

Django's console backend prints the message as it travels: quoted-printable or base64,
so a link is cut across lines with `=` and `=3D` and cannot be opened or copied. This
backend prints the headers decoded and the plain-text part as text, every link whole on
a line of its own; the HTML part and attachments are named, not dumped.
"""

import re

from django.core.mail.backends.console import EmailBackend

_URL = re.compile(r"https?://[^\s<>\"']+")
RULE = "-" * 79


def links_on_their_own_lines(text):
    """`text` with every link that shares a line with other words moved to a line of its own."""
    lines = []
    for line in text.splitlines():
        urls = _URL.findall(line)
        if not urls or line.strip() in urls:
            lines.append(line)
            continue
        rest = line
        for url in urls:
            before, _, rest = rest.partition(url)
            if before.strip():
                lines.append(before.rstrip())
            lines.append(url)
        if rest.strip():
            lines.append(rest.strip())
    return "\n".join(lines)


def readable(message):
    """An EmailMessage as the lines a developer reads: headers, the text, what else it carries."""
    mime = message.message()
    lines = [f"{name}: {mime[name]}" for name in ("Subject", "From", "To", "Reply-To", "Date") if mime[name]]
    text, others = "", []
    for part in mime.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and not text and part.get_content_disposition() != "attachment":
            text = part.get_content()
        else:
            name = part.get_filename()
            others.append(f"{kind} ({name})" if name else kind)
    lines.append("")
    lines.append(links_on_their_own_lines(text).strip())
    if others:
        lines.append("")
        lines.append("Also in this email: " + ", ".join(others))
    return "\n".join(lines)


class EmailBackend(EmailBackend):
    """`consolemail://`: each email decoded, followed by a rule."""

    def write_message(self, message):
        self.stream.write(f"{readable(message)}\n{RULE}\n")
