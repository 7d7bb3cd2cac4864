"""A signature and its life: each transition a method with its guard (docs/architecture.md)."""

import contextlib
import uuid
from datetime import timedelta

from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.crypto import EncryptedCharField, EncryptedEmailField
from core.storage import private_storage, public_storage
from petition.models.partners import Partner
from petition.models.petitions import Petition
from petition.models.tally import PetitionTally


def transition(method):
    """Mark a queryset method as a transition: not copied onto the manager, so it changes
    the rows someone chose, never the whole table by a slip (`Signature.objects.hide()`)."""
    method.queryset_only = True
    return method


def logo_upload_to(instance, filename):
    """A random name for an uploaded logo: the uploader's file name is not kept, and a
    logo no moderator has approved cannot be found by guessing its address."""
    return f"signatures/logos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.png"


def logo_files(rows):
    """The logo files of these signature rows, wherever each lies: [(storage, name)]."""
    files = []
    for private, public in rows.values_list("organisation_logo", "published_logo"):
        if private:
            files.append((private_storage(), private))
        if public:
            files.append((public_storage(), public))
    return files


def delete_logo_files(files):
    for storage, name in files:
        storage.delete(name)


class SignatureQuerySet(models.QuerySet):
    # --- Reads ------------------------------------------------------------------------

    def pending(self):
        return self.filter(state=Signature.State.PENDING)

    def confirmed(self):
        return self.filter(state=Signature.State.CONFIRMED)

    def live(self):
        """Pending or confirmed: neither withdrawn nor invalidated."""
        return self.filter(state__in=Signature.LIVE_STATES)

    def receiving_updates(self):
        """Confirmed signers who agreed to campaign news and have not withdrawn it."""
        return self.confirmed().filter(consent_updates_at__isnull=False, email_canonical__isnull=False)

    def counted(self):
        """Signatures that count toward the total: confirmed ones."""
        return self.confirmed()

    def on_wall(self):
        """Confirmed, listed and not hidden: what the public wall may show."""
        return self.filter(state=Signature.State.CONFIRMED, hidden=False).exclude(
            display=Signature.Display.UNLISTED
        )

    def named(self):
        """Wall signatures shown with their full name: the only ones a name search may find
        (searching must not reveal who is behind a pair of initials)."""
        return self.on_wall().filter(Q(display=Signature.Display.FULL) | Q(kind=Signature.Kind.ORGANISATION))

    def keeping_informed_by_partners(self, user):
        """The confirmed signers who agreed to be kept informed by a partner that `user`
        organises (every partner's, for a superuser): the only signatures a partner
        organiser may see or export. A partner never sees another's signers."""
        rows = self.filter(state=Signature.State.CONFIRMED, consent_partner_at__isnull=False)
        if user.is_active and user.is_superuser:
            return rows.filter(partner__isnull=False)
        return rows.filter(partner__in=Partner.objects.organised_by(user))

    def holding_personal_data(self):
        """Signatures with something left for erasure to remove."""
        held = Q()
        for field, erased in Signature.ERASED_FIELDS.items():
            if erased in ("", None):  # approvals and the wall listing identify no one
                held |= ~Q(**{field: erased})
        return self.filter(held)

    # --- Transitions ------------------------------------------------------------------
    # Each is one conditional UPDATE of the rows its guard (Signature.CAN_…) admits at
    # that moment, and returns how many it changed: two at once (a double click, the
    # signer and a moderator) cannot both apply. Those that take tallied signatures out
    # of the counts or put them back adjust the petition's tally by those rows in the
    # same transaction (petition/models/tally.py); a confirmation needs not: it is new.

    def delete(self):
        """Deleting rows (an admin's delete, unconfirmed ones purged) takes the tallied ones
        out of the counts first, in the same transaction."""
        with transaction.atomic(using=self.db):
            PetitionTally.objects.adjust(self, -1)
            return super().delete()

    @transition
    def confirm(self, *, now=None):
        """pending → confirmed, by the signer's link: an email reached them."""
        return self.filter(Signature.CAN_CONFIRM).update(
            state=Signature.State.CONFIRMED,
            confirmed_at=now or timezone.now(),
            email_state=Signature.EmailState.SENT,
            last_email_error="",
        )

    @transition
    def confirm_by_moderator(self, *, now=None):
        """pending or invalidated → confirmed, on a moderator's word. A reinstated
        signature keeps the time it was first confirmed, if it had one."""
        rows = self.filter(Signature.CAN_CONFIRM_BY_MODERATOR)
        with transaction.atomic(using=rows.db):
            PetitionTally.objects.adjust(rows, +1)
            return rows.update(
                state=Signature.State.CONFIRMED,
                confirmed_at=Coalesce("confirmed_at", now or timezone.now()),
                invalidated_at=None,
            )

    @transition
    def invalidate(self, *, now=None):
        """pending or confirmed → invalidated: out of the counts, the wall and the exports."""
        rows = self.filter(Signature.CAN_INVALIDATE)
        with transaction.atomic(using=rows.db):
            PetitionTally.objects.adjust(rows, -1)
            return rows.update(state=Signature.State.INVALIDATED, invalidated_at=now or timezone.now())

    @transition
    def hide(self, *, now=None):
        """Off the public wall (still counted)."""
        return self.filter(Signature.CAN_HIDE).update(hidden=True, hidden_at=now or timezone.now())

    @transition
    def unhide(self):
        """Back on the wall."""
        return self.filter(Signature.CAN_UNHIDE).update(hidden=False, hidden_at=None)

    @transition
    def withdraw(self, *, now=None):
        """→ withdrawn, by the signer, with everything that identifies them erased."""
        rows = self.filter(Signature.CAN_WITHDRAW)
        with transaction.atomic(using=rows.db):
            PetitionTally.objects.adjust(rows, -1)
            return rows.update(
                state=Signature.State.WITHDRAWN, withdrawn_at=now or timezone.now(), **Signature.ERASED_FIELDS
            )

    @transition
    def stop_updates(self, *, now=None):
        """Withdraw the consent to campaign news (an unsubscribe link, the manage page)."""
        return self.filter(consent_updates_at__isnull=False).update(
            consent_updates_at=None, consent_updates_withdrawn_at=now or timezone.now()
        )

    @transition
    def erase(self):
        """Erase what identifies the signers, keeping each row's state (a closed petition's anonymisation)."""
        return self.holding_personal_data().update(**Signature.ERASED_FIELDS)


class Signature(models.Model):
    """One person's or organisation's signature, with its life recorded.

        confirm               pending → confirmed (the signer's emailed link)
        withdraw              any but withdrawn → withdrawn, personal data erased (the signer)
        hide / unhide         a pending or confirmed one off the wall and back (a moderator)
        invalidate            pending or confirmed → invalidated: out of counts, wall, exports
        confirm_by_moderator  pending or invalidated → confirmed
        erase                 personal data erased, state kept (a closed petition's anonymisation)

    Its emails have a state of their own (`email_state`): a confirmation email is claimed
    by one run (being sent), then taken by the mail server (sent) or refused (failed,
    `last_email_error` saying why).

    Each transition is a method with its guard: on the queryset for many rows at once
    (moderation, anonymisation), here for one. Nothing else changes `state`, `hidden`
    or `email_state`.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        INVALIDATED = "invalidated", _("invalidated")

    class EmailState(models.TextChoices):
        NONE = "none", _("none")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        ORGANISATION = "organisation", _("organisation")

    class Display(models.TextChoices):
        FULL = "full", _("my full name")
        INITIALS = "initials", _("my initials only")
        UNLISTED = "unlisted", _("not listed")

    # The states still alive: neither withdrawn nor invalidated.
    LIVE_STATES = (State.PENDING, State.CONFIRMED)

    # The guard of each transition: the rows it may change.
    CAN_CONFIRM = Q(state=State.PENDING)
    CAN_CONFIRM_BY_MODERATOR = Q(state__in=[State.PENDING, State.INVALIDATED])
    CAN_INVALIDATE = Q(state__in=LIVE_STATES)
    CAN_HIDE = Q(hidden=False, state__in=LIVE_STATES)
    CAN_UNHIDE = Q(hidden=True)
    CAN_WITHDRAW = ~Q(state=State.WITHDRAWN)

    # What identifies a signer, and the value erasing it leaves. Withdrawal and a
    # closed petition's anonymisation erase exactly these; nothing is then left to
    # approve or to list on the wall.
    ERASED_FIELDS = {
        "name": "",
        "email": "",
        "email_canonical": None,
        "email_domain": "",
        "city": "",
        "title": "",
        "comment": "",
        "comment_approved": False,
        "contact_person": "",
        "contact_role": "",
        "organisation_logo": "",
        "published_logo": "",
        "logo_approved": False,
        "ip_hash": "",
        "last_email_error": "",
        "display": Display.UNLISTED,
    }

    # No index of its own: every index below already leads with the petition.
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.PROTECT,
        related_name="signatures",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    name = models.CharField(_("name"), max_length=200)
    # Encrypted at rest (core/crypto.py): a database dump holds no address.
    email = EncryptedEmailField(_("email"), max_length=254, blank=True)
    # Keyed hash (SIGNER_HASH_KEY) of the lower-cased, plus-tag and Gmail-dot folded form
    # of the email (petition/addresses.py): the database allows one signature per
    # petition for each, and signatures are found by it.
    email_canonical = models.CharField(max_length=254, null=True, blank=True, editable=False)
    # In clear: the per-domain signing limit, bulk invalidation by domain and the admin
    # read it. A domain names no one (a large webmail's millions, or an organisation).
    email_domain = models.CharField(_("email domain"), max_length=254, blank=True, editable=False)
    country = CountryField(_("country"))
    city = models.CharField(_("city or region"), max_length=100, blank=True)
    title = models.CharField(_("title or organisation"), max_length=200, blank=True)
    # Anyone can upload a logo: it waits in private storage, where only moderators see it
    # (the admin's preview), until one approves it; it is then moved to public media
    # under a new random name (`published_logo`), and back if the approval is taken back.
    organisation_logo = models.ImageField(
        _("organisation logo awaiting approval"),
        upload_to=logo_upload_to,
        storage=private_storage,
        blank=True,
    )
    published_logo = models.ImageField(
        _("published logo"), upload_to=logo_upload_to, storage=public_storage, blank=True, editable=False
    )
    logo_approved = models.BooleanField(_("logo approved"), default=False)
    # Encrypted at rest, like the email: who speaks for an organisation.
    contact_person = EncryptedCharField(_("contact person"), max_length=200, blank=True)
    contact_role = EncryptedCharField(_("contact person's role"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    comment_approved = models.BooleanField(_("comment approved"), default=False)
    display = models.CharField(
        _("shown on the wall as"), max_length=10, choices=Display.choices, default=Display.FULL
    )

    # Consents: each recorded separately with its time; the wording version and
    # language say exactly what the signer agreed to.
    consent_public_at = models.DateTimeField(_("agreed to be shown publicly"), null=True, blank=True)
    consent_updates_at = models.DateTimeField(_("agreed to receive campaign news"), null=True, blank=True)
    # When the signer withdrew the updates consent (the manage page, or an update's
    # unsubscribe link): the consent above is then cleared.
    consent_updates_withdrawn_at = models.DateTimeField(_("stopped campaign news"), null=True, blank=True)
    # The partner whose link brought the signer, and the signer's separate consent to be
    # kept informed by that partner (seen and exported only by its organisers).
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
        db_index=False,
    )
    consent_partner_at = models.DateTimeField(
        _("agreed to be kept informed by the partner"), null=True, blank=True
    )
    consent_version = models.CharField(_("consent wording version"), max_length=20, blank=True)
    language = models.CharField(_("signing language"), max_length=10, default="en")

    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated"), null=True, blank=True)

    # Keyed hash of the signer's IP: enough to find a flood, useless to identify anyone.
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True)
    via = models.CharField(_("share channel"), max_length=20, blank=True)

    confirmation_sent_at = models.DateTimeField(_("confirmation email sent"), null=True, blank=True)
    confirmation_send_count = models.PositiveSmallIntegerField(_("confirmation emails sent"), default=0)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # The last email about this signature (confirmation, reminder, "already signed").
    # Not indexed: the email tasks' updates then touch no indexed column and stay on
    # the row's page (see migration 0006). A database default, so that rows written
    # by the previous release while this one is being deployed are valid.
    email_state = models.CharField(
        _("last email"),
        max_length=10,
        choices=EmailState.choices,
        default=EmailState.NONE,
        db_default=EmailState.NONE,
    )
    # Why the last email failed, as the mailer said it, without any address.
    last_email_error = models.CharField(_("last email error"), max_length=300, blank=True)
    # The emails that requests asked for (signing, signing again, "send it again"),
    # counted in an hour and in a day from the first of each: the cap holds in the
    # database, whatever happens to the cache (take_mail_allowance).
    mail_hour_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    mail_hour_count = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    mail_day_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    mail_day_count = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        permissions = [("export_signature", _("Can export signatures"))]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_canonical"],
                condition=Q(email_canonical__isnull=False),
                name="one_signature_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | Q(confirmed_at__isnull=False),
                name="confirmed_has_timestamp",
            ),
        ]
        indexes = [
            # The wall, newest first, keyset-paginated on (confirmed_at, id).
            models.Index(
                fields=["petition", "kind", "-confirmed_at", "-id"],
                condition=Q(state="confirmed", hidden=False) & ~Q(display="unlisted"),
                name="signature_wall",
            ),
            models.Index(
                fields=["petition", "country", "-confirmed_at", "-id"],
                condition=Q(state="confirmed", hidden=False) & ~Q(display="unlisted"),
                name="signature_wall_country",
            ),
            # Each partner's count reads only this index.
            models.Index(
                fields=["partner", "petition"],
                condition=Q(state="confirmed", partner__isnull=False),
                name="signature_partner_counted",
            ),
            # The counts: a refresh reads the signatures confirmed since the tally's
            # mark, a full recount every one, by country, from this index alone.
            models.Index(
                fields=["petition", "confirmed_at", "country"],
                condition=Q(state="confirmed"),
                name="signature_confirmed_since",
            ),
            # No index leads with `state`: the one-row statements of the email tasks
            # and the confirmation (`id = … AND state = 'pending'`) must take the
            # primary key. Behind statistics from a moment with few pending rows,
            # PostgreSQL preferred an index on `state` and read every pending row
            # for each, which grows with a surge (see bench/README.md). The jobs
            # that look for pending signatures select them by time.
            models.Index(fields=["created_at"], name="signature_created"),
            # The dashboard's recent days find what was withdrawn, invalidated or hidden
            # lately by these; a signature without the mark has no entry (nothing per sign).
            models.Index(
                fields=["withdrawn_at"], condition=Q(withdrawn_at__isnull=False), name="signature_withdrawn"
            ),
            models.Index(
                fields=["invalidated_at"],
                condition=Q(invalidated_at__isnull=False),
                name="signature_invalidated",
            ),
            models.Index(fields=["hidden_at"], condition=Q(hidden_at__isnull=False), name="signature_hidden"),
            # Finding a flood from one address (moderation); exact matches only.
            models.Index(fields=["ip_hash"], name="signature_ip_hash"),
        ]

    def __str__(self):
        return self.name or str(_("(erased)"))

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @property
    def is_confirmed(self):
        return self.state == self.State.CONFIRMED

    @property
    def is_live(self):
        """Pending or confirmed: the signer may still be written to."""
        return self.state in self.LIVE_STATES

    # --- Transitions ------------------------------------------------------------------
    # Each returns True when this call changed the row. The signature's own transitions
    # then leave the instance with what the row holds (the loser of a race sees the
    # winner's change); the email ones, run by the task worker for every email, only
    # take their new values when they applied, without reading the row again.

    def _rows(self):
        return Signature.objects.filter(pk=self.pk)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            PetitionTally.objects.adjust(self._rows(), -1)
            return super().delete(*args, **kwargs)

    def _reload(self, *fields):
        # A row deleted meanwhile (an expired pending one) leaves the instance as it was read.
        with contextlib.suppress(Signature.DoesNotExist):
            self.refresh_from_db(fields=fields)

    def confirm(self):
        """pending → confirmed, by the signer's link."""
        changed = self._rows().confirm()
        self._reload("state", "confirmed_at", "email_state", "last_email_error")
        return bool(changed)

    def confirm_by_moderator(self):
        """pending or invalidated → confirmed, keeping a first confirmation time."""
        changed = self._rows().confirm_by_moderator()
        self._reload("state", "confirmed_at", "invalidated_at")
        return bool(changed)

    def invalidate(self):
        """pending or confirmed → invalidated."""
        changed = self._rows().invalidate()
        self._reload("state", "invalidated_at")
        return bool(changed)

    def hide(self):
        """Off the wall: a pending or confirmed signature not hidden yet."""
        changed = self._rows().hide()
        self._reload("hidden", "hidden_at")
        return bool(changed)

    def unhide(self):
        """Back on the wall: a hidden signature."""
        changed = self._rows().unhide()
        self._reload("hidden", "hidden_at")
        return bool(changed)

    def withdraw(self):
        """→ withdrawn, and erased: any signature not withdrawn already."""
        changed = self._rows().withdraw()
        self._reload("state", "withdrawn_at", *self.ERASED_FIELDS)
        return bool(changed)

    def _apply(self, rows, **changes):
        changed = rows.update(**changes)
        if changed:
            for field, value in changes.items():
                setattr(self, field, value)
        return bool(changed)

    def claim_confirmation_email(self, number):
        """Take confirmation email `number` (1 for the first) to send: a pending signature
        with `number - 1` sent. Several runs for one number (a double click, a re-run)
        find it taken but one. Being sent until the mail server answers; a worker
        killed meanwhile leaves it so (`resend_confirmations` acts on it)."""
        return self._apply(
            self._rows().filter(state=self.State.PENDING, confirmation_send_count=number - 1),
            confirmation_send_count=number,
            confirmation_sent_at=timezone.now(),
            email_state=self.EmailState.SENDING,
        )

    def release_confirmation_email(self, number, *, sent_at):
        """Undo the claim of email `number` the mail server refused: not counted as sent,
        `sent_at` (the previous email's time) back, so that it can be claimed again."""
        return self._apply(
            self._rows().filter(confirmation_send_count=number),
            confirmation_send_count=number - 1,
            confirmation_sent_at=sent_at,
        )

    def claim_reminder(self):
        """Take the one reminder to send: a pending signature never reminded."""
        return self._apply(
            self._rows().filter(state=self.State.PENDING, reminder_sent_at__isnull=True),
            reminder_sent_at=timezone.now(),
        )

    def release_reminder(self):
        """The mail server refused the reminder: it may be sent later."""
        return self._apply(self._rows().filter(reminder_sent_at__isnull=False), reminder_sent_at=None)

    def mark_email_sent(self, *, number=None):
        """The mail server took the email. For confirmation email `number`: while its claim
        stands (a later one's mark is left to its own run). For the others: unless a
        confirmation is being sent, or the last email was already marked sent."""
        if number is not None:
            rows = self._rows().filter(confirmation_send_count=number)
        else:
            rows = self._rows().filter(email_state__in=[self.EmailState.NONE, self.EmailState.FAILED])
        return self._apply(rows, email_state=self.EmailState.SENT, last_email_error="")

    def take_mail_allowance(self, *, per_hour, per_day, now=None):
        """Count one email a request asks for against this signature's allowance: True
        while within `per_hour` in the hour and `per_day` in the day since the first
        email of each, False once over (and then nothing is counted). One conditional
        UPDATE: two requests at once cannot both take the last one."""
        now = now or timezone.now()
        new_hour = Q(mail_hour_started_at__isnull=True) | Q(
            mail_hour_started_at__lte=now - timedelta(hours=1)
        )
        new_day = Q(mail_day_started_at__isnull=True) | Q(mail_day_started_at__lte=now - timedelta(days=1))
        moment = Value(now, output_field=models.DateTimeField())
        rows = (
            self._rows()
            .filter(new_hour | Q(mail_hour_count__lt=per_hour))
            .filter(new_day | Q(mail_day_count__lt=per_day))
        )
        return bool(
            rows.update(
                mail_hour_count=Case(When(new_hour, then=Value(1)), default=F("mail_hour_count") + 1),
                mail_hour_started_at=Case(When(new_hour, then=moment), default=F("mail_hour_started_at")),
                mail_day_count=Case(When(new_day, then=Value(1)), default=F("mail_day_count") + 1),
                mail_day_started_at=Case(When(new_day, then=moment), default=F("mail_day_started_at")),
            )
        )

    def mark_email_failed(self, error):
        """The mail server refused the email: `error` says why, with no address in it (see
        petition/emails.py). A withdrawn signature keeps nothing of it: it was erased."""
        return self._apply(
            self._rows().filter(~Q(state=self.State.WITHDRAWN)),
            email_state=self.EmailState.FAILED,
            last_email_error=error[:300],
        )

    # --- The logo ---------------------------------------------------------------------
    # Files are copied first and the row changed after, old files deleted once the row
    # has changed: a crash between leaves a file too many, never a row without its file.

    def _move_logo(self, source, target_field):
        """Copy the file of `source` (a FieldFile) under a new random name into the storage
        of `target_field`; returns the new name."""
        target = self._meta.get_field(target_field)
        with source.open("rb") as file:
            return target.storage.save(logo_upload_to(self, source.name), file)

    def approve_logo(self):
        """Publish the logo waiting for approval: moved to public media, shown on the wall."""
        if not self.organisation_logo:
            return False
        old = self.organisation_logo.name
        new = self._move_logo(self.organisation_logo, "published_logo")
        if not self._apply(
            self._rows().filter(organisation_logo=old),
            organisation_logo="",
            published_logo=new,
            logo_approved=True,
        ):
            public_storage().delete(new)
            return False
        private_storage().delete(old)
        return True

    def unapprove_logo(self):
        """Take an approval back: the logo leaves public media and waits again, private."""
        if not self.published_logo:
            return self._apply(self._rows().filter(logo_approved=True), logo_approved=False)
        old = self.published_logo.name
        new = self._move_logo(self.published_logo, "organisation_logo")
        if not self._apply(
            self._rows().filter(published_logo=old),
            organisation_logo=new,
            published_logo="",
            logo_approved=False,
        ):
            private_storage().delete(new)
            return False
        public_storage().delete(old)
        return True

    def reject_logo(self):
        """Refuse the logo: its file is deleted, wherever it is, and nothing is shown."""
        files = logo_files(self._rows())
        changed = self._apply(self._rows(), organisation_logo="", published_logo="", logo_approved=False)
        delete_logo_files(files)
        return changed

    @property
    def initials(self):
        """The name as initials, whatever the signer chose (a closed petition's wall)."""
        return initials(self.name)

    @property
    def public_name(self):
        """The name as the signer chose to show it on the wall."""
        if self.display == self.Display.INITIALS and self.kind == self.Kind.INDIVIDUAL:
            return initials(self.name)
        return self.name


# What follows the family name's character of a name in Chinese (or any script
# written without spaces between its parts) shown as initials: one fixed mark,
# whatever the name's length.
INITIALS_MARK = "·"


def _is_ideographic(ch):
    """A letter of a script written without spaces (Chinese, Japanese, Korean), not a
    bracket, an emoji or a full-width Latin letter."""
    return ch.isalpha() and ord(ch) >= 0x2E80 and not "\uff00" <= ch <= "\uffef"


def initials(name):
    """'Chan Tai Man' → 'C. T. M.'; a name with Chinese characters shows its first
    character (the family name) and a fixed mark, never its length: '陳大文', '陳文'
    and 'Chan Tai Man 陳大文' are all '陳·'."""
    name = name.strip()
    if not name:
        return ""
    first_ideograph = next((ch for ch in name if _is_ideographic(ch)), None)
    if first_ideograph:
        return first_ideograph + INITIALS_MARK
    return " ".join(f"{part[0]}." for part in name.split())
