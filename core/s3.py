"""Media in S3-compatible object storage (django-storages), used when AWS_STORAGE_BUCKET_NAME
is set (campaign/settings.py; docs/deploy.md, "Static files and media").

Two buckets. The public one holds what anyone may read (article images, materials and
their previews, approved logos, featured photos): its objects are public through the
bucket's policy and its URLs are plain, so a CDN can cache them. The private one holds
what only the site hands out (prepared exports, logos awaiting approval, delivery packs):
no object in it is ever public, and the site reads them back itself, in the views that
check permission.

Files are read back as streams (`open_stream`): django-storages' own file object copies
the whole object into memory on its first read, which a large export must never do.
"""

import io

from botocore.exceptions import ClientError
from django.core.exceptions import ImproperlyConfigured
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Seconds a private object's presigned URL lasts. The site streams private files itself;
# a URL is only ever made if some page asks the field for one (an admin widget, say).
PRIVATE_URL_SECONDS = 60


class ObjectStream:
    """An object of a bucket, read as it arrives: nothing is kept whole in memory.

    Seeking only moves where the next read starts (a ranged GET when it is not where the
    open response stands), so FileResponse measuring the length (seek to the end and back)
    costs no request. The first GET is made on opening: a missing object is known at once.
    """

    def __init__(self, obj):
        self._object = obj
        response = self._get(0)
        self.size = response["ContentLength"]
        self._body, self._body_position = response["Body"], 0
        self._position = 0

    def _get(self, start):
        try:
            return self._object.get(**({"Range": f"bytes={start}-"} if start else {}))
        except ClientError as exc:
            if exc.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"No such object: {self._object.key}") from None
            raise

    def _drop_body(self):
        if self._body is not None:
            self._body.close()
            self._body = None

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def read(self, size=-1):
        if self._position >= self.size:
            return b""
        if self._body is None or self._body_position != self._position:
            self._drop_body()
            self._body, self._body_position = self._get(self._position)["Body"], self._position
        data = self._body.read(None if size is None or size < 0 else size)
        self._position += len(data)
        self._body_position = self._position
        return data

    def close(self):
        self._drop_body()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


@deconstructible
class MediaS3Storage(S3Storage):
    """Public media in a bucket: plain URLs, and a name already taken gets a new one, as on
    disk (django-storages overwrites by default: two uploads named `leaflet.pdf` would
    be one file)."""

    file_overwrite = False
    querystring_auth = False
    signature_version = "s3v4"

    def open_stream(self, name):
        """The object `name`, opened to be read once from start to end (a download, a ZIP
        being built). FileNotFoundError when there is none."""
        return ObjectStream(self.bucket.Object(self._normalize_name(clean_name(name))))


@deconstructible
class PrivateS3Storage(MediaS3Storage):
    """Private files in a bucket of their own: never a public ACL, never a plain URL, never
    behind the public media's custom domain (what it serves is public)."""

    querystring_auth = True
    querystring_expire = PRIVATE_URL_SECONDS
    default_acl = None
    custom_domain = None

    def __init__(self, **settings):
        super().__init__(**settings)
        if (self.default_acl or "").startswith("public") or not self.querystring_auth or self.custom_domain:
            raise ImproperlyConfigured(
                "The private storage's files are never public: no public ACL, no plain URLs, "
                "no custom domain."
            )
