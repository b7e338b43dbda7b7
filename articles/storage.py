"""File storage that never shows a reader half a file.

Django's FileSystemStorage writes straight into the final name, so a reader
asking for a rendition while it is being written could get the first half.
This one writes to a hidden temporary file in the same folder and then
hard-links it into place, which is atomic and refuses an existing name: a
file appears whole or not at all, and of two writers of the same name only
the first one's file is kept (the second gets another name, as Django's
storage always does). Object storage (S3) needs none of this: an object
appears whole when its upload completes.
"""

import os
import tempfile

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk)
            mode = self.file_permissions_mode
            os.chmod(partial, mode if mode is not None else 0o644)
            while True:
                try:
                    os.link(partial, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(partial)
        return str(name).replace("\\", "/")

