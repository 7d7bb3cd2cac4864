"""The organisers' daily digest: yesterday's figures and a chart, by email, for those who asked.

Three templates, `templates/emails/digest-subject.txt`, `digest-body.txt` and
`digest-body.html`, rendered in the language the organiser chose and sent by
`core.emails.send_email`. The chart is a PNG made from the pygal SVG with
cairosvg, shown inline; where the cairo library is missing the SVG is attached
instead (the numbers are in the email as a table either way).
"""

import logging
from email.message import MIMEPart

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import MAILER_ERRORS, send_email
from core.links import absolute_url
from dashboard import charts, stats
from dashboard.labels import channel_label, country_label
from dashboard.models import DigestSubscription
from petition.models import Petition

logger = logging.getLogger(__name__)

PERMISSION = "petition.view_signature"


def digest_subscription_update(*, user, enabled, language):
    """Turn the user's digest on or off, in the language they chose."""
    subscription, _created = DigestSubscription.objects.update_or_create(
        user=user, defaults={"enabled": enabled, "language": language, "updated_at": timezone.now()}
    )
    return subscription


def digest_subscriptions():
    """Subscriptions whose owner still may see the figures and has an address to send to."""
    candidates = (
        DigestSubscription.objects.filter(enabled=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    return [s for s in candidates if s.user.has_perm(PERMISSION)]


def digest_petitions():
    """The petitions a digest reports on: the open ones, else the current one."""
    open_petitions = [p for p in Petition.objects.all() if p.is_open]
    if open_petitions:
        return open_petitions[:3]
    current = Petition.objects.current()
    return [current] if current else []


def digest_send(*, subscription_id, day):
    """Send one organiser the digest for `day`. Returns "sent", "skipped" or "failed"."""
    claimed = (
        DigestSubscription.objects.filter(pk=subscription_id, enabled=True)
        .filter(Q(last_sent_for__isnull=True) | Q(last_sent_for__lt=day))
        .first()
    )
    if claimed is None:
        return "skipped"
    previous = claimed.last_sent_for
    won = (
        DigestSubscription.objects.filter(pk=subscription_id)
        .filter(Q(last_sent_for__isnull=True) | Q(last_sent_for__lt=day))
        .update(last_sent_for=day)
    )
    subscription = DigestSubscription.objects.select_related("user").get(pk=subscription_id)
    user = subscription.user
    if not won or not user.is_active or not user.email or not user.has_perm(PERMISSION):
        return "skipped"
    try:
        digest_email_send(subscription, day)
    except MAILER_ERRORS as exc:
        DigestSubscription.objects.filter(pk=subscription_id, last_sent_for=day).update(
            last_sent_for=previous
        )
        logger.warning("Digest for user %s failed: %s", user.pk, type(exc).__name__)
        return "failed"
    return "sent"


def _named(items, names):
    return [(names(code), n) for code, n in items]


def petition_digest(petition, day):
    """What the digest says about one petition."""
    figures = stats.figures_for(petition, until=day)
    yesterday = stats.day_figures(petition, day)
    return {
        "petition": petition,
        "figures": figures,
        "day": yesterday["totals"],
        "countries": _named(yesterday["countries"][:5], country_label),
        "channels": _named(yesterday["channels"], channel_label),
        "week": [(d, counts) for d, counts in figures.days if d <= day][-7:],
        "dashboard_url": absolute_url(
            reverse("admin:dashboard_petitionstats_changelist") + f"?petition={petition.pk}"
        ),
    }


def digest_email_send(subscription, day):
    """Send the digest email for a subscription, in its language, its charts attached."""
    language = subscription.language
    with translation.override(language):
        sections = [petition_digest(p, day) for p in digest_petitions()]
        chart_parts = []
        for index, section in enumerate(sections):
            svg = charts.digest_chart_svg(
                [(d, c) for d, c in section["figures"].days if d <= day], section["figures"].cumulative
            )
            png = charts.svg_to_png(svg)
            cid = f"chart-{section['petition'].pk}@digest"
            section["chart_cid"] = cid if png else ""
            chart_parts.append(_chart_part(index, cid, png, svg))
        context = {
            "user": subscription.user,
            "day": day,
            "sections": sections,
            "settings_url": absolute_url(reverse("admin:dashboard_petitionstats_changelist")),
        }
    send_email(
        "digest", to=subscription.user.email, language=language, context=context, attachments=chart_parts
    )


def _chart_part(index, cid, png, svg):
    """The chart as a PNG shown inline (the HTML refers to `cid`), else the SVG attached."""
    part = MIMEPart()
    if png:
        part.set_content(png, maintype="image", subtype="png", disposition="inline", cid=f"<{cid}>")
        part.add_header("X-Attachment-Id", cid)
        part.set_param("name", f"chart-{index + 1}.png")
    else:
        part.set_content(
            svg.encode("utf-8"),
            maintype="image",
            subtype="svg+xml",
            disposition="attachment",
            filename=f"chart-{index + 1}.svg",
        )
    return part
