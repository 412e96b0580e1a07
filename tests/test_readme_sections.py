import re
from pathlib import Path

from coopgraph.readme_sections import README, render


def test_generated_readme_sections_are_current():
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "run `python -m coopgraph.readme_sections` to refresh README.md"


def test_readme_names_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text


def test_every_picture_the_readme_shows_is_in_the_repository():
    text = README.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert pictures, "the README shows no picture"
    missing = [p for p in pictures if not (README.parent / p).is_file()]
    assert not missing, f"the README shows pictures that are not in the repository: {missing}"


def test_the_readme_screenshots_are_the_browser_suites_own():
    """docs/screenshots/ holds only copies of what `make screenshots` takes from the suite's
    artifacts: each file is one of the Makefile's SCREENSHOTS, named as the site crawl names
    its pages (`<page>-<lang>.png`)."""
    from tests.server.test_site_browser import PAGES

    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^SCREENSHOTS := (.*?)(?<!\\)$", makefile, re.M | re.S)
    assert listed, "the Makefile has no SCREENSHOTS list"
    chosen = {Path(p).name for p in listed.group(1).replace("\\\n", " ").split()}
    crawled = {f"{name}-{lang}.png" for name, _, _ in PAGES for lang in ("ru", "en")}
    assert chosen <= crawled
    committed = {p.name for p in (README.parent / "docs" / "screenshots").glob("*.png")}
    assert committed == chosen
