"""Figures about updates for the dashboard: the bounce rate, the milestones passed."""

from django.db.models import Count, Q

from updates.models import Milestone, Recipient


def delivery_figures(petition):
    """{"sent", "undeliverable", "bounce_rate" (percent, one decimal, or None)} of the
    petition's updates: undeliverable among the messages handed to the mail server."""
    totals = Recipient.objects.filter(update__petition=petition).aggregate(
        sent=Count("id", filter=Q(state=Recipient.State.SENT)),
        undeliverable=Count("id", filter=Q(state=Recipient.State.UNDELIVERABLE)),
    )
    tried = totals["sent"] + totals["undeliverable"]
    totals["bounce_rate"] = round(totals["undeliverable"] * 100 / tried, 1) if tried else None
    return totals


def milestones_of(petition):
    return list(Milestone.objects.filter(petition=petition).order_by("goal"))
