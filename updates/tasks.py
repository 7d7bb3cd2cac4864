"""The updates' tasks: sending an update, a test of it, the milestones, the delivery pack.

Each is safe to run twice (docs/architecture.md, "The task worker"): sending resumes
from its recipient rows, a milestone is recorded once, a pack is written again whole.
"""

import logging

from django.tasks import task
from django.utils import timezone

from core.tasks import retry_later
from updates import milestones, pack, sending
from updates.models import Update

logger = logging.getLogger(__name__)


@task
def send_update(update_id, attempt=0):
    """Send an update to its recipients (updates/sending.py). When the mail server cannot
    be reached, the rows claimed are given back and the run is queued again with the
    back-off of every email task."""
    update = Update.objects.filter(pk=update_id).first()
    later = update is not None and update.send_at and update.send_at > timezone.now()
    if later and send_update.get_backend().supports_defer:
        send_update.using(run_after=update.send_at).enqueue(update_id, attempt=attempt)
        return "scheduled"
    try:
        return sending.send_update_run(update_id)
    except OSError as exc:
        logger.warning(
            "Sending update %s stopped: the mail server failed (%s)", update_id, type(exc).__name__
        )
        if update is not None:
            sending.release_claims(update)
        if not retry_later(send_update, attempt, update_id):
            raise
        return "retrying"


@task
def send_update_test(update_id, address):
    """The update in each of its three languages to one Organiser's own address."""
    update = Update.objects.select_related("petition").get(pk=update_id)
    for language in ("en", "zh-hant", "zh-hans"):
        sending.send_update_email(update, to=address, language=language)
    return "sent"


@task
def check_milestones():
    """Record the goals each petition's count has passed, and prepare their draft updates."""
    return milestones.record_milestones()


@task
def make_delivery_pack(pack_id):
    """Write a delivery pack to private storage; a second run writes it again whole."""
    return pack.pack_make(pack_id=pack_id)
