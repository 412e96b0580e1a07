"""Worker processes end with the process that started them, even when it is killed (kill -9).

A pool's workers are children of the multiprocessing fork server, not of the process that
submits the work, and a ProcessPoolExecutor worker waits on its task queue forever once that
process is gone: `make test` found such workers (~180 MB each) left behind by the kill -9 tests.
"""

from __future__ import annotations

import os
import select
import threading
import time
from pathlib import Path


def end_with(pid: int) -> None:
    """Pool initializer: exit this process as soon as process `pid` has ended."""
    threading.Thread(target=_watch, args=(pid,), name=f"end-with-{pid}", daemon=True).start()


def _watch(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)  # readable once the process has exited (Linux 5.3+)
    except (AttributeError, OSError):
        while _alive(pid):
            time.sleep(0.5)
    else:
        select.select([handle], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie (a killed parent may await reaping)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: a signal-0 probe
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")
