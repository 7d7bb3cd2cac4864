"""The organisers' admin: petitions, signatures (moderation and export), featured
signatories, and the audit log (superusers only).

Signers may be at risk: the signature list never shows an email address to a
user without the export permission, nobody adds or edits what a signer wrote,
and every state change goes through petition/moderation.py, which logs it and
refreshes the counts.

Django's autodiscovery imports this package; importing the modules registers them.
"""

from petition.admin import offers, paper, partners, petitions, signatures  # noqa: F401
