"""The CLI in Russian under a Russian locale, in English under any other; every string of the
CLI (its own, its settings' help, and click's) translated in the committed catalogue."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po

from coopgraph.cli.i18n import DOMAIN, LOCALES

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PO = LOCALES / "ru" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
CLICK = Path(click.__file__).parent
# What `pybabel extract` reads (the README's "Translations of the CLI" gives the same command).
SOURCES = [
    *sorted(str(p) for p in (REPO / "coopgraph" / "cli").glob("*.py")),
    str(REPO / "coopgraph" / "settings.py"),
    *(
        str(CLICK / f"{name}.py")
        for name in ("core", "decorators", "exceptions", "formatting", "parser", "types")
    ),
]
BRACES = re.compile(r"\{[^{}]*\}")
PERCENT = re.compile(r"%\(\w+\)[sdr]|%[sdr]")


def _extract(target: Path) -> list:
    subprocess.run(
        [
            str(BIN / "pybabel"),
            "-q",
            "extract",
            "-k",
            "Setting:3",
            "--no-location",
            "-o",
            str(target),
            *SOURCES,
        ],
        check=True,
    )
    with open(target, "rb") as handle:
        return [m for m in read_po(handle) if m.id]


def _catalogue() -> dict:
    with open(PO, "rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


def _strings(message: object) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def _ids(message: object) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def test_every_extracted_string_has_a_russian_translation(tmp_path: Path) -> None:
    extracted = _extract(tmp_path / "coopgraph.pot")
    assert len(extracted) > 100  # the CLI's own strings, the settings' help and click's
    catalogue = _catalogue()
    missing = [m.id for m in extracted if m.id not in catalogue or not all(_strings(catalogue[m.id]))]
    fuzzy = [m.id for m in extracted if m.id in catalogue and catalogue[m.id].fuzzy]
    assert not missing, f"untranslated (run pybabel update, then translate): {missing}"
    assert not fuzzy, f"fuzzy translations to review: {fuzzy}"


def _placeholders(text: str) -> set[str]:
    return set(BRACES.findall(text) + PERCENT.findall(text))


def test_translations_keep_every_placeholder() -> None:
    for message in _catalogue().values():
        if isinstance(message.id, tuple):  # a plural form may leave out the count it spells
            allowed = _placeholders(message.id[0]) | _placeholders(message.id[1])
            assert all(_placeholders(text) <= allowed for text in message.string), message.id
        else:
            assert _placeholders(message.string) == _placeholders(message.id), message.id


def test_the_compiled_catalogue_is_the_edited_one() -> None:
    with open(MO, "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in _catalogue().values():
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 5) == message.string[2]
        else:
            assert compiled.gettext(message.id) == message.string, "run pybabel compile -D coopgraph"


def _run(lang: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}}
    env.update(LANG=lang, COOPGRAPH_STORE=str(tmp_path / "store"), COLUMNS="100")
    return subprocess.run(
        [str(BIN / "coopgraph"), *args], env=env, capture_output=True, text=True, timeout=120
    )


def _ru(message: str) -> str:
    return _catalogue()[message].string


def test_help_is_russian_under_a_russian_locale(tmp_path: Path) -> None:
    top = _run("ru_RU.UTF-8", "--help", tmp_path=tmp_path)
    assert top.returncode == 0
    assert _ru("Usage:") in top.stdout and "Usage:" not in top.stdout
    assert _ru("Show this message and exit.") in top.stdout
    assert "Ingest report files" not in top.stdout
    command = _run("ru_RU.UTF-8", "ingest", "--help", tmp_path=tmp_path)
    assert _ru("No progress bar, only the summary.") in " ".join(command.stdout.split())
    serve = _run("ru_RU.UTF-8", "serve", "--help", tmp_path=tmp_path)
    assert "Port the server listens on." not in serve.stdout
    assert _ru("Port the server listens on.").split()[0] in serve.stdout
    assert len(re.findall(r"[А-Яа-яЁё]", serve.stdout)) > len(re.findall(r"[A-Za-z]", serve.stdout)) / 3


def test_errors_are_russian_under_a_russian_locale(tmp_path: Path) -> None:
    own = _run("ru_RU.UTF-8", "query", tmp_path=tmp_path)
    assert own.returncode == 2
    assert _ru("give either a SPARQL query or --canned NAME") in own.stderr
    assert _ru("Error: {message}").split("{")[0] in own.stderr and "give either" not in own.stderr
    clicks = _run("ru_RU.UTF-8", "no-such-command", tmp_path=tmp_path)
    assert clicks.returncode == 2 and re.search(r"[А-Яа-я]{4}", clicks.stderr), clicks.stderr


@pytest.mark.parametrize("lang", ["C.UTF-8", "en_GB.UTF-8", "de_DE.UTF-8"])
def test_other_locales_keep_english(lang: str, tmp_path: Path) -> None:
    top = _run(lang, "--help", tmp_path=tmp_path)
    assert "Usage:" in top.stdout and not re.search(r"[А-Яа-я]", top.stdout)
    own = _run(lang, "query", tmp_path=tmp_path)
    assert "give either a SPARQL query or --canned NAME" in own.stderr


def test_the_readme_reference_is_english_under_a_russian_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from coopgraph.readme_sections import cli_reference

    monkeypatch.setenv("LANGUAGE", "ru")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    text = cli_reference()
    assert "Usage:" in text and "Show this message and exit." in text
    assert _ru("Usage:") not in text
    assert os.environ["LANGUAGE"] == "ru"  # put back afterwards


def _commands(command: click.Command, path: str = "coopgraph"):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


def test_every_help_text_of_the_command_tree_is_in_the_catalogue() -> None:
    """Catches help written without N_ (which extraction cannot see)."""
    from coopgraph.cli import main
    from coopgraph.cli.i18n import _SETTING_HELP

    catalogue = _catalogue()
    missing = []
    for path, command in _commands(main):
        texts = [command.help] + [getattr(p, "help", None) for p in command.params]
        for text in filter(None, texts):
            found = _SETTING_HELP.fullmatch(text)
            if (found["text"] if found else text) not in catalogue:
                missing.append(f"{path}: {text[:60]}")
    assert not missing, missing
