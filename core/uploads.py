"""The one checker of uploaded files: by their content, within one set of limits.

A file is what its bytes say, not what its name or the browser says: a PDF starts
with `%PDF-` and opens in PDFium; an image opens in Pillow as one of the formats
its use accepts; an SVG parses as XML with no scripts, entities or external
references. Anything else is refused with a translated message.

Every image, whatever its use (signatories' photos and logos, article images, Q&A
figures, campaign materials), is held to one pixel count, UPLOAD_MAX_IMAGE_PIXELS,
read from its header before any pixel is decoded: a "decompression bomb" (a few
kilobytes that expand to gigabytes) is refused. The byte limits, one per use,
are below; the forms name them in their help texts.

Pictures that are shown (photos, logos, article images) are re-encoded: turned
upright, scaled down, stripped of metadata such as GPS positions and of anything
smuggled after the image data.
"""

import io
import os
import re
import warnings
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
# Bytes, per use (the logo a signing organisation may add has its own: petition/forms.py).
MATERIAL_MAX_BYTES = 25 * MB  # campaign materials: print-ready PDFs and posters
ARTICLE_IMAGE_MAX_BYTES = 15 * MB  # an article's featured image, straight from a camera
PICTURE_MAX_BYTES = 5 * MB  # featured signatories' photos and logos

# Formats Pillow is asked to recognise for a picture: what every browser shows.
PICTURE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
PICTURE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
JPEG_QUALITY = 85
PREVIEW_WIDTH = 480

# Materials are checked by their extension's format.
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


def read_all(fileobj):
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    return data


def file_size(fileobj):
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(0)
    return size


def check_size(fileobj, max_bytes):
    """Raise ValidationError when the file is larger than `max_bytes`; return its size."""
    size = file_size(fileobj)
    if max_bytes is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the largest accepted is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    return size


# --- Images -------------------------------------------------------------------


def _not_an_image(formats):
    if len(formats) == 1:
        return ValidationError(
            _("This file is not a %(format)s image."), code="invalid_image", params={"format": formats[0]}
        )
    return ValidationError(
        _("This file is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."),
        code="invalid_image",
    )


def _open_within_limits(fileobj, formats):
    """Open an image from its header alone: no pixel is decoded yet."""
    fileobj.seek(0)
    # Pillow warns above its own limit (about 89 million pixels, more than ours) and
    # refuses above twice that: both are refusals here, before anything is decoded.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(fileobj, formats=formats)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ValidationError(
                _("This picture has far too many pixels to be processed safely."), code="too_many_pixels"
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise _not_an_image(formats) from None
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    if image.width * image.height > limit:
        raise ValidationError(
            _(
                "This picture is %(width)s × %(height)s pixels, too large to process safely. "
                "Scale it down below %(megapixels)s megapixels and upload it again."
            ),
            code="too_many_pixels",
            params={"width": image.width, "height": image.height, "megapixels": limit // 1_000_000},
        )
    return image


def check_image(fileobj, *, max_bytes=None, formats=PICTURE_FORMATS):
    """Raise ValidationError unless the file is an image in one of `formats` within the limits.

    Codes: `file_too_large`, `invalid_image`, `too_many_pixels`. Also a model field's
    validator: a JPEG, PNG, WebP or GIF picture within the pixel limit.
    """
    check_size(fileobj, max_bytes)
    image = _open_within_limits(fileobj, formats)
    try:
        image.verify()
    except Exception:  # noqa: BLE001 -- Pillow raises many kinds for a damaged file
        raise _not_an_image(formats) from None
    finally:
        fileobj.seek(0)


def open_image(fileobj, *, max_bytes=None, formats=PICTURE_FORMATS):
    """The uploaded image once `check_image` accepted it: opened, not yet decoded."""
    check_image(fileobj, max_bytes=max_bytes, formats=formats)
    # verify() leaves the image it checked unusable: the caller gets a fresh one.
    return _open_within_limits(fileobj, formats)


def decode_image(image, formats=PICTURE_FORMATS):
    """Decode the pixels of an opened image: its first frame, turned upright."""
    try:
        if getattr(image, "is_animated", False):
            image.seek(0)
        image.load()
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _not_an_image(formats) from None


def encode_picture(image, box, *, png=False):
    """(bytes, extension) of the image scaled to fit `box`, without metadata.

    JPEG, or PNG for a picture with transparency or when `png` is asked for.
    """
    image = image.copy()
    image.thumbnail(box, Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha or png:
        image.convert("RGBA" if has_alpha else "RGB").save(out, "PNG", optimize=True)
        return out.getvalue(), "png"
    image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), "jpg"


def clean_uploaded_image(
    upload, *, max_dimensions=(600, 600), max_bytes=PICTURE_MAX_BYTES, output_format=None
):
    """The uploaded picture checked and re-encoded to fit `max_dimensions`, as a ContentFile.

    `output_format` "PNG" keeps every picture lossless (logos); by default photos
    become JPEG and pictures with transparency PNG. Raises ValidationError.
    """
    image = decode_image(open_image(upload, max_bytes=max_bytes))
    data, extension = encode_picture(image, max_dimensions, png=output_format == "PNG")
    stem = slugify(os.path.splitext(os.path.basename(upload.name or ""))[0]) or "picture"
    return ContentFile(data, name=f"{stem[:60]}.{extension}")


# --- Campaign materials ---------------------------------------------------------


def check_file(fileobj, name, *, max_bytes):
    """Raise ValidationError unless `fileobj` is a PDF, PNG, JPEG or SVG matching its name."""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in CONTENT_TYPES:
        raise ValidationError(_("Upload a PDF, PNG, JPEG or SVG file."), code="extension")
    size = check_size(fileobj, max_bytes)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if extension == ".pdf":
        _check_pdf(fileobj)
    elif extension == ".svg":
        sanitize_svg(read_all(fileobj))
    else:
        check_image(fileobj, formats=(PILLOW_FORMATS[extension],))
    fileobj.seek(0)
    return Checked(content_type=CONTENT_TYPES[extension], size=size)


def _pdfium():
    # Imported when needed: PDFium is a large native library that only the admin's
    # material uploads and the placards use, not every web process.
    import pypdfium2

    return pypdfium2


def _check_pdf(fileobj):
    # The header may follow a little junk, but must be in the first kilobyte.
    if b"%PDF-" not in read_head(fileobj, 1024):
        raise ValidationError(_("This file is not a PDF."), code="not_pdf")
    pdfium = _pdfium()
    try:
        document = pdfium.PdfDocument(read_all(fileobj))
    except pdfium.PdfiumError:
        raise ValidationError(_("This PDF cannot be opened: it may be damaged."), code="bad_pdf") from None
    try:
        if len(document) == 0:
            raise ValidationError(_("This PDF has no pages."), code="bad_pdf")
    finally:
        document.close()


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
    document = _pdfium().PdfDocument(data)
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
    image = _open_within_limits(io.BytesIO(data), ("PNG", "JPEG"))
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
