"""Bounces and complaints reported by an email provider (ESP), through django-anymail.

With a provider configured (docs/deploy.md, "Bounces and complaints"), its webhook at
`/anymail/<provider>/tracking/` is checked by django-anymail (HTTP basic auth with
`ANYMAIL_WEBHOOK_SECRET`, and the provider's own signature where it signs) and arrives
here as a tracking event. A permanent bounce, a rejection or a spam complaint suppresses
the address for every later update; other events (delivered, opened…) are not kept.
No address is logged.
"""

import logging

from anymail.signals import EventType

from updates import services
from updates.models import Suppression

logger = logging.getLogger(__name__)

SUPPRESSING = {
    EventType.BOUNCED: Suppression.Reason.BOUNCED,
    EventType.REJECTED: Suppression.Reason.BOUNCED,
    EventType.COMPLAINED: Suppression.Reason.COMPLAINED,
    EventType.UNSUBSCRIBED: Suppression.Reason.UNSUBSCRIBED,
}


def tracking_received(sender, event, esp_name, **kwargs):
    reason = SUPPRESSING.get(event.event_type)
    if reason is None or not event.recipient:
        return
    services.address_suppress(address=event.recipient, reason=reason)
    logger.info("%s reported %s for an address: suppressed", esp_name, event.event_type)
