from coopgraph.readme_sections import README, render


def test_generated_readme_sections_are_current():
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "run `python -m coopgraph.readme_sections` to refresh README.md"


def test_readme_names_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
