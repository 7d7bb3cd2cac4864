"""The petition's verbs: sign, confirm, resend, update, withdraw, remind.

Views call these; they validate nothing a form already validated and never read
the request. Writes run in `transaction.atomic`; emails are queued as tasks in the
same transaction when the task backend keeps its queue in the database (the task
row and the signature commit or roll back together), else once it commits.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language

from core.db import insert
from core.hashing import keyed_hash
from core.limits import admit, ip_key
from core.tasks import enqueue_on_commit, insert_queueing
from petition import counts, tasks
from petition.addresses import email_domain, email_hash, is_webmail, normalise_email
from petition.models import (
    HelpOffer,
    PetitionTally,
    Signature,
    WithdrawalNotice,
    delete_logo_files,
    logo_files,
)
from petition.tokens import CONFIRM, MAX_AGE

# Emails about one signature that requests may trigger (signing, signing again,
# "send it again"), the first confirmation included: enough for someone whose first
# email went to spam, too few to bomb a mailbox with. Counted on the signature's row,
# so the cap holds while the cache is away.
SIGNER_MAIL_PER_HOUR = 3
SIGNER_MAIL_PER_DAY = 6

# Reminders go to signatures pending for a day, and not to ones older than a week.
REMINDER_AFTER = timedelta(hours=24)
REMINDER_UNTIL = timedelta(days=7)

# The wording of the consents on the form, as signed. Change it with the wording.
CONSENT_VERSION = "2026-1"


def signing_limits(*, ip, email):
    """The limits a signing attempt counts against, in order: per IP, then per email
    domain (SIGN_RATE_PER_IP, SIGN_RATE_PER_DOMAIN). Large webmail domains are exempt
    from the per-domain limit: see petition/addresses.py."""
    domain = email_domain(email)
    limits = [("sign-ip", ip_key(ip), settings.SIGN_RATE_PER_IP)]
    if not is_webmail(domain):
        limits.append(("sign-domain", domain, settings.SIGN_RATE_PER_DOMAIN))
    return limits


def signing_admitted(*, petition, ip, email, stamp, remember=None):
    """Let a signing attempt through, in one round trip to the cache (core.limits.admit):
    spend the form's stamp (`stamp`, from its stamp_once()), count the attempt against
    the per-IP limit, then the per-email-domain one, and, once all allowed it, keep for
    "check your inbox" which signature this signing stands for: `remember` is (cache
    key, seconds); the entry holds the petition and the address's canonical hash, never
    the address.

    Returns core.limits STALE (the stamp was spent before: nothing counted), LIMITED (an
    attempt over its address's limit counts against nothing after it, so one source
    cannot use up a domain's budget) or ADMITTED.
    """
    keep = None
    if remember:
        key, seconds = remember
        keep = (key, {"petition": petition.pk, "canonical": email_hash(normalise_email(email))}, seconds)
    return admit(once=stamp, limits=signing_limits(ip=ip, email=email), keep=keep)


def signature_create(*, petition, data, ip, language=None):
    """Sign `petition` with a form's cleaned data, or answer a duplicate. Returns the
    signature that stands for this signing: the new one, or the one made before.

    A new canonical email makes a pending signature and queues its confirmation.
    An address that already signed makes nothing new: a pending signature gets its
    confirmation again, a confirmed one an "already signed" email (both within
    SIGNER_MAIL_PER_HOUR and SIGNER_MAIL_PER_DAY, the first confirmation counted).
    Two requests racing with one address make one row: the second meets the unique
    constraint inside a savepoint and becomes a duplicate.
    """
    email = normalise_email(data["email"])
    canonical = email_hash(email)
    now = timezone.now()
    listed = data.get("display") in (Signature.Display.FULL, Signature.Display.INITIALS)
    fields = {
        "petition": petition,
        "kind": data.get("kind") or Signature.Kind.INDIVIDUAL,
        "name": data["name"],
        "email": email,
        "email_canonical": canonical,
        "email_domain": email_domain(email),
        "country": data["country"],
        "city": data.get("city", ""),
        "title": data.get("title", ""),
        "contact_person": data.get("contact_person", ""),
        "contact_role": data.get("contact_role", ""),
        "comment": data.get("comment", ""),
        "display": data.get("display") or Signature.Display.UNLISTED,
        "consent_public_at": now if listed else None,
        "consent_updates_at": now if data.get("consent_updates") else None,
        "partner": data.get("partner"),
        "consent_partner_at": now if data.get("partner") and data.get("consent_partner") else None,
        "consent_version": CONSENT_VERSION,
        "language": language or get_language(),
        "ip_hash": keyed_hash(ip_key(ip)) if ip else "",
        "via": data.get("via", ""),
        "created_at": now,
        # The first confirmation is the first email of the signer's allowance.
        "mail_hour_started_at": now,
        "mail_hour_count": 1,
        "mail_day_started_at": now,
        "mail_day_count": 1,
    }
    if fields["kind"] == Signature.Kind.INDIVIDUAL:
        fields["contact_person"] = fields["contact_role"] = ""
    # The row and its email task stored together, without a savepoint: in one statement
    # (core.tasks.insert_queueing), or with an organisation's logo in one transaction. A
    # duplicate address meets the unique constraint, nothing is stored, and the
    # duplicate is answered in a transaction of its own.
    signature = Signature(**fields)
    logo = data.get("organisation_logo")
    try:
        if logo and signature.kind == Signature.Kind.ORGANISATION:
            with transaction.atomic():
                insert(signature)
                signature.organisation_logo.save(logo.name, logo, save=True)
                enqueue_on_commit(tasks.send_confirmation, signature.pk, 1)
        else:
            insert_queueing(signature, tasks.send_confirmation, 1)
    except IntegrityError:
        with transaction.atomic():
            existing = Signature.objects.filter(petition=petition, email_canonical=canonical).first()
            if existing is None:  # another constraint failed: a bug, not a duplicate
                raise
            _answer_again(existing)
        return existing
    return signature


def _answer_again(signature):
    """Email a signer who signed again or asked for a resend: what they need, if not too often."""
    if not signature.is_live:
        return False  # withdrawn or invalidated: nothing to send
    if not signature.take_mail_allowance(per_hour=SIGNER_MAIL_PER_HOUR, per_day=SIGNER_MAIL_PER_DAY):
        return False
    if signature.is_pending:
        enqueue_on_commit(tasks.send_confirmation, signature.pk, signature.confirmation_send_count + 1)
    else:
        enqueue_on_commit(tasks.send_already_signed, signature.pk, tasks.new_nonce())
    return True


def signature_resend(*, petition_id, canonical):
    """The "send it again" button: the confirmation (or "already signed") email once more,
    to the signature of `petition_id` with the canonical address hash `canonical`.

    Answers nothing: the page looks the same whether an email went or not.
    """
    signature = Signature.objects.filter(petition_id=petition_id, email_canonical=canonical).first()
    if signature is not None:
        with transaction.atomic():
            _answer_again(signature)


def signature_confirm(*, signature):
    """Confirm a pending signature by its emailed link. True when this call confirmed it.

    Ten concurrent confirmations of one signature confirm it once; confirming a
    confirmed (or withdrawn) signature changes nothing. Either way `signature` is left
    with the state it now has in the database, so the losers of a race (a double
    click, two tabs) see it confirmed too.
    """
    with transaction.atomic():
        return signature.confirm()


def signature_update(
    *, signature, name, display, consent_updates, consent_partner=None, country=None, city=None, title=None
):
    """The signer's own changes: the spelling of the name, their country, city and title,
    how the wall shows them, news by email from the campaign and (when a partner brought
    them) from the partner. The tally moves them to their new country at once (the counts
    show it at their next refresh); the dashboard's days follow at its nightly recount."""
    now = timezone.now()
    listed = display in (Signature.Display.FULL, Signature.Display.INITIALS)
    signature.name = name
    signature.display = display
    fields = [
        "name",
        "display",
        "consent_public_at",
        "consent_updates_at",
        "consent_updates_withdrawn_at",
        "consent_partner_at",
        "consent_version",
    ]
    old_country = signature.country
    for field, value in (("country", country), ("city", city), ("title", title)):
        if value is not None:
            setattr(signature, field, value)
            fields.append(field)
    if listed and not signature.consent_public_at:
        signature.consent_public_at = now
    elif not listed:
        signature.consent_public_at = None
    if consent_updates and not signature.consent_updates_at:
        signature.consent_updates_at = now
    elif not consent_updates and signature.consent_updates_at:
        signature.consent_updates_at = None
        signature.consent_updates_withdrawn_at = now
    if signature.partner_id and consent_partner is not None:
        if consent_partner and not signature.consent_partner_at:
            signature.consent_partner_at = now
        elif not consent_partner:
            signature.consent_partner_at = None
    signature.consent_version = CONSENT_VERSION
    with transaction.atomic():
        PetitionTally.objects.move(signature, old_country, signature.country)
        signature.save(update_fields=fields)
    return signature


def signature_withdraw(*, signature):
    """Withdraw a signature and erase what identifies the signer.

    The row stays (with its country, kind, dates and state) so the history adds
    up, but the name, address, city, title, comment, contact, logo and IP hash are
    gone (Signature.ERASED_FIELDS), and it leaves the wall, the counts and the
    exports. The acknowledgement is queued in the same transaction: the task gets
    the id of a WithdrawalNotice holding the address sealed, deleted once sent. A
    second withdrawal (a double click) changes and sends nothing.
    """
    address, language = signature.email, signature.language
    petition = signature.petition
    was_counted = signature.is_confirmed
    with transaction.atomic():
        files = logo_files(Signature.objects.filter(pk=signature.pk))
        if not signature.withdraw():
            return signature
        HelpOffer.objects.filter(signature=signature, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if files:
            transaction.on_commit(lambda: delete_logo_files(files))
        if was_counted:
            transaction.on_commit(lambda: counts.refresh_counts(petition))
        if address:
            notice = WithdrawalNotice.for_address(address, petition=petition, language=language)
            notice.save()
            enqueue_on_commit(tasks.send_withdrawal_notice, notice.pk)
    return signature


def pending_for_reminder(now=None):
    """Pending signatures a day old (and less than a week), never reminded."""
    now = now or timezone.now()
    return Signature.objects.pending().filter(
        reminder_sent_at__isnull=True,
        created_at__lte=now - REMINDER_AFTER,
        created_at__gt=now - REMINDER_UNTIL,
    )


def signatures_remind(*, now=None):
    """Queue the one reminder for each signature pending over a day. Returns how many."""
    queued = 0
    for pk in pending_for_reminder(now).values_list("pk", flat=True).iterator(chunk_size=2000):
        tasks.send_reminder.enqueue(pk)
        queued += 1
    return queued


def confirmations_resend(*, everyone=False, now=None):
    """Queue confirmations again for pending signatures whose link still works.

    By default only those whose last email failed, was interrupted (the worker was
    killed while sending it: being sent for longer than any send takes) or was never
    sent; `everyone` re-sends to every pending signature. Returns how many were queued.
    """
    now = now or timezone.now()
    pending = Signature.objects.pending().filter(created_at__gt=now - MAX_AGE[CONFIRM])
    if not everyone:
        pending = pending.filter(
            Q(email_state=Signature.EmailState.FAILED)
            | Q(
                email_state=Signature.EmailState.SENDING,
                confirmation_sent_at__lte=now - tasks.INTERRUPTED_AFTER,
            )
            | Q(confirmation_send_count=0)
        )
    queued = 0
    for pk, sent in pending.values_list("pk", "confirmation_send_count").iterator(chunk_size=2000):
        tasks.send_confirmation.enqueue(pk, sent + 1)
        queued += 1
    return queued


# --- Paper signatures -------------------------------------------------------------


def paper_counts_changed(*, petition):
    """A batch or a sheet changed: the counts are recomputed once it commits."""
    transaction.on_commit(lambda: counts.refresh_counts(petition))


def paper_sheet_confirm(*, sheet, user):
    """A second Organiser checked the typed sheet against the paper: it now counts.
    False (and nothing changes) for its own typist or a sheet already checked."""
    with transaction.atomic():
        confirmed = sheet.confirm(user)
        if confirmed:
            paper_counts_changed(petition=sheet.batch.petition)
    return confirmed


# --- Offers of help ----------------------------------------------------------------


def help_offers_set(*, signature, kinds, keep_others=False):
    """Record the signer's offers: each kind in `kinds` offered now (kept with its first
    time if it stands), each other kind withdrawn, unless `keep_others` (confirming adds
    offers, the manage page sets them all)."""
    now = timezone.now()
    kinds = set(kinds)
    with transaction.atomic():
        existing = {
            offer.kind: offer for offer in HelpOffer.objects.select_for_update().filter(signature=signature)
        }
        for kind in kinds:
            offer = existing.get(kind)
            if offer is None:
                HelpOffer.objects.create(signature=signature, kind=kind, offered_at=now)
            elif offer.withdrawn_at is not None:
                HelpOffer.objects.filter(pk=offer.pk).update(offered_at=now, withdrawn_at=None)
        if not keep_others:
            HelpOffer.objects.filter(signature=signature, withdrawn_at__isnull=True).exclude(
                kind__in=kinds
            ).update(withdrawn_at=now)


def help_offers_of(signature):
    """The kinds of help the signer offers now."""
    return list(
        HelpOffer.objects.filter(signature=signature, withdrawn_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
