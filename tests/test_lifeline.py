"""Pool workers end with the process that started them, even after kill -9 (no process of ours
outlives `make test`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from coopgraph.lifeline import end_with

def worker_pids(_):
    time.sleep(0.3)  # keep each worker busy so that both take one
    return os.getpid(), os.getppid()

if __name__ == "__main__":
    context = multiprocessing.get_context("forkserver")
    initializer = end_with if sys.argv[1] == "watched" else None
    pool = ProcessPoolExecutor(2, mp_context=context, initializer=initializer, initargs=(os.getpid(),))
    for pid, server in set(pool.map(worker_pids, range(2))):
        print(pid, server, flush=True)
    pool.submit(time.sleep, 300)
    time.sleep(300)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def kill_parent_and_list_survivors(folder: Path, mode: str, wait: float) -> list[int]:
    script = folder / "parent.py"  # a file: the workers import their function from it
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script), mode], stdout=subprocess.PIPE, text=True)
    pids: set[int] = set()
    try:
        for _ in range(2):
            pids.update(int(p) for p in parent.stdout.readline().split())  # worker and fork server
        assert len(pids) >= 2
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        parent.stdout.close()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    survivors = [p for p in pids if alive(p)]
    for pid in survivors:  # this test leaves nothing behind either
        os.kill(pid, signal.SIGKILL)
    return survivors


def test_workers_and_their_fork_server_end_when_the_parent_is_killed(tmp_path):
    assert kill_parent_and_list_survivors(tmp_path, "watched", wait=10) == []


@pytest.mark.slow
def test_without_the_lifeline_the_workers_outlive_a_killed_parent(tmp_path):
    """The control: what the lifeline is for (if this fails, Python fixed it and it can go)."""
    assert kill_parent_and_list_survivors(tmp_path, "unwatched", wait=2) != []
