"""Petitions and the demands shown beside their form."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import RecentlyRead

CURRENT_PETITION_CACHE_KEY = "petition:current"
CURRENT_PETITION_CACHE_SECONDS = 300
CURRENT_PETITION_LOCAL_SECONDS = 2


class PetitionQuerySet(models.QuerySet):
    def current(self):
        """The site's main petition: the one marked current, else the newest."""
        return self.order_by("-is_current", "-opens_at", "-id").first()


class PetitionManager(models.Manager.from_queryset(PetitionQuerySet)):
    def cached_current(self):
        """current() kept in the shared cache: every signature and petition page needs
        it, and it changes only when an editor saves a petition (which clears it;
        other workers see the change within CURRENT_PETITION_LOCAL_SECONDS). A method
        of the manager: a hit builds no queryset."""
        petition = RecentlyRead(cache, CURRENT_PETITION_LOCAL_SECONDS).get(CURRENT_PETITION_CACHE_KEY)
        if petition is None:
            petition = self.current()
            if petition is not None:
                cache.set(CURRENT_PETITION_CACHE_KEY, petition, CURRENT_PETITION_CACHE_SECONDS)
        return petition


# Paths under /petition/ that a petition's slug must not take.
RESERVED_SLUGS = frozenset(
    {"signatures", "check-your-inbox", "confirm", "manage", "withdrawn", "embed", "thank-you"}
)


def parse_goal_ladder(value):
    """The goals of a ladder written "1000, 5000, 10000", in order; ValueError when not numbers."""
    goals = sorted({int(part.replace("_", "").strip()) for part in value.split(",") if part.strip()})
    if any(goal <= 0 for goal in goals):
        raise ValueError(value)
    return goals


def validate_goal_ladder(value):
    try:
        parse_goal_ladder(value)
    except ValueError:
        raise ValidationError(
            _("Write the goals as whole numbers separated by commas, e.g. 1000, 5000, 10000."),
            code="invalid_ladder",
        ) from None


def validate_petition_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is used by the site; choose another."), code="reserved")


class Demand(models.Model):
    """One of the campaign's demands, shown on the home page and beside the petition."""

    text = models.CharField(_("demand"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def __str__(self):
        return self.text


class Petition(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_petition_slug])
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("statement"))
    demands = models.ManyToManyField(Demand, verbose_name=_("demands shown beside the form"), blank=True)
    goal = models.PositiveIntegerField(_("goal"), default=10000)
    goal_ladder = models.CharField(
        _("goal ladder"),
        max_length=200,
        blank=True,
        validators=[validate_goal_ladder],
        help_text=_(
            "Goals one after another, separated by commas (e.g. 1000, 5000, 10000, 50000, 100000). "
            "When the count passes one, the petition shows the next. Empty: the goal above."
        ),
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    is_current = models.BooleanField(
        _("current petition"),
        default=False,
        help_text=_("The petition at /petition/ and on the home page. Only one can be current."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PetitionManager()

    class Meta:
        ordering = ["-is_current", "-opens_at"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_petition"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="petition_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.is_current:
            return reverse("petition:sign")
        return reverse("petition:sign_other", kwargs={"slug": self.slug})

    def goals(self):
        """The ladder's goals in order, with the goal above when it is beyond them."""
        try:
            goals = parse_goal_ladder(self.goal_ladder)
        except ValueError:
            goals = []
        if not goals or self.goal > goals[-1]:
            goals.append(self.goal)
        return goals

    def goal_for(self, total):
        """The goal shown at `total` signatures: the first rung not yet passed, else the top."""
        goals = self.goals()
        return next((goal for goal in goals if goal > total), goals[-1])

    def goals_passed(self, total):
        """The rungs `total` signatures have reached."""
        return [goal for goal in self.goals() if goal <= total]

    @property
    def is_open(self):
        now = timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    @property
    def is_closed(self):
        """Past its closing time (a petition not open yet is not closed)."""
        return self.closes_at is not None and timezone.now() >= self.closes_at


@receiver([post_save, post_delete], sender=Petition, dispatch_uid="forget_current_petition")
def forget_current_petition(**kwargs):
    cache.delete(CURRENT_PETITION_CACHE_KEY)
    RecentlyRead.forget(CURRENT_PETITION_CACHE_KEY)
    # Again after the commit: a request in between may have cached the old row again.
    transaction.on_commit(lambda: cache.delete(CURRENT_PETITION_CACHE_KEY))
