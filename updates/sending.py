"""Sending an update: its audience recorded, then each address written to exactly once.

1. **Recording the audience.** One `Recipient` row per address (a unique constraint on
   the update and the address's keyed hash), written in batches of short transactions
   and safe to run again: rows already there are kept as they are.
2. **Claiming.** A run of the sending task owns the update (`Update.run`). It claims a
   batch of queued rows (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL) in a short
   transaction, renders the update once per language for the batch, opens one
   connection to the mail server, and goes through the batch `IN_FLIGHT` rows at a
   time: marks them "being sent" (a conditional UPDATE that also checks the address was
   not suppressed meanwhile), hands each one message with one recipient to the mail
   server, and marks those it accepted "sent" in the same commit that begins the next
   group. At most once: a run that starts gives back the rows an earlier, dead run had
   claimed but not begun, and marks the rows it left "being sent" as unknown (each may
   have gone out); they are not sent again unless an Organiser chooses to
   (`update_resend_unknown`). A worker killed with SIGKILL leaves at most `IN_FLIGHT`
   unknown rows.
3. **Pacing.** `UPDATES_RATE` messages a minute at most, `UPDATES_BATCH_SIZE` per
   connection; between batches the run reads the update's state again, so "pause" and
   "cancel" take effect within one batch.

A permanent refusal (an SMTP 5xx for the recipient, an address the mailer cannot
encode) marks the row undeliverable and suppresses the address for every later update;
a passing failure marks it failed, and "retry failed" queues those again.
"""

import html
import logging
import re
import smtplib
import time
import uuid

from django.conf import settings
from django.core.mail import mailers
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import MAILER_ERRORS, describe_error, render_for, send_email
from core.links import absolute_url
from petition.addresses import email_hash
from petition.models import Signature
from updates import tokens
from updates.models import LANGUAGES, Recipient, Suppression, Update, split_list

logger = logging.getLogger(__name__)

RECORD_BATCH = 2000
# Rows marked "being sent" at once: what a worker killed mid-send may leave unknown.
IN_FLIGHT = 20

# --- The text version of the rich text ----------------------------------------------

_LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>|</(p|li|h[1-6]|blockquote|ul|ol)>", re.IGNORECASE)
_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(value):
    """The plain-text version of sanitised rich text: paragraphs kept, links spelled out."""

    def link(match):
        url, label = match.group(1), _TAG.sub("", match.group(2))
        return label if label.strip() == html.unescape(url) else f"{label} ({url})"

    text = _LINK.sub(link, value or "")
    text = _ITEM.sub("- ", text)
    text = _BREAK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- The audience --------------------------------------------------------------------


def suppressed_hashes():
    return Suppression.objects.values("email_hash")


def audience_signatures(update):
    """The signatures an update to signers goes to: confirmed, consenting, not suppressed,
    within the update's countries and signing languages."""
    signatures = (
        Signature.objects.filter(petition=update.petition)
        .receiving_updates()
        .exclude(email_canonical__in=suppressed_hashes())
    )
    if countries := [code.upper() for code in split_list(update.countries)]:
        signatures = signatures.filter(country__in=countries)
    if languages := split_list(update.languages):
        signatures = signatures.filter(language__in=languages)
    return signatures


def test_list(update):
    """(address, language) of each line of the test list: "address [language]"."""
    entries = []
    for line in update.test_addresses.splitlines():
        parts = line.split()
        if not parts:
            continue
        language = parts[1] if len(parts) > 1 and parts[1] in LANGUAGES else "en"
        entries.append((parts[0], language))
    return entries


def record_recipients(update):
    """Write the update's recipient rows (one per address). Returns how many are recorded."""
    if update.audience == Update.Audience.TEST:
        rows = [
            Recipient(update=update, email=address, email_hash=email_hash(address), language=language)
            for address, language in test_list(update)
        ]
        Recipient.objects.bulk_create(rows, ignore_conflicts=True)
    else:
        last = 0
        signatures = audience_signatures(update).order_by("pk")
        while True:
            batch = list(
                signatures.filter(pk__gt=last).values(
                    "pk", "email", "email_canonical", "language", "consent_version", "consent_updates_at"
                )[:RECORD_BATCH]
            )
            if not batch:
                break
            last = batch[-1]["pk"]
            rows = [
                Recipient(
                    update=update,
                    email=row["email"],
                    email_hash=row["email_canonical"],
                    language=row["language"] if row["language"] in LANGUAGES else "en",
                    consent_version=row["consent_version"],
                    consent_at=row["consent_updates_at"],
                    signature_id=row["pk"],
                )
                for row in batch
                if row["email"]
            ]
            with transaction.atomic():
                Recipient.objects.bulk_create(rows, ignore_conflicts=True)
    Update.objects.filter(pk=update.pk).update(prepared=True)
    update.prepared = True
    return update.recipients.count()


# --- One message -----------------------------------------------------------------------


def unsubscribe_url(recipient, language):
    with translation.override(language):
        return absolute_url(reverse("updates:unsubscribe", kwargs={"token": tokens.make_token(recipient)}))


# Where each recipient's own unsubscribe link goes in an update rendered once for many.
UNSUBSCRIBE_SLOT = "unsubscribe-link-of-this-recipient"


def render_update(update, language, *, unsubscribe=None):
    """The update rendered in `language`; `unsubscribe` (a URL, or UNSUBSCRIBE_SLOT to
    fill in per recipient) is its one-click unsubscribe link."""
    body_html = update.body_in(language)
    with translation.override(language):
        context = {
            "subject": update.subject_in(language),
            "body_html": body_html,
            "body_text": html_to_text(body_html),
            "converted": update.is_converted(language),
            "petition": update.petition,
            "petition_url": absolute_url(update.petition.get_absolute_url()),
            "unsubscribe_url": unsubscribe or absolute_url(reverse("privacy")),
        }
    return render_for("update", language=language, context=context)


def send_update_email(update, *, to, language, unsubscribe=None, connection=None, rendered=None):
    """One update in `language` to the one address `to`, with its one-click unsubscribe
    (RFC 8058) when `unsubscribe` (a URL) is given. `rendered` is the update already
    rendered in `language` with UNSUBSCRIBE_SLOT where the link goes. Raises what the
    mailer raises."""
    headers = {"Precedence": "bulk"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if rendered is None:
        rendered = render_update(update, language, unsubscribe=unsubscribe)
    else:
        link = unsubscribe or absolute_url(reverse("privacy"))
        rendered = rendered._replace(
            text=rendered.text.replace(UNSUBSCRIBE_SLOT, link),
            html=rendered.html.replace(UNSUBSCRIBE_SLOT, html.escape(link)),
        )
    send_email("update", to=to, language=language, rendered=rendered, headers=headers, connection=connection)


def is_permanent(exc):
    """Whether the mail server refused the message for good (an SMTP 5xx), or the mailer
    cannot encode the address: sending it again would not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return not isinstance(exc, OSError)


# --- A run -----------------------------------------------------------------------------


def claim_batch(update, run, size):
    """Claim up to `size` queued rows for `run`, in one short transaction. Returns their ids."""
    with transaction.atomic():
        queued = Recipient.objects.filter(update=update, state=Recipient.State.QUEUED).order_by("pk")
        if db_connection.vendor == "postgresql":
            queued = queued.select_for_update(skip_locked=True)
        pks = list(queued.values_list("pk", flat=True)[:size])
        Recipient.objects.filter(pk__in=pks, state=Recipient.State.QUEUED).update(
            state=Recipient.State.CLAIMED, run=run, claimed_at=timezone.now()
        )
    return pks


def release_claims(update, *, keep_run=None):
    """Give back the rows claimed and not begun (by a dead run, or by a run that stops)."""
    rows = Recipient.objects.filter(update=update, state=Recipient.State.CLAIMED)
    if keep_run:
        rows = rows.exclude(run=keep_run)
    return rows.update(state=Recipient.State.QUEUED, run="", claimed_at=None)


def mark_unknown(update, *, keep_run):
    """The rows an earlier run left "being sent": it died between marking them and
    recording what the mail server said, so each may or may not have gone out. They are
    not sent again by themselves (at most once); an Organiser can choose to."""
    return (
        Recipient.objects.filter(update=update, state=Recipient.State.SENDING)
        .exclude(run=keep_run)
        .update(state=Recipient.State.UNKNOWN)
    )


def _begin(pks, run):
    """Mark the rows `pks` claimed by `run` "being sent", except addresses suppressed
    meanwhile (marked so, and not sent). Returns the pks begun."""
    mine = Recipient.objects.filter(pk__in=pks, state=Recipient.State.CLAIMED, run=run)
    mine.filter(~Q(email_hash__in=suppressed_hashes())).update(state=Recipient.State.SENDING)
    mine.update(state=Recipient.State.SUPPRESSED, email="")
    return set(
        Recipient.objects.filter(pk__in=pks, state=Recipient.State.SENDING, run=run).values_list(
            "pk", flat=True
        )
    )


def _mark_sent(pks, run):
    # Once sent, the row needs no address: the unsubscribe link goes by its keyed hash.
    # A live run also settles its own rows another run took for unknown meanwhile.
    if pks:
        Recipient.objects.filter(
            pk__in=pks, run=run, state__in=[Recipient.State.SENDING, Recipient.State.UNKNOWN]
        ).update(state=Recipient.State.SENT, sent_at=timezone.now(), error="", email="")


def _finish(recipient, state, error=""):
    # A row that failed for now keeps its address, to be sent again.
    erased = {} if state == Recipient.State.FAILED else {"email": ""}
    Recipient.objects.filter(pk=recipient.pk, state=Recipient.State.SENDING).update(
        state=state, sent_at=None, error=error, **erased
    )


def _refused(recipient, exc):
    error = describe_error(exc)
    if is_permanent(exc):
        _finish(recipient, Recipient.State.UNDELIVERABLE, error)
        Suppression.objects.get_or_create(
            email_hash=recipient.email_hash, defaults={"reason": Suppression.Reason.BOUNCED}
        )
    else:
        _finish(recipient, Recipient.State.FAILED, error)
    logger.warning("Update %s to recipient %s failed: %s", recipient.update_id, recipient.pk, error)


class Pacer:
    """At most `rate` messages a minute: waits before a message that would come too soon."""

    def __init__(self, rate, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = 60.0 / rate
        self.clock, self.sleep = clock, sleep
        self.next_at = None

    def wait(self):
        now = self.clock()
        if self.next_at is not None and now < self.next_at:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


def send_update_run(update_id, *, pacer=None):
    """One run of an update's sending, until every row is done or the update is paused or
    cancelled. Safe to run again at any time: returns "sent", "paused", "cancelled" or
    "skipped" (nothing to send: a draft, or already sent)."""
    run = uuid.uuid4().hex
    update = Update.objects.select_related("petition").filter(pk=update_id).first()
    if update is None or not update.start(run):
        return "skipped"
    if not update.prepared:
        record_recipients(update)
    release_claims(update, keep_run=run)
    mark_unknown(update, keep_run=run)
    pacer = pacer or Pacer(settings.UPDATES_RATE)
    while True:
        state, owner = Update.objects.filter(pk=update.pk).values_list("state", "run").get()
        if state != Update.State.SENDING or owner != run:
            release_claims(update)
            return state if state in (Update.State.PAUSED, Update.State.CANCELLED) else "skipped"
        pks = claim_batch(update, run, settings.UPDATES_BATCH_SIZE)
        if not pks:
            break
        _send_batch(update, run, pks, pacer)
    update.finish(run)
    return "sent"


def _send_batch(update, run, pks, pacer):
    """Send the rows `pks` claimed by `run` through one connection, the update rendered
    once per language. Rows are marked "being sent" IN_FLIGHT at a time before their
    messages go, and "sent" after; the marks of one group and the next are one commit."""
    recipients = list(
        Recipient.objects.filter(pk__in=pks, run=run, state=Recipient.State.CLAIMED)
        .only("pk", "update_id", "email", "email_hash", "language")
        .order_by("pk")
    )
    rendered = {}
    connection = mailers.default
    connection.open()  # one connection for the batch; raises OSError when the server is away
    sent = []
    try:
        for start in range(0, len(recipients), IN_FLIGHT):
            group = recipients[start : start + IN_FLIGHT]
            with transaction.atomic():
                _mark_sent(sent, run)
                sent = []
                begun = _begin([recipient.pk for recipient in group], run)
            for recipient in group:
                if recipient.pk not in begun:
                    continue  # unsubscribed or bounced since it was recorded, or given back
                language = recipient.language
                if language not in rendered:
                    rendered[language] = render_update(update, language, unsubscribe=UNSUBSCRIBE_SLOT)
                pacer.wait()
                try:
                    send_update_email(
                        update,
                        to=recipient.email,
                        language=language,
                        unsubscribe=unsubscribe_url(recipient, language),
                        connection=connection,
                        rendered=rendered[language],
                    )
                except MAILER_ERRORS as exc:
                    _refused(recipient, exc)
                    if isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPRecipientsRefused):
                        # The connection may be broken: the next message goes through a fresh one.
                        connection.close()
                        connection.open()
                    continue
                sent.append(recipient.pk)
    finally:
        _mark_sent(sent, run)
        connection.close()
