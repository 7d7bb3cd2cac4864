"""The delivery pack: a print-ready A4 PDF of a petition for handing it over.

It holds the petition's text and demands, the count by country, the organisations that
signed and every signatory who chose to be listed, exactly as they chose (full name or
initials, `Signature.public_name`), in their own scripts: the fonts are embedded (Noto
Sans CJK, which also covers Latin, Greek and Cyrillic). The SHA-256 fingerprint of the
list — every listed name, one per line, in the order printed — is printed on every
page, so that the delivered copy can be checked against the database
(`list_fingerprint` recomputes it).

Memory stays bounded whatever the number of signatures: the names are read in keyset
pages, and the pages are written in volumes of `VOLUME_PAGES` pages, each a PDF of its
own written to a ZIP file on disk and freed before the next (fpdf2 keeps a document's
pages in memory until it is output). A petition whose list fits one volume gives one PDF.
bench/RESULTS.md gives the time and peak memory at 1,000,000 signatures.
"""

import gc
import hashlib
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db.models import Count
from django.utils import timezone, translation
from django_countries import countries
from fpdf import FPDF

from petition.models import Signature
from updates.models import DeliveryPack

READ_BATCH = 5000
VOLUME_PAGES = 400
COLUMNS = 3
FONT_SIZE = 8.5
LINE_MM = 4.6

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


class FontMissing(RuntimeError):
    """No font with Chinese characters: the pack would print empty boxes."""


def font_path():
    configured = getattr(settings, "DELIVERY_PACK_FONT", "")
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    raise FontMissing(
        "No Noto Sans CJK font was found for the delivery pack. Install it (Debian: "
        "`apt-get install fonts-noto-cjk`) or set DELIVERY_PACK_FONT to its file."
    )


def listed(petition):
    """The signatures the pack lists, in the order printed."""
    return Signature.objects.filter(petition=petition).on_wall().filter(kind=Signature.Kind.INDIVIDUAL)


def organisations(petition):
    return Signature.objects.filter(petition=petition).on_wall().filter(kind=Signature.Kind.ORGANISATION)


def _names(queryset):
    """Each signature's name as it chose to be shown, in keyset pages of READ_BATCH."""
    last = None
    queryset = queryset.order_by("confirmed_at", "pk")
    while True:
        page = queryset
        if last is not None:
            page = page.filter(confirmed_at__gte=last[0]).exclude(confirmed_at=last[0], pk__lte=last[1])
        rows = list(page.values_list("confirmed_at", "pk", "name", "display", "kind")[:READ_BATCH])
        if not rows:
            return
        for _confirmed_at, _pk, name, display, kind in rows:
            yield Signature(name=name, display=display, kind=kind).public_name
        last = (rows[-1][0], rows[-1][1])


def list_fingerprint(petition):
    """SHA-256 (hex) of the listed names, one per line (UTF-8), in the order printed."""
    digest = hashlib.sha256()
    for name in _names(listed(petition)):
        digest.update(name.encode() + b"\n")
    return digest.hexdigest()


class _Document(FPDF):
    def __init__(self, *, font, footer_text):
        super().__init__(format="A4", unit="mm")
        self.add_font("Noto", fname=font)
        self.set_font("Noto", size=FONT_SIZE)
        self.set_auto_page_break(False)
        self.set_margins(15, 15, 15)
        self.footer_text = footer_text
        self.set_creation_date(timezone.now())

    def footer(self):
        self.set_y(-12)
        self.set_font("Noto", size=7)
        self.cell(0, 4, f"{self.footer_text} · {self.page_no()}", align="C")
        self.set_font("Noto", size=FONT_SIZE)


def _write_front(pdf, petition, fingerprint, total, organisation_names):
    pdf.add_page()
    pdf.set_font("Noto", size=16)
    for language in ("en", "zh-hant", "zh-hans"):
        with translation.override(language):
            pdf.multi_cell(0, 8, str(petition.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", size=10)
    pdf.ln(2)
    for language in ("en", "zh-hant"):
        with translation.override(language):
            pdf.multi_cell(0, 5, str(petition.statement), new_x="LMARGIN", new_y="NEXT")
            for number, demand in enumerate(petition.demands.filter(is_active=True), 1):
                pdf.multi_cell(0, 5, f"{number}. {demand.text}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.set_font("Noto", size=12)
    pdf.cell(0, 7, f"Signatures / 聯署 / 联署: {total:,}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", size=9)
    pdf.multi_cell(0, 5, f"SHA-256 of the list: {fingerprint}", new_x="LMARGIN", new_y="NEXT")
    by_country = (
        Signature.objects.filter(petition=petition)
        .counted()
        .values_list("country")
        .annotate(n=Count("id"))
        .order_by("-n", "country")
    )
    pdf.ln(2)
    pdf.set_font("Noto", size=11)
    pdf.cell(0, 6, "By country / 按國家或地區", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", size=FONT_SIZE)
    for code, count in by_country:
        if pdf.get_y() > pdf.h - 20:
            pdf.add_page()
        pdf.cell(0, LINE_MM, f"{countries.name(code) or code}: {count:,}", new_x="LMARGIN", new_y="NEXT")
    if organisation_names:
        pdf.add_page()
        pdf.set_font("Noto", size=11)
        pdf.cell(0, 6, "Organisations / 團體", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Noto", size=FONT_SIZE)
        for name in organisation_names:
            if pdf.get_y() > pdf.h - 20:
                pdf.add_page()
            pdf.multi_cell(0, LINE_MM, name, new_x="LMARGIN", new_y="NEXT")


def _write_names(pdf, names, limit_pages):
    """Fill up to `limit_pages` pages with names in columns; returns False when names ran out."""
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    width = usable / COLUMNS
    rows = int((pdf.h - 15 - 18) // LINE_MM)
    for _page in range(limit_pages):
        page_names = []
        for name in names:
            page_names.append(name)
            if len(page_names) == rows * COLUMNS:
                break
        if not page_names:
            return False
        pdf.add_page()
        for index, name in enumerate(page_names):
            column, row = divmod(index, rows)
            pdf.set_xy(pdf.l_margin + column * width, 15 + row * LINE_MM)
            pdf.cell(width - 2, LINE_MM, name[:60])
        if len(page_names) < rows * COLUMNS:
            return False
    return True


def build_pack(petition, destination):
    """Write the pack of `petition` to the file `destination`: a PDF, or a ZIP of volumes
    when the list is longer than one. Returns (fingerprint, listed count, kind)."""
    font = font_path()
    fingerprint = list_fingerprint(petition)
    total = Signature.objects.filter(petition=petition).counted().count()
    count = listed(petition).count()
    organisation_names = list(_names(organisations(petition)))
    footer = f"{petition.slug} · SHA-256 {fingerprint}"
    names = _names(listed(petition))
    volumes = []
    with tempfile.TemporaryDirectory() as folder:
        volume = 1
        more = True
        while more:
            pdf = _Document(font=font, footer_text=f"{footer} · vol. {volume}")
            if volume == 1:
                _write_front(pdf, petition, fingerprint, total, organisation_names)
            more = _write_names(pdf, names, VOLUME_PAGES)
            path = Path(folder) / f"{petition.slug}-{volume:03d}.pdf"
            pdf.output(str(path))
            del pdf
            gc.collect()  # the volume's pages and font objects hold reference cycles
            volumes.append(path)
            volume += 1
        if len(volumes) == 1:
            Path(destination).write_bytes(volumes[0].read_bytes())
            return fingerprint, count, "pdf"
        with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_STORED) as archive:
            for path in volumes:
                archive.write(path, path.name)
        return fingerprint, count, "zip"


# --- The pack as a stored file --------------------------------------------------------


def pack_make(*, pack_id):
    """Build the pack `pack_id` into private storage. Returns its state."""
    record = DeliveryPack.objects.select_related("petition").filter(pk=pack_id).first()
    if record is None:
        return "skipped"
    storage = storages["private"]
    with tempfile.NamedTemporaryFile(suffix=".bin") as output:
        try:
            fingerprint, count, kind = build_pack(record.petition, output.name)
        except FontMissing as exc:
            DeliveryPack.objects.filter(pk=record.pk).update(
                state=DeliveryPack.State.FAILED, error=str(exc)[:300]
            )
            return "failed"
        name = f"delivery-packs/{record.petition.slug}-{record.pk}.{kind}"
        if storage.exists(name):
            storage.delete(name)
        with open(output.name, "rb") as handle:
            stored = storage.save(name, File(handle))
    DeliveryPack.objects.filter(pk=record.pk).update(
        state=DeliveryPack.State.READY,
        file_name=stored,
        fingerprint=fingerprint,
        listed=count,
        finished_at=timezone.now(),
    )
    return "ready"
