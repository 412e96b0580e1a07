import doctest

from coopgraph import iris
from coopgraph.iris import Minter, slugify


def test_docstring_examples():
    assert doctest.testmod(iris).failed == 0


def test_slugs_are_ascii_and_deterministic():
    assert slugify("Могилёвская область") == slugify("Могилевская область") == "mogilevskaia-oblast"
    assert slugify("«»—") == "x"


def test_minter_paths():
    m = Minter("https://data.example.org")
    assert m.event("r", 7) == "https://data.example.org/id/event/r/7"
    assert m.event_part("r", 7, "count", 1) == "https://data.example.org/id/event/r/7/count/1"
    assert m.report_graph("r") == "https://data.example.org/graph/r"
