"""The public pages a visitor can reach, and what a browser checks on each of them.

Shared by the browser tests and by bin/screenshots, so both look at the same pages.
"""

from urllib.parse import quote, urlparse

from articles.models import Article, Category
from events.models import Event, LocalGroup
from petition import tokens
from petition.models import Partner, Petition, Signature

# axe-core impacts that fail a page.
BLOCKING_IMPACTS = {"serious", "critical"}


def public_pages(language):
    """(name, path) of every public page in a language, from what the database holds."""
    prefix = f"/{language}/"
    pages = [
        ("home", prefix),
        ("petition", f"{prefix}petition/"),
        ("wall", f"{prefix}petition/signatures/"),
        ("thank-you", f"{prefix}petition/thank-you/"),
        ("embed", f"{prefix}petition/embed/"),
        ("embed-form", f"{prefix}petition/embed/form/"),
        ("partners", f"{prefix}partners/"),
        ("motions", f"{prefix}motions/"),
        ("motion-report", f"{prefix}motions/report/"),
        ("what-you-can-do", f"{prefix}what-you-can-do/"),
        ("qa", f"{prefix}qa/"),
        ("materials", f"{prefix}materials/"),
        ("contact", f"{prefix}contact/"),
        ("contact-thanks", f"{prefix}contact/thanks/"),
        ("articles", f"{prefix}articles/"),
    ]
    article = Article.objects.published().order_by("-published_at").first()
    if article:
        pages.append(("article", f"{prefix}articles/{article.slug}/"))
        word = "Hong+Kong" if language == "en" else quote("香港")
        pages.append(("search", f"{prefix}articles/search/?q={word}"))
    partner = Partner.objects.listed().first()
    if partner:
        pages.append(("partner", f"{prefix}partners/{partner.slug}/"))
    category = Category.objects.filter(articles__status=Article.Status.PUBLISHED).first()
    if category:
        pages.append(("category", f"{prefix}articles/category/{category.slug}/"))
    pages += [("events", f"{prefix}events/"), ("groups", f"{prefix}groups/")]
    event = Event.objects.upcoming().first()
    if event:
        pages.append(("event", f"{prefix}events/{event.slug}/"))
    group = LocalGroup.objects.published().first()
    if group:
        pages.append(("group", f"{prefix}groups/{group.slug}/"))
    pages += [
        ("privacy", f"{prefix}privacy/"),
        ("withdrawn", f"{prefix}petition/withdrawn/"),
        ("not-found", f"{prefix}no-such-page/"),
    ]
    return pages


def signer_pages(language):
    """The pages a signer reaches from an email link, for a pending and a confirmed signature."""
    petition = Petition.objects.current()
    pending = Signature.objects.filter(petition=petition, state=Signature.State.PENDING).first()
    confirmed = Signature.objects.filter(petition=petition, state=Signature.State.CONFIRMED).first()
    prefix = f"/{language}/petition/"
    pages = []
    if pending:
        pages.append(("confirm", f"{prefix}confirm/{tokens.make_token(pending, tokens.CONFIRM)}/"))
    if confirmed:
        pages.append(("manage", f"{prefix}manage/{tokens.make_token(confirmed, tokens.MANAGE)}/"))
    pages.append(("link-invalid", f"{prefix}confirm/not-a-real-link/"))
    return pages


def axe_problems(results):
    """Serious and critical violations as readable lines: rule, impact, help and where."""
    lines = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


# --- Layout, measured in the page ------------------------------------------------------------

# Elements whose text is Chinese and whose content is wider than their box (and not
# meant to scroll), the document's scroll width, and images without dimensions.
LAYOUT_SCRIPT = """
() => {
  const doc = document.documentElement;
  const cjk = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;
  const overflowing = [];
  const describe = (el) => `${el.tagName.toLowerCase()}.${el.className}`;
  // Inside a box that scrolls or clips sideways on purpose (a row of tabs), text may go past the edge.
  const inScroller = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
    const style = getComputedStyle(el);
    if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) continue;
    if (el.closest(".visually-hidden, .visually-hidden-focusable, svg, select, pre")) continue;
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join("");
    if (!cjk.test(own)) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      overflowing.push(`${describe(el)}: ${own.trim().slice(0, 30)}`);
    }
    const box = el.getBoundingClientRect();
    if (box.right > doc.clientWidth + 1 && !inScroller(el)) {
      overflowing.push(`${describe(el)} past the right edge: ${own.trim().slice(0, 30)}`);
    }
  }
  const undimensioned = Array.from(document.images)
    .filter((img) => !(img.getAttribute("width") && img.getAttribute("height")))
    .map((img) => img.currentSrc || img.src);
  const broken = Array.from(document.images)
    .filter((img) => img.complete && img.naturalWidth === 0)
    .map((img) => img.currentSrc || img.src);
  return {
    scrollWidth: doc.scrollWidth,
    clientWidth: doc.clientWidth,
    overflowing,
    undimensioned,
    broken,
  };
}
"""


def layout_problems(page):
    found = page.evaluate(LAYOUT_SCRIPT)
    problems = []
    if found["scrollWidth"] > found["clientWidth"]:
        problems.append(f"scrolls sideways: {found['scrollWidth']}px wide in {found['clientWidth']}px")
    problems += [f"Chinese text overflows {item}" for item in found["overflowing"]]
    problems += [f"image without width/height: {src}" for src in found["undimensioned"]]
    problems += [f"image does not load: {src}" for src in found["broken"]]
    return problems


def is_same_host(url, base):
    """True for the site itself and for the browser's own data: and blob: URLs."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return parsed.netloc == urlparse(base).netloc
