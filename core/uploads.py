"""Checking uploaded files by their content, and making their previews.

A file is what its bytes say, not what its name says: a PDF starts with `%PDF-` and
opens in PDFium, an image opens in Pillow within a pixel budget, an SVG parses as
XML with no scripts, entities or external references. Anything else is refused.
"""

import io
import re
from dataclasses import dataclass
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Pixels Pillow may decode for one image: an A3 page at 300 dpi is ~17.5 million.
# A "decompression bomb" (a small file that expands to gigabytes) is refused.
MAX_IMAGE_PIXELS = 50_000_000
PREVIEW_WIDTH = 480

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
PILLOW_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


@dataclass(frozen=True)
class Checked:
    content_type: str
    size: int


def read_head(fileobj, size=2048):
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def check_file(fileobj, name, *, max_bytes):
    """Raise ValidationError unless `fileobj` is a PDF, PNG, JPEG or SVG matching its name."""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in CONTENT_TYPES:
        raise ValidationError(_("Upload a PDF, PNG, JPEG or SVG file."), code="extension")
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large: %(size)d MB at most.") % {"size": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if extension == ".pdf":
        _check_pdf(fileobj)
    elif extension == ".svg":
        sanitize_svg(read_all(fileobj))
    else:
        _check_image(fileobj, PILLOW_FORMATS[extension])
    fileobj.seek(0)
    return Checked(content_type=CONTENT_TYPES[extension], size=size)


def read_all(fileobj):
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    return data


def _check_pdf(fileobj):
    # The header may follow a little junk, but must be in the first kilobyte.
    if b"%PDF-" not in read_head(fileobj, 1024):
        raise ValidationError(_("This file is not a PDF."), code="not_pdf")
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(read_all(fileobj))
    except pdfium.PdfiumError:
        raise ValidationError(_("This PDF cannot be opened: it may be damaged."), code="bad_pdf") from None
    try:
        if len(document) == 0:
            raise ValidationError(_("This PDF has no pages."), code="bad_pdf")
    finally:
        document.close()


def _open_image(fileobj, expected_format):
    """Open an image without decoding it, refusing other formats and oversized ones."""
    try:
        image = Image.open(fileobj, formats=[expected_format])
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError):
        raise ValidationError(
            _("This file is not a %(format)s image.") % {"format": expected_format}, code="not_image"
        ) from None
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is too large: %(pixels)d million pixels at most.")
            % {"pixels": MAX_IMAGE_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    return image


def _check_image(fileobj, expected_format):
    fileobj.seek(0)
    image = _open_image(fileobj, expected_format)
    try:
        image.verify()
    except Exception:  # noqa: BLE001 -- Pillow raises many kinds for a damaged file
        raise ValidationError(_("This image is damaged."), code="bad_image") from None
    finally:
        fileobj.seek(0)


# --- SVG ----------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "clipPath",
    "mask", "pattern", "use", "symbol", "marker", "style", "image",
}  # fmt: skip
_BAD_CSS = re.compile(r"(url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\()", re.IGNORECASE)


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def sanitize_svg(data):
    """The SVG without scripts, event handlers, foreign content or outside references.

    Refuses a document type or entities outright (the "billion laughs" attack), and
    anything that does not parse as an <svg> document.
    """
    raw = data if isinstance(data, bytes) else data.encode()
    lowered = raw.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise ValidationError(_("SVG files with a document type or entities are not accepted."), code="svg")
    try:
        # Safe here: without a document type there are no entities to expand or fetch.
        root = ElementTree.fromstring(raw)  # noqa: S314
    except ElementTree.ParseError:
        raise ValidationError(_("This file is not a valid SVG image."), code="svg") from None
    if _local(root.tag) != "svg":
        raise ValidationError(_("This file is not a valid SVG image."), code="svg")
    _clean_element(root)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _clean_element(element):
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in SVG_ELEMENTS:
            element.remove(child)
            continue
        _clean_element(child)
    for attribute in list(element.attrib):
        name = _local(attribute).lower()
        value = element.attrib[attribute].strip()
        event_handler = name.startswith("on")
        outside_link = name == "href" and not value.startswith(("#", "data:image/"))
        remote_style = name == "style" and _BAD_CSS.search(value)
        if event_handler or outside_link or remote_style:
            del element.attrib[attribute]
    if _local(element.tag) == "style" and element.text and _BAD_CSS.search(element.text):
        element.text = ""


def svg_size(data):
    """(width, height) from an SVG's viewBox or width/height, or None."""
    root = ElementTree.fromstring(data)  # noqa: S314 -- only called on sanitize_svg's output
    box = root.attrib.get("viewBox", "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
        return (
            round(float(re.sub(r"[a-z%]+$", "", root.attrib["width"]))),
            round(float(re.sub(r"[a-z%]+$", "", root.attrib["height"]))),
        )
    except (KeyError, ValueError):
        return None


# --- Previews -----------------------------------------------------------------


def pdf_first_page_image(data, *, width=PREVIEW_WIDTH):
    """The first page of a PDF as a Pillow image `width` pixels wide (PDFium)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        page_width, _height = page.get_size()
        bitmap = page.render(scale=width / page_width)
        image = bitmap.to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    return image


def image_thumbnail(data, *, width=PREVIEW_WIDTH):
    image = Image.open(io.BytesIO(data))
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image is too large."), code="too_many_pixels")
    image.draft("RGB", (width, width * 4))
    image = image.convert("RGB")
    image.thumbnail((width, width * 4))
    return image


def preview_png(data, extension, *, width=PREVIEW_WIDTH):
    """(PNG bytes, width, height) previewing a material, or None for an SVG (shown as itself)."""
    if extension == ".pdf":
        image = pdf_first_page_image(data, width=width)
    elif extension in PILLOW_FORMATS:
        image = image_thumbnail(data, width=width)
    else:
        return None
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), image.width, image.height
