"""What an export's columns are, and how a row read from the database becomes cells.

Every text cell goes through `neutralise`, so no spreadsheet evaluates what a signer
typed; docs/exports.md says what is exported and why.
"""

from dataclasses import dataclass
from datetime import UTC

from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.crypto import EncryptedMixin
from petition.models import Signature, initials

# A first character that makes a spreadsheet treat the cell as a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
BLANKS = " \u00a0\u3000"


class ExportError(ValueError):
    pass


def neutralise(value):
    """Prefix text that a spreadsheet would evaluate with an apostrophe."""
    if value and (
        value[0] in FORMULA_TRIGGERS or (value[0] in BLANKS and value.lstrip(BLANKS)[:1] in FORMULA_TRIGGERS)
    ):
        return "'" + value
    return value


# What each column reads from the database (names or expressions for values_list).
# The email is read as the encrypted field, which decrypts it.
_EMAIL_IF_CONSENTED = Case(
    When(consent_updates_at__isnull=False, then=F("email")),
    default=Value(""),
    output_field=Signature._meta.get_field("email"),
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sources: tuple = ()
    kind: str = "text"  # text, int, datetime, bool, country_name, shown_as

    def __post_init__(self):
        if not self.sources:
            object.__setattr__(self, "sources", (self.key,))


COLUMNS = [
    Column("id", _("id"), kind="int"),
    Column("name", _("name")),
    Column("shown_as", _("shown publicly as"), sources=("name", "display", "kind"), kind="shown_as"),
    Column("kind", _("kind")),
    Column("title", _("title or organisation")),
    Column("contact_person", _("contact person")),
    Column("contact_role", _("contact person's role")),
    Column("city", _("city or region")),
    Column("country", _("country code")),
    Column("country_name", _("country"), sources=("country",), kind="country_name"),
    Column("email", _("email (if agreed to campaign news)"), sources=("email_if_consented",)),
    Column("comment", _("comment")),
    Column("display", _("shown on the wall as")),
    Column("language", _("signing language")),
    Column("state", _("state")),
    Column("hidden", _("hidden by a moderator"), kind="bool"),
    Column("created_at", _("signed (UTC)"), kind="datetime"),
    Column("confirmed_at", _("confirmed (UTC)"), kind="datetime"),
    Column("consent_public", _("agreed to be shown publicly (UTC)"), ("consent_public_at",), "datetime"),
    Column(
        "consent_updates", _("agreed to receive campaign news (UTC)"), ("consent_updates_at",), "datetime"
    ),
    Column("consent_version", _("consent wording version")),
    Column("via", _("share channel")),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_COLUMNS = ("name", "kind", "title", "city", "country", "country_name", "confirmed_at")

SOURCE_EXPRESSIONS = {"email_if_consented": _EMAIL_IF_CONSENTED}


def _encrypted(source):
    if source in SOURCE_EXPRESSIONS:
        return isinstance(SOURCE_EXPRESSIONS[source].output_field, EncryptedMixin)
    return isinstance(Signature._meta.get_field(source), EncryptedMixin)


# Columns read from encrypted fields: only Python can decrypt them (the email, the contact).
ENCRYPTED_COLUMNS = frozenset(
    column.key for column in COLUMNS if any(_encrypted(source) for source in column.sources)
)


def column_choices():
    return [(column.key, column.label) for column in COLUMNS]


def resolve_columns(keys):
    keys = list(keys or DEFAULT_COLUMNS)
    unknown = [key for key in keys if key not in COLUMNS_BY_KEY]
    if unknown:
        raise ExportError(f"Unknown column(s): {', '.join(unknown)}")
    return [COLUMNS_BY_KEY[key] for key in dict.fromkeys(keys)]


def sources_of(columns):
    """What to read from the database for `columns`, each source once."""
    sources = list(dict.fromkeys(source for column in columns for source in column.sources))
    if "shown_as" in {column.kind for column in columns}:
        sources += [source for source in ("display", "kind") if source not in sources]
    return sources


def row_builder(columns, sources):
    """A function turning one values_list tuple into the export's Python values."""
    index = {source: i for i, source in enumerate(sources)}
    country_names = dict(countries)
    getters = []
    for column in columns:
        i = index[column.sources[0]]
        if column.kind == "text":
            getters.append(lambda row, i=i: neutralise(row[i]))
        elif column.kind in ("int", "bool"):
            getters.append(lambda row, i=i: row[i])
        elif column.kind == "datetime":
            getters.append(lambda row, i=i: row[i].astimezone(UTC).replace(tzinfo=None) if row[i] else None)
        elif column.kind == "country_name":
            getters.append(lambda row, i=i: neutralise(str(country_names.get(row[i], row[i]))))
        elif column.kind == "shown_as":
            d, k = index["display"], index["kind"]
            getters.append(lambda row, i=i, d=d, k=k: neutralise(_shown_as(row[i], row[d], row[k])))
        else:  # pragma: no cover - a programming error in COLUMNS
            raise ExportError(column.kind)
    return lambda row: [get(row) for get in getters]


def _shown_as(name, display, kind):
    if display == Signature.Display.UNLISTED:
        return ""
    if display == Signature.Display.INITIALS and kind == Signature.Kind.INDIVIDUAL:
        return initials(name)
    return name
