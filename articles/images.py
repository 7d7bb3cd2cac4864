"""Featured images: checked by their content, turned upright, stripped of metadata, resized.

Photos from phones carry EXIF data (GPS position, device) that can identify the person
who took them: it is never kept. Each upload gives a large image (pages, Open Graph)
and a small one (listings), JPEG or, where there is transparency, PNG.
"""

import uuid
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # larger images are refused rather than decoded
LARGE = (1600, 1600)
SMALL = (640, 640)
MAX_UPLOAD_BYTES = 15 * 1024 * 1024


def _open(file):
    file.seek(0)
    try:
        image = Image.open(file)
        image.verify()  # checks the data; the image must be opened again afterwards
        file.seek(0)
        image = Image.open(file)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF picture."),
            code="invalid_image",
        ) from exc
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF picture."), code="invalid_image_format")
    if image.width * image.height > MAX_PIXELS:
        raise ValidationError(_("This picture is too large (too many pixels)."), code="image_too_large")
    return image


def validate_image(file):
    """Raise ValidationError unless the file is a usable image (by content, not by name)."""
    size = getattr(file, "size", None)
    if size and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("This picture is too large: upload one under 15 MB."), code="file_too_large")
    _open(file)
    file.seek(0)


def _encode(image, box):
    image = image.copy()
    image.thumbnail(box, Image.Resampling.LANCZOS)
    out = BytesIO()
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        image = image.convert("RGB")
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return out.getvalue(), extension


def process_image(file):
    """(large, small) ContentFiles with fresh random names, ready for the storage."""
    image = _open(file)
    if getattr(image, "is_animated", False):
        image.seek(0)  # the first frame of an animation
    image = ImageOps.exif_transpose(image)  # also drops the EXIF block
    name = uuid.uuid4().hex
    large, extension = _encode(image, LARGE)
    small, small_extension = _encode(image, SMALL)
    return (
        ContentFile(large, name=f"{name}.{extension}"),
        ContentFile(small, name=f"{name}-small.{small_extension}"),
    )
