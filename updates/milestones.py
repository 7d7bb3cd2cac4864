"""Milestones: the rungs of a petition's goal ladder its count has passed.

The displayed goal steps up by itself (`Petition.goal_for`). Here each rung passed is
recorded once with its day (the dashboard marks it), and a draft update ("we passed
10,000") is prepared in the three languages for an Organiser to review and send: a
milestone never sends anything by itself.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext

from petition.models import Petition, Signature
from updates.models import FIELD_SUFFIX, LANGUAGES, Milestone, Update


def milestone_texts(petition, goal):
    """{field: text} of the draft update about `goal`, in each language."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            figure = number_format(goal, force_grouping=True)
            title = petition.title
            suffix = FIELD_SUFFIX[language]
            texts[f"subject_{suffix}"] = gettext("We passed %(figure)s signatures") % {"figure": figure}
            texts[f"body_{suffix}"] = "<p>{}</p><p>{}</p>".format(
                gettext("“%(title)s” now has more than %(figure)s signatures. Thank you for signing.")
                % {"title": title, "figure": figure},
                gettext("Please ask one more person to sign and share the petition."),
            )
    return texts


def record_milestones(*, now=None):
    """Record the rungs passed by every petition with a ladder; returns the new ones' goals."""
    reached = []
    for petition in Petition.objects.exclude(goal_ladder=""):
        total = Signature.objects.filter(petition=petition).counted().count()
        known = set(Milestone.objects.filter(petition=petition).values_list("goal", flat=True))
        for goal in petition.goals_passed(total):
            if goal in known:
                continue
            try:
                with transaction.atomic():
                    Milestone.objects.create(petition=petition, goal=goal, reached_at=now or timezone.now())
                    Update.objects.create(
                        petition=petition, milestone=goal, **milestone_texts(petition, goal)
                    )
            except IntegrityError:  # another run recorded it first
                continue
            reached.append(goal)
    return reached


def timeline_texts(entry):
    """{field: text} of a draft update about a timeline entry (its delivery, the answer)."""
    texts = {}
    for language in LANGUAGES:
        suffix = FIELD_SUFFIX[language]
        with translation.override(language):
            title = getattr(entry, f"title_{suffix}") or ""
            description = getattr(entry, f"description_{suffix}") or ""
            link = gettext("Read more on the petition page.")
        paragraphs = [escape(part) for part in (description.split("\n\n") if description else [])]
        texts[f"subject_{suffix}"] = title
        texts[f"body_{suffix}"] = "".join(f"<p>{part}</p>" for part in [*paragraphs, escape(link)])
    return texts


def update_from_timeline(*, entry, user=None):
    """The draft update about a timeline entry: prepared once, then found again."""
    existing = Update.objects.filter(petition=entry.petition, timeline_entry=entry.pk).first()
    if existing is not None:
        return existing
    return Update.objects.create(
        petition=entry.petition, timeline_entry=entry.pk, created_by=user, **timeline_texts(entry)
    )
