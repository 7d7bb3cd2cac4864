"""The private storage's file system: files only the site's own user may read.

Django's file system storage creates a file readable by everyone the umask allows
(0644, usually) and only sets its final mode once it is written: a large signature
export was readable by other users of the host while it was being written. Here the
file is created with a umask of 077, so it is 0600 from its first byte.
"""

import os
import threading

from django.core.files.storage import FileSystemStorage


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
