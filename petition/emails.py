"""The petition's emails: three templates each, rendered in the signer's language.

`templates/emails/<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`
for `confirm`, `reminder`, `already-signed` and `withdrawn`. Every email but the
last carries the signer's private manage link. Links are absolute, built from
SITE_URL: the task worker that sends them has no request.
"""

from django.urls import reverse
from django.utils import translation

from core.emails import send_email
from core.links import absolute_url
from petition import tokens


def signature_links(signature):
    """Absolute links for a signature's emails, in the active language."""
    petition = signature.petition
    return {
        "confirm_url": absolute_url(
            reverse("petition:confirm", kwargs={"token": tokens.make_token(signature, tokens.CONFIRM)})
        ),
        "manage_url": absolute_url(
            reverse("petition:manage", kwargs={"token": tokens.make_token(signature, tokens.MANAGE)})
        ),
        "petition_url": absolute_url(petition.get_absolute_url()),
        "wall_url": absolute_url(reverse("petition:wall")),
    }


def send(name, *, to, language, context):
    """Render and send one email in `language`. Raises what the mailer raises."""
    send_email(name, to=to, language=language, context=context)


def send_withdrawal_notice(notice):
    """The last email: the signature on `notice.petition` is withdrawn and erased."""
    petition = notice.petition
    with translation.override(notice.language):
        context = {"petition": petition, "petition_url": absolute_url(petition.get_absolute_url())}
    send("withdrawn", to=notice.address, language=notice.language, context=context)


def send_signature_email(name, signature):
    """One of the emails about a signature, to its address, in its signing language."""
    with translation.override(signature.language):
        context = {"signature": signature, "petition": signature.petition, **signature_links(signature)}
    send(name, to=signature.email, language=signature.language, context=context)
