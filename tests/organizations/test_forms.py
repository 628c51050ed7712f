"""The register's query string and upload forms: the field names the pages use, and their
leniency (a hand-edited link never gets an error, nor a 500)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from daihoi.core.imports import BAD_FILE_TYPE
from daihoi.organizations.forms import NO_FILE, RegisterQuery, UploadForm


def test_an_empty_query_reads_as_the_defaults() -> None:
    assert RegisterQuery.read(QueryDict()) == {
        "q": "", "org": None, "parent": None, "status": "", "page": "", "dissolved": False,
        "format": "", "next": "",
    }


def test_the_query_is_read_by_the_pages_names() -> None:
    query = RegisterQuery.read(QueryDict(
        "q=+nguyen+van+&org=12&parent=7&status=all&page=3&dissolved=1&format=csv&next=/members/due/"))
    assert query == {"q": "nguyen van", "org": 12, "parent": 7, "status": "all", "page": "3",
                     "dissolved": True, "format": "csv", "next": "/members/due/"}


def test_an_unreadable_organization_is_none() -> None:
    """'²' is a digit to str.isdigit but not to int(); 19 digits overflow the database."""
    for value in ("abc", "-1", "0", "²", "1" * 19, "1.5", ""):
        assert RegisterQuery.read(QueryDict(f"org={value}"))["org"] is None, value
    assert RegisterQuery.read(QueryDict("org=+42+"))["org"] == 42


def test_only_one_switches_dissolved_on() -> None:
    """A checkbox would read '0' as on."""
    for value, on in (("1", True), ("0", False), ("", False), ("true", False)):
        assert RegisterQuery.read(QueryDict(f"dissolved={value}"))["dissolved"] is on, value


def test_a_refused_field_reads_as_empty() -> None:
    query = RegisterQuery.read(QueryDict("q=a%00b&status=all"))
    assert query["q"] == "" and query["status"] == "all"


def test_next_only_on_this_site() -> None:
    host = "daihoi.example"
    assert RegisterQuery.safe_next("/members/due/?page=2", host=host) == "/members/due/?page=2"
    for value in ("https://evil.example/", "//evil.example/x", "", "javascript:alert(1)"):
        assert RegisterQuery.safe_next(value, host=host) == "", value
    assert RegisterQuery.safe_next("https://daihoi.example/members/", host=host) != ""


def test_upload_needs_a_file_of_a_readable_type() -> None:
    form = UploadForm(QueryDict(), {})
    assert not form.is_valid() and form.error() == str(NO_FILE)
    form = UploadForm(QueryDict(), {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert not form.is_valid() and form.error() == str(BAD_FILE_TYPE)
    for name in ("dang-vien.xlsx", "DANG-VIEN.CSV", "a.xlsm"):
        form = UploadForm(QueryDict(), {"file": SimpleUploadedFile(name, b"x")})
        assert form.is_valid(), name
    # An empty file is the import's to refuse, by row and column, not the form's.
    assert UploadForm(QueryDict(), {"file": SimpleUploadedFile("a.csv", b"")}).is_valid()
