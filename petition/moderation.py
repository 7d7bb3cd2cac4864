"""Moderators' verbs on signatures: hide, unhide, confirm, invalidate.

Each takes a queryset of signatures (the rows an organiser selected, or those a
bulk rule matched) and the acting user, changes only the rows the verb applies
to, writes one AuditLog row per petition touched, and refreshes that petition's
cached counts so the figures shown everywhere follow at once.

    hide        confirmed or pending, not yet hidden → hidden (off the wall, still counted)
    unhide      hidden → shown again
    confirm     pending or invalidated → confirmed (a moderator vouches for them)
    invalidate  pending or confirmed → invalidated (out of counts, wall and exports)

Each is the signatures' own transition (petition/models/signatures.py), with its guard. A
withdrawn signature is the signer's decision and carries no personal data: no verb
here changes it.

`invalidation_candidates` finds the rows a bulk rule (email domain, IP hash,
creation time window) matches, so the admin can show how many before anyone
commits to it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from petition.counts import refresh_counts
from petition.models import AuditLog, Petition, Signature

# How many signature ids an audit entry keeps: enough to undo a small mistake by
# hand; a larger batch is found again by its timestamp and criteria.
AUDIT_MAX_IDS = 1000


@dataclass(frozen=True)
class Outcome:
    """What a verb did: how many rows changed."""

    rows: int


def _apply(*, queryset, user, action, guard, transition, details=None):
    """Apply `transition` to the rows of `queryset` that its `guard` admits, petition by
    petition; log each petition's rows; refresh the counts of the petitions touched.

    `transition(rows)` is one of the signatures' queryset transitions: it changes only
    the rows its guard still admits when it runs, and returns how many.
    """
    eligible_rows = queryset.filter(guard).order_by()
    petition_ids = sorted(set(eligible_rows.values_list("petition_id", flat=True).distinct()))
    touched = []
    total = 0
    with transaction.atomic():
        for petition_id in petition_ids:
            rows = eligible_rows.filter(petition_id=petition_id)
            ids = list(rows.order_by("pk").values_list("pk", flat=True)[: AUDIT_MAX_IDS + 1])
            changed = transition(rows)
            if not changed:
                continue
            total += changed
            touched.append(petition_id)
            entry = {**(details or {}), "ids": ids[:AUDIT_MAX_IDS]}
            if len(ids) > AUDIT_MAX_IDS:
                entry["ids_truncated"] = True
            AuditLog.objects.create(
                action=action,
                user=user if user is not None and user.is_authenticated else None,
                petition_id=petition_id,
                rows=changed,
                details=entry,
            )
    for petition in Petition.objects.filter(pk__in=touched):
        refresh_counts(petition)
    return Outcome(rows=total)


def signatures_hide(*, queryset, user, details=None):
    """Take signatures off the public wall; they still count."""
    now = timezone.now()
    return _apply(
        queryset=queryset,
        user=user,
        action=AuditLog.Action.HIDE,
        guard=Signature.CAN_HIDE,
        transition=lambda rows: rows.hide(now=now),
        details=details,
    )


def signatures_unhide(*, queryset, user, details=None):
    return _apply(
        queryset=queryset,
        user=user,
        action=AuditLog.Action.UNHIDE,
        guard=Signature.CAN_UNHIDE,
        transition=lambda rows: rows.unhide(),
        details=details,
    )


def signatures_confirm(*, queryset, user, details=None):
    """Confirm pending signatures, or reinstate invalidated ones, on a moderator's word.

    A reinstated signature keeps the time it was first confirmed, if it had one.
    """
    now = timezone.now()
    return _apply(
        queryset=queryset,
        user=user,
        action=AuditLog.Action.CONFIRM,
        guard=Signature.CAN_CONFIRM_BY_MODERATOR,
        transition=lambda rows: rows.confirm_by_moderator(now=now),
        details=details,
    )


def signatures_invalidate(*, queryset, user, details=None):
    """Strike signatures out of counts, wall and exports (the rows are kept)."""
    now = timezone.now()
    return _apply(
        queryset=queryset,
        user=user,
        action=AuditLog.Action.INVALIDATE,
        guard=Signature.CAN_INVALIDATE,
        transition=lambda rows: rows.invalidate(now=now),
        details=details,
    )


@dataclass(frozen=True)
class Criteria:
    """A bulk invalidation rule; the fields given are combined with AND."""

    petition: Petition | None = None
    email_domain: str = ""
    ip_hash: str = ""
    created_from: datetime | None = None
    created_to: datetime | None = None

    def is_empty(self):
        return not (self.email_domain or self.ip_hash or self.created_from or self.created_to)

    def as_details(self):
        """A JSON-friendly record of the rule for the audit log."""
        return {
            "criteria": {
                "petition": self.petition.slug if self.petition else None,
                "email_domain": self.email_domain or None,
                "ip_hash": self.ip_hash or None,
                "created_from": self.created_from.isoformat() if self.created_from else None,
                "created_to": self.created_to.isoformat() if self.created_to else None,
            }
        }


def invalidation_candidates(criteria):
    """Signatures a rule matches that invalidating would change (pending or confirmed).

    An empty rule matches nothing: a blank form must never strike out a petition.
    """
    rows = Signature.objects.filter(Signature.CAN_INVALIDATE)
    if criteria.is_empty():
        return rows.none()
    if criteria.petition is not None:
        rows = rows.filter(petition=criteria.petition)
    if criteria.email_domain:
        rows = rows.filter(email_domain__iexact=criteria.email_domain.strip().lstrip("@"))
    if criteria.ip_hash:
        rows = rows.filter(ip_hash=criteria.ip_hash.strip())
    if criteria.created_from:
        rows = rows.filter(created_at__gte=criteria.created_from)
    if criteria.created_to:
        rows = rows.filter(created_at__lt=criteria.created_to)
    return rows


def signatures_invalidate_matching(*, criteria, user):
    return signatures_invalidate(
        queryset=invalidation_candidates(criteria), user=user, details=criteria.as_details()
    )


def busiest_sources(*, petition=None, since=None, limit=10):
    """The email domains and IP hashes with the most live signatures: where floods show."""
    rows = Signature.objects.live()
    if petition is not None:
        rows = rows.filter(petition=petition)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    rows = rows.order_by()

    def top(field):
        return list(
            rows.exclude(**{field: ""})
            .values_list(field)
            .annotate(n=Count("pk"))
            .order_by("-n", field)[:limit]
        )

    return {"email_domain": top("email_domain"), "ip_hash": top("ip_hash")}
