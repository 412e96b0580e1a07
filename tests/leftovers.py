"""Processes a test run leaves behind: found by a marker in their environment.

Every process a test starts (servers, query workers, oxigraph, nginx, Apache) inherits the test
session's environment, so a marker set there at the start names them all, even after they have
been re-parented to init because whoever started them died (a kill -9 test, a crashed fixture).
The parent/child tree cannot do that, and a subreaper would keep the zombies of those orphans
alive for the tests that wait for a process to disappear.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from pathlib import Path

MARKER = "COOPGRAPH_TEST_SESSION"


def mark_session() -> str:
    """Set a fresh marker in this process's environment; children inherit it."""
    os.environ[MARKER] = uuid.uuid4().hex
    return os.environ[MARKER]


def marked_processes(marker: str) -> dict[int, str]:
    """The live processes (not zombies) other than this one whose environment holds `marker`,
    with their command lines."""
    needle = f"{MARKER}={marker}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            stat = (entry / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue  # gone meanwhile, or not ours to read
        found[int(entry.name)] = command.strip()
    return found


# multiprocessing's own helpers of this process (the fork server that starts the in-process ingest
# workers, the resource tracker) end when this process does: they read a pipe from it and stop
# at its end of file. They are not left behind, so they are not counted.
_OWN_HELPERS = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return 0


def _outliving(marker: str) -> dict[int, str]:
    return {
        pid: command
        for pid, command in marked_processes(marker).items()
        if not (_parent(pid) == os.getpid() and any(h in command for h in _OWN_HELPERS))
    }


def leftovers(marker: str, grace: float = 10.0) -> dict[int, str]:
    """The marked processes that would outlive this one, still alive after `grace` seconds (a
    process told to stop just before the end gets time to exit); each is then killed so that
    none outlives the run."""
    deadline = time.monotonic() + grace
    while (alive := _outliving(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return alive
