"""The site's two storages, public media and private files (STORAGES "default" and
"private"), on disk here or in buckets (core/s3.py), and reading them back as streams.

On disk, the private storage's files are readable by the site's own user only.

Django's file system storage creates a file readable by everyone the umask allows
(0644, usually) and only sets its final mode once it is written: a large signature
export was readable by other users of the host while it was being written. Here the
file is created with a umask of 077, so it is 0600 from its first byte.
"""

import os
import threading

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files 0600 and folders 0700, whatever the options or FILE_UPLOAD_PERMISSIONS say."""

    # The umask belongs to the process: one save at a time changes it, and any file
    # another thread creates meanwhile is only made more private than it would be.
    _umask_lock = threading.Lock()

    @property
    def file_permissions_mode(self):
        return 0o600

    @property
    def directory_permissions_mode(self):
        return 0o700

    def _save(self, name, content):
        with self._umask_lock:
            previous = os.umask(0o077)
            try:
                return super()._save(name, content)
            finally:
                os.umask(previous)


class StorageAlias(LazyObject):
    """One of STORAGES' aliases, looked up when first used (and again after the setting
    changes): a model field that takes it follows the settings, as `default_storage` does."""

    def __init__(self, alias):
        self.__dict__["alias"] = alias
        super().__init__()

    def _setup(self):
        self._wrapped = storages[self.alias]


_PRIVATE = StorageAlias("private")
_PUBLIC = StorageAlias("default")


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_ROOT", "MEDIA_URL", "PRIVATE_ROOT"}:
        _PRIVATE._wrapped = _PUBLIC._wrapped = empty


def private_storage():
    """The "private" storage (STORAGES): what only the site hands out — prepared exports,
    uploads no moderator has approved. A callable, so a model field follows the setting."""
    return _PRIVATE


def public_storage():
    """The "default" storage: public media, served to anyone."""
    return _PUBLIC


def open_stream(storage, name):
    """`name` in `storage`, opened to be read once from start to end (a download, a ZIP
    being built): from a bucket it arrives as it is read, never copied whole into memory
    first (core/s3.py); on disk it is the file itself. FileNotFoundError when it is missing."""
    opener = getattr(storage, "open_stream", None)
    return opener(name) if opener else storage.open(name, "rb")
