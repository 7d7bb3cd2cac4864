"""Demo figures for the dashboard: share channels on the demo signatures, then the aggregates."""

import random

from dashboard.stats import stats_refresh
from petition.models import Signature

# Roughly how campaigns like this one recruit: messaging apps first, then direct visits.
CHANNELS = ["whatsapp"] * 6 + ["telegram"] * 3 + ["facebook"] * 3 + ["x"] * 2 + ["line", "email", "copy"]
CHANNELS += ["wechat-qr", "embed"] + [""] * 6


def load(stdout=None):
    rng = random.Random(2047)
    untagged = Signature.objects.filter(email_domain="demo.invalid", via="").order_by("pk")
    tagged = []
    for signature in untagged:
        signature.via = rng.choice(CHANNELS)
        tagged.append(signature)
    Signature.objects.bulk_update(tagged, ["via"], batch_size=500)
    done = stats_refresh(full=True)
    return f"share channels on {len(tagged)} demo signatures, daily figures of {len(done)} petition(s)"
