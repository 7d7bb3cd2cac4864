"""A mail backend for tests that checks each recipient as Django's SMTP backend does."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend


class CheckingBackend(LocmemBackend):
    """The in-memory outbox, refusing what the SMTP backend refuses before it talks to a
    server: an address it cannot encode (a non-ASCII local part, without SMTPUTF8)."""

    def send_messages(self, messages):
        for message in messages:
            for recipient in message.recipients():
                SMTPBackend.prep_address(self, recipient)
        return super().send_messages(messages)


CHECKING_MAILERS = {"default": {"BACKEND": "tests.security.mailers.CheckingBackend"}}
