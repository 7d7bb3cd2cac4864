"""Featured images of articles: checked by `core.uploads`, then a large and a small copy.

Photos from phones carry EXIF data (GPS position, device) that can identify the person
who took them: it is never kept. Each upload gives a large image (pages, Open Graph)
and a small one (listings), JPEG or, where there is transparency, PNG.
"""

import uuid

from django.core.files.base import ContentFile

from core import uploads

LARGE = (1600, 1600)
SMALL = (640, 640)


def validate_image(file):
    """Raise ValidationError unless the file is a usable image (by content, not by name)."""
    uploads.check_image(file, max_bytes=uploads.ARTICLE_IMAGE_MAX_BYTES)


def process_image(file):
    """(large, small) ContentFiles with fresh random names, ready for the storage."""
    image = uploads.decode_image(uploads.open_image(file, max_bytes=uploads.ARTICLE_IMAGE_MAX_BYTES))
    name = uuid.uuid4().hex
    large, extension = uploads.encode_picture(image, LARGE)
    small, small_extension = uploads.encode_picture(image, SMALL)
    return (
        ContentFile(large, name=f"{name}.{extension}"),
        ContentFile(small, name=f"{name}-small.{small_extension}"),
    )
