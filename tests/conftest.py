from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx_fixtures import build_docx
from leftovers import leftovers, mark_session
from tiny_store import close_all_workers

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SESSION] = mark_session()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A test or fixture that starts a process owns its end: a run that leaves one behind fails
    (and the process is killed, so nothing outlives `make test`)."""
    left = leftovers(session.config.stash[_SESSION])
    if left:
        lines = "\n".join(f"  {pid}: {command[:200]}" for pid, command in sorted(left.items()))
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", "processes left behind by the tests (killed)", red=True)
            reporter.write_line(lines)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_SESSION = pytest.StashKey[str]()


@pytest.fixture(scope="session", autouse=True)
def tiny_clients_end_their_workers() -> Iterator[None]:
    """Test clients over a tiny store start query workers on their first query; they end here."""
    yield
    close_all_workers()


@pytest.fixture(scope="session")
def bundled_report_path() -> Path:
    """The repo copy of the bundled text dump (smolensk-belarus-2020-h1)."""
    return REPO / "reports" / "smolensk-belarus-2020-h1.txt"


@pytest.fixture(scope="session")
def bundled_docx_path(bundled_report_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled report as a Word table (built once per session from the text dump)."""
    return build_docx(bundled_report_path, tmp_path_factory.mktemp("docx") / "smolensk-belarus-2020-h1.docx")


@pytest.fixture(scope="session", autouse=True)
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A throwaway $XDG_DATA_HOME: ingests into a SPARQL server keep their report archive there
    by default (coopgraph.history), never in the home folder of whoever runs the tests."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("data-home")
        patch.setenv("XDG_DATA_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def english_cli() -> Iterator[None]:
    """The CLI speaks the locale's language (coopgraph.cli.i18n); the tests read its English,
    whatever the locale of whoever runs them (tests/test_cli_i18n.py sets its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LANGUAGE", "en")
        yield
