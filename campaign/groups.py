"""The two staff roles and exactly the permissions each needs.

Editors write the public content; they never see signatures or the contact form's
messages (their senders' addresses). Organisers run the petition: they moderate and
export signatures, curate featured signatories and answer contact messages; they publish
supporters' actions and alone see who submitted them, who said they would come and
the addresses of local groups. Editors write actions' and groups' public pages.
Kept in step with the models after every migrate (see CampaignConfig.ready).
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
ORGANISERS = "Organisers"
# Staff of a partner organisation: its signers who agreed to hear from it, no one else
# (each user is also named on their partner, see petition/admin/partners.py).
PARTNER_ORGANISERS = "Partner organisers"

ALL = ("add", "change", "delete", "view")

ROLES = {
    EDITORS: {
        "articles": {"article": ALL, "category": ALL},
        "core": {"sitesettings": ("change", "view")},
        "petition": {"demand": ALL},
        "campaign": {
            "action": ALL,
            "question": ALL,
            "qaattribution": ALL,
            "material": ALL,
        },
        # Actions' and groups' public pages: texts, translations, reports and photos.
        "events": {"event": ("change", "view"), "localgroup": ("add", "change", "view")},
    },
    ORGANISERS: {
        "petition": {
            "petition": ("change", "view"),
            "signature": ("change", "view", "export"),
            "featuredsignatory": ALL,
            "timelineentry": ALL,
            "partner": ALL,
            "paperbatch": ALL,
            "papersheet": ALL,
            "papersignature": ALL,
            "helpoffer": ("view", "export"),
        },
        "campaign": {"contactmessage": ("change", "view"), "passedmotion": ALL},
        # Actions moderated and cancelled; submitters, attendees and groups' addresses seen.
        "events": {
            "event": (*ALL, "moderate", "viewprivate"),
            "localgroup": ALL,
            "attendee": ("view", "delete"),
        },
        # Updates to supporters: written, tested and sent; recipients seen without addresses.
        "updates": {
            "update": ("add", "change", "view", "send"),
            "recipient": ("view",),
            "suppression": ("view",),
            "milestone": ("view",),
            "deliverypack": ("add", "view"),
        },
    },
    PARTNER_ORGANISERS: {
        "petition": {"partnersigner": ("view", "export")},
    },
}


def permissions_for(role):
    perms = []
    for app_label, models in ROLES[role].items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            perms.extend(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    return perms


def ensure_groups(**kwargs):
    """Create or update the groups; models that do not exist yet are skipped."""
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role))
