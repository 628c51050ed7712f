"""An oversized request is refused before its body is read (issue 15, "Bad input": a 200 MB
body was streamed to a temporary file before the import form refused it).

Two checks, both against the import cap (`settings.DAIHOI_IMPORT_MAX_BYTES`, 64 MB):

* `UploadLimitMiddleware`: a request whose Content-Length exceeds the cap plus
  `FRAMING_BYTES` (the multipart boundaries and the form's other fields) gets the 413 page
  at once; nothing reads `wsgi.input`, so no temporary file is written. The server
  (gunicorn) drops the unread rest of the body from the socket in small reads, in memory.
* `CappedUploadHandler`, put first among the request's upload handlers by the middleware:
  it counts the bytes of every uploaded file as they arrive (also when the request came
  without a Content-Length, or with a length under the limit whose file alone is over the
  cap) and stops the upload at the first byte over the cap, without reading the rest
  (`StopUpload(connection_reset=True)`); the middleware then answers 413 instead of the
  view. Under WSGI Django reads no more than the Content-Length says (none without one),
  so a body with no length is never read at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from daihoi.core.imports import _mb

FRAMING_BYTES = 64 << 10  # boundaries, part headers and the other fields of an upload form
TOO_LARGE_FLAG = "_daihoi_upload_too_large"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

MSG_TOO_LARGE = _("Tệp gửi lên quá lớn ({size}): tối đa {limit}. Không có gì được đọc hay "
                  "ghi. Hãy chia tệp, hoặc nhờ quản trị tăng DAIHOI_IMPORT_MAX_BYTES.")


def cap() -> int:
    return int(settings.DAIHOI_IMPORT_MAX_BYTES)


def request_limit() -> int:
    return cap() + FRAMING_BYTES


def declared_length(request: HttpRequest) -> int | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return length if length >= 0 else None


def too_large(request: HttpRequest, size: int | None) -> HttpResponse:
    message = str(MSG_TOO_LARGE).format(size=_mb(size) if size else f"> {_mb(cap())}",
                                        limit=_mb(cap()))
    return render(request, "core/too_large.html", {"message": message}, status=413)


class CappedUploadHandler(FileUploadHandler):
    """Counts every uploaded file's bytes; over the cap, stops reading the request."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.limit = cap()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                setattr(self.request, TOO_LARGE_FLAG, self.received)
            raise StopUpload(connection_reset=True)  # reads nothing more of the body
        return raw_data  # the next handler (memory or temporary file) keeps it

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


class UploadLimitMiddleware:
    """After AuthenticationMiddleware (the 413 page is an ordinary page of the site), before
    any process_view reads the body; see the module text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in BODY_METHODS:
            length = declared_length(request)
            if length is not None and length > request_limit():
                return too_large(request, length)
            request.upload_handlers.insert(0, CappedUploadHandler(request))
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        # The CSRF check (earlier in MIDDLEWARE) has parsed the body by now, through the
        # handler above; a file cut off at the cap never reaches the view.
        if request.method in BODY_METHODS and request.content_type == "multipart/form-data":
            request.POST  # noqa: B018 - parse now (a no-op when already parsed)
            received = getattr(request, TOO_LARGE_FLAG, None)
            if received is not None:
                return too_large(request, None)
        return None
