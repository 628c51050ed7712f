"""The layers of the congress, read from its syntax tree with the walkers of
tests/layers.py (every import, also those inside a function, which is where a circle
hides): the modules of the congress and its proceedings never import each other in a
circle. That no selectors module imports a services module is checked for every app in
tests/test_layers.py."""

from __future__ import annotations

from tests.layers import SRC, cycles, graph, imports_in, imports_of, selectors_on_services

CONGRESS = SRC / "congress"


def test_the_walker_sees_imports_inside_functions() -> None:
    """The circle of issue 13 was a selector importing a service inside a function."""
    source = ("from daihoi.congress.models import Congress\n\n"
              "def screen():\n    from daihoi.congress.proceedings.services import device_counts\n"
              "    from . import pdfs\n")
    found = imports_in(source, "daihoi.congress.proceedings")
    assert found == {"daihoi.congress.models", "daihoi.congress.proceedings.services",
                     "daihoi.congress.proceedings", "daihoi.congress.proceedings.pdfs"}


def test_the_circle_finder() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_congress_selectors_module_imports_a_services_module() -> None:
    assert selectors_on_services(CONGRESS) == set()


def test_proceedings_modules_import_in_no_circle() -> None:
    assert cycles(graph(CONGRESS / "proceedings")) == []


def test_congress_modules_import_in_no_circle() -> None:
    """Also between the congress and its proceedings: the proceedings build on the
    congress's selectors, so the congress reads them only from `reports`, which nothing
    in the proceedings imports."""
    assert cycles(graph(CONGRESS)) == []


def test_the_book_is_built_from_reads_only() -> None:
    """The contributions book is a PDF of selectors (the service that publishes it and the
    view that sends it both use it); it changes nothing."""
    used = imports_of(CONGRESS / "proceedings" / "pdfs.py")
    assert "daihoi.congress.proceedings.selectors" in used
    assert not {name for name in used if name.endswith(".services")}
