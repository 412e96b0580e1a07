"""The leftover check itself: it finds a process of the session wherever it was re-parented,
ignores processes of other sessions, and kills what it reports."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from leftovers import MARKER, leftovers, marked_processes

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
# Starts the sleeper without our pipes (they would keep `run` waiting for it) and exits.
SPAWN = f"import subprocess as s; print(s.Popen({SLEEPER!r}, stdout=s.DEVNULL, stderr=s.DEVNULL).pid)"


def test_an_orphan_of_the_session_is_found_and_killed():
    marker = os.environ[MARKER]
    # The sleeper's parent exits at once: the sleeper is re-parented, as after a kill -9 test.
    spawner = subprocess.run(
        [sys.executable, "-c", SPAWN],
        capture_output=True,
        text=True,
        check=True,
    )
    orphan = int(spawner.stdout)
    assert orphan in marked_processes(marker)
    assert orphan in leftovers(marker, grace=0.3)
    deadline = time.monotonic() + 10
    while orphan in marked_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert orphan not in marked_processes(marker)


def test_a_process_of_another_session_is_not_ours():
    other = subprocess.Popen(SLEEPER, env={**os.environ, MARKER: "another-session"})
    try:
        assert other.pid not in marked_processes(os.environ[MARKER])
        assert other.pid in marked_processes("another-session")
    finally:
        other.kill()
        other.wait()


def test_multiprocessing_helpers_of_this_process_are_not_leftovers():
    """They end with this process (they stop at the end of its pipe); a pool's worker is ours."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    with context.Pool(1) as pool:
        assert pool.apply(os.getpid) != os.getpid()
    helpers = [
        pid
        for pid, command in marked_processes(os.environ[MARKER]).items()
        if "multiprocessing.forkserver" in command
    ]
    assert helpers, "the fork server should be running"
    assert not set(helpers) & set(leftovers(os.environ[MARKER], grace=0))
