"""Email addresses in their canonical form: one signature per person, not per spelling.

The database allows one signature per petition for each canonical address: it keeps
a keyed hash of it (`Signature.email_canonical`, unique with the petition; `email_hash`),
never the address itself. The canonical form:

- surrounding whitespace removed; the whole address case-folded (`Chan@Example.ORG`
  and `chan@example.org` are one person: no real mailbox differs by case);
- the domain's trailing dot dropped and international domains written in ASCII
  (IDNA), so `例子.中国` and `xn--fsqu00a.xn--fiqs8s` are one domain;
- a plus tag removed from the local part (`chan+petition@` → `chan@`), which every
  large provider delivers to the same mailbox;
- for Gmail, dots in the local part ignored and `googlemail.com` read as
  `gmail.com` (`c.h.a.n@googlemail.com` → `chan@gmail.com`).

The address itself is stored as typed (whitespace trimmed, domain lower-cased), and
encrypted (core/crypto.py): it is where the emails go. The canonical form is only
compared, through its hash, never mailed.
"""

from core.crypto import signer_hash

GMAIL_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}

# Large webmail providers: millions of unrelated people share each of these domains,
# so a viral moment would trip a per-domain limit for honest signers. They are exempt
# from it (the per-IP limit and email confirmation still apply; a flood from one
# provider is handled by moderators' bulk invalidation). Small and private domains,
# where one person can mint endless addresses, keep the limit.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.com.hk",
        "yahoo.com.tw",
        "yahoo.co.uk",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sohu.com",
        "naver.com",
        "netvigator.com",
        "tutanota.com",
        "zoho.com",
        "fastmail.com",
    }
)


def _ascii_domain(domain):
    domain = domain.strip().rstrip(".").casefold()
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def split_email(address):
    """('Local', 'domain') of an address; the domain lower-cased, the local part as given."""
    local, _at, domain = address.strip().rpartition("@")
    return local, domain.strip().rstrip(".").lower()


def normalise_email(address):
    """The address to send to: trimmed, its domain lower-cased."""
    local, domain = split_email(address)
    return f"{local}@{domain}" if local else address.strip()


def email_domain(address):
    """The canonical domain of an address (for per-domain rate limits and moderation)."""
    _local, domain = split_email(address)
    domain = _ascii_domain(domain)
    return GMAIL_DOMAINS.get(domain, domain)


def is_webmail(domain):
    return domain in WEBMAIL_DOMAINS


def canonical_email(address):
    """The form two spellings of one mailbox share (see the module docstring)."""
    local, _domain = split_email(address)
    domain = email_domain(address)
    local = local.casefold()
    local = local.split("+", 1)[0] or local  # "+tag@…" alone keeps its tag
    if domain == "gmail.com":
        local = local.replace(".", "")
    return f"{local}@{domain}"


def email_hash(address):
    """The keyed hash of an address's canonical form: what `Signature.email_canonical`
    holds, and how a signature is found by its address."""
    return signer_hash(canonical_email(address))
