"""Uploads through the web: a file is kept up to one byte past the delivery size limit.

Django writes an uploaded file to a temporary file whatever its size. This handler, first in
``FILE_UPLOAD_HANDLERS``, passes on the first ``max_bytes + 1`` bytes of each file and drops
the rest, so a 2 GB upload costs 100 MB of disk at most; ``delivery_import`` (the one entry
point for the CLI and the web) then sees a file past the limit and refuses it in Dutch.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler

from zicht.web.monitor.services import delivery_limits


class TruncatingUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.keep = delivery_limits().max_bytes + 1
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = self.keep - self.received
        self.received += len(raw_data)
        if room <= 0:
            return None  # dropped: later handlers (the one that stores the file) never see it
        return raw_data[:room]

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file from what was passed on
