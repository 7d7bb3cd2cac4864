"""The private storage: files the web server never serves, on disk only the site's user may read.

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


# --- The "private" storage alias --------------------------------------------------------
# Model fields name the storage by its alias in STORAGES, so that a deployment maps
# "private" onto what it likes (a folder outside MEDIA_ROOT, a private bucket) without a
# migration. The field holds this lazy object; it looks the alias up when first used,
# and again after the settings change (tests).

PRIVATE = "private"


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


def private_storage():
    """The "private" storage (STORAGES): files never served by the web server, read back
    only through views that check a permission. A model field's `storage` callable."""
    return _private


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty
