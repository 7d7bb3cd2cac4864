"""Uploaded pictures (featured signatories' photos, logos), checked by what they are.

The file's name and the browser's content type are ignored: Pillow must
recognise the bytes as a JPEG, PNG, WebP or GIF. A file that is too large, an
image with too many pixels (a "decompression bomb": a few kilobytes that would
expand to gigabytes), or anything else is refused with a translated message.
An accepted picture is re-encoded — which drops EXIF metadata such as GPS
positions and any payload smuggled after the image data — and scaled down to
fit MAX_DIMENSIONS: JPEG for photos, PNG for pictures with transparency.
"""

import io
import os
import warnings

from django import forms
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_DIMENSIONS = (600, 600)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
JPEG_QUALITY = 85


def clean_uploaded_image(
    upload,
    *,
    max_dimensions=MAX_DIMENSIONS,
    max_bytes=MAX_UPLOAD_BYTES,
    max_pixels=MAX_PIXELS,
    output_format=None,
):
    """Validate an uploaded file as a picture and return it re-encoded as a ContentFile.

    `output_format` "PNG" keeps every picture lossless (logos); by default photos
    become JPEG and pictures with transparency PNG. Raises forms.ValidationError
    with a translated message when the file is refused.
    """
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("This file is %(size)s; the largest accepted is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    image = _open(upload)
    if image.format not in ACCEPTED_FORMATS:
        raise _not_a_picture()
    if image.width * image.height > max_pixels:
        raise _too_many_pixels(image.width, image.height, max_pixels)
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _not_a_picture() from exc

    image = ImageOps.exif_transpose(image)
    image.thumbnail(max_dimensions, Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    output = io.BytesIO()
    if has_alpha or output_format == "PNG":
        image.convert("RGBA" if has_alpha else "RGB").save(output, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    stem = slugify(os.path.splitext(os.path.basename(upload.name or ""))[0]) or "picture"
    return ContentFile(output.getvalue(), name=f"{stem[:60]}.{extension}")


def _open(upload):
    # Pillow warns above Image.MAX_IMAGE_PIXELS and refuses above twice that;
    # our own, lower limit is checked on the header before any pixel is decoded.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(upload)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise forms.ValidationError(
                _("This picture has far too many pixels to be processed safely."),
                code="too_many_pixels",
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise _not_a_picture() from exc


def _not_a_picture():
    return forms.ValidationError(
        _("This file is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."),
        code="invalid_image",
    )


def _too_many_pixels(width, height, max_pixels):
    return forms.ValidationError(
        _(
            "This picture is %(width)s × %(height)s pixels, too large to process safely. "
            "Scale it down below %(megapixels)s megapixels and upload it again."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "megapixels": max_pixels // 1_000_000},
    )


class PictureField(forms.FileField):
    """A file field that accepts only pictures, checked and re-encoded by clean_uploaded_image.

    A plain FileField underneath (not ImageField), so the refusal messages are
    ours and the file is opened once.
    """

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def __init__(self, *args, **kwargs):
        names = ("max_dimensions", "max_bytes", "max_pixels", "output_format")
        self.image_options = {name: kwargs.pop(name) for name in names if name in kwargs}
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_uploaded_image(upload, **self.image_options)
