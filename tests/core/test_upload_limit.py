"""An upload over the import cap is refused with a 413 page before its body is read
(issue 15, "Bad input": a 200 MB body was streamed to a temporary file, then refused):
by its Content-Length, or, without one or with a file over the cap inside a smaller
declared length, by counting the file's bytes as they arrive (core/upload_limit.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from daihoi.core import upload_limit
from daihoi.core.models import Job, JobFile
from daihoi.core.roles import Role
from daihoi.organizations.models import Member

pytestmark = pytest.mark.django_db

URL = "/members/import/"


class Body(io.RawIOBase):
    """The request body as the server hands it over, counting what is read of it."""

    def __init__(self, data: bytes = b"", *, explode: bool = False) -> None:
        self.data, self.explode, self.read_bytes = io.BytesIO(data), explode, 0

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        if self.explode:
            raise AssertionError("the body was read")
        chunk = self.data.read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:  # type: ignore[override]
        return self.read(size)


def _post(client: Any, body: Body, length: int | None) -> Any:
    extra: dict[str, Any] = {"wsgi.input": body, "CONTENT_TYPE": MULTIPART_CONTENT}
    extra["CONTENT_LENGTH"] = "" if length is None else str(length)
    return client.generic("POST", URL, b"", **extra)


def _nothing_started() -> bool:
    return not Job.objects.exists() and not JobFile.objects.exists() and not Member.objects.exists()


def test_a_declared_length_over_the_cap_is_refused_unread(
        settings: Any, client_as: Callable[..., Any]) -> None:
    """200 MB announced: the 413 page at once, nothing of the body read (so nothing written
    to a temporary file), whoever asks (the office here; an anonymous post too)."""
    settings.DAIHOI_IMPORT_MAX_BYTES = 64 << 20
    from django.test import Client

    for client in (client_as(Role.OFFICE), Client()):
        body = Body(explode=True)
        response = _post(client, body, 200 << 20)
        assert response.status_code == 413
        html = response.content.decode()
        assert 'id="too-large"' in html and "200 MB" in html and "64 MB" in html
    assert _nothing_started()


def test_just_over_the_limit_is_refused_and_just_under_is_read(
        settings: Any, client_as: Callable[..., Any]) -> None:
    settings.DAIHOI_IMPORT_MAX_BYTES = 1000
    client = client_as(Role.OFFICE)
    limit = upload_limit.request_limit()
    assert _post(client, Body(explode=True), limit + 1).status_code == 413
    data = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.csv", b"x" * 100)})
    assert len(data) <= limit
    body = Body(data)
    response = _post(client, body, len(data))
    assert response.status_code in (200, 302) and body.read_bytes == len(data)


def test_a_file_over_the_cap_inside_a_smaller_length_is_cut_off(
        settings: Any, client_as: Callable[..., Any]) -> None:
    """The declared length passes (under cap + framing), the file alone is over the cap: the
    counting upload handler stops reading at the cap; 413, no job."""
    settings.DAIHOI_IMPORT_MAX_BYTES = 100_000
    data = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("big.xlsx", b"P" * 160_000)})
    assert len(data) <= upload_limit.request_limit()
    body = Body(data)
    response = _post(client_as(Role.OFFICE), body, len(data))
    assert response.status_code == 413 and 'id="too-large"' in response.content.decode()
    assert body.read_bytes < len(data)  # the rest was never read
    assert _nothing_started()


def test_a_body_without_a_length_is_never_read(client_as: Callable[..., Any]) -> None:
    """Chunked, no Content-Length: Django (WSGI) reads none of it; nothing is imported."""
    body = Body(explode=True)
    response = _post(client_as(Role.OFFICE), body, None)
    assert response.status_code == 200  # the form: no file
    assert _nothing_started()


def test_the_counting_handler_stops_at_the_cap(settings: Any) -> None:
    """The handler itself, as for a stream of unknown length: every chunk passed on until
    the cap, then StopUpload without reading on (connection_reset)."""
    from django.core.files.uploadhandler import StopUpload
    from django.test import RequestFactory

    settings.DAIHOI_IMPORT_MAX_BYTES = 10
    request = RequestFactory().post("/")
    handler = upload_limit.CappedUploadHandler(request)
    assert handler.receive_data_chunk(b"x" * 10, 0) == b"x" * 10
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(b"y", 10)
    assert stopped.value.connection_reset
    assert getattr(request, upload_limit.TOO_LARGE_FLAG) == 11
