"""A process that runs analysts' SPARQL cannot open network sockets (the second SSRF wall).

`query_safety` refuses SERVICE and LOAD by reading the query; this wall does not depend on
reading anything. A seccomp filter (Linux, x86-64 and arm64) makes ``socket()`` fail with EPERM
for every address family but AF_UNIX, so a parser bug, a future engine feature or a query
that slips past the check still cannot reach the network: Oxigraph's HTTP client gets "operation
not permitted". The multiprocessing pipes (AF_UNIX socket pairs and pipes, opened before the
filter) keep working. The filter also refuses io_uring (which can create sockets without
``socket()``), 32-bit compatibility system calls (another way to ``socketcall``) and x32 calls.

A filter cannot be lifted, and a forked child inherits it: apply it only in a process that will
never need the network (a query worker over an embedded store, or the child that `call_walled`
forks for the CLI's query command, so that the caller, which may be a long-lived program using
the library, keeps its network).

The filter is ten BPF instructions written with ctypes: libseccomp's Python bindings are not on
PyPI (Debian's python3-seccomp is outside the virtualenv) and the ctypes binding ``pyseccomp`` has
not been released since 2021, while the program below is small enough to read whole.
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import platform
import socket
import struct
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")

WALL_SETTING_VALUES = ("required", "warn")

# <linux/audit.h> architectures and the system call numbers the filter needs, per machine.
_ARCHES = {
    "x86_64": (0xC000003E, {"socket": 41, "io_uring_setup": 425, "seccomp": 317}),
    "aarch64": (0xC00000B7, {"socket": 198, "io_uring_setup": 425, "seccomp": 277}),
}
_X32_BIT = 0x40000000

# <linux/filter.h>, <linux/seccomp.h>, <linux/prctl.h>
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | errno.EPERM
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC = 1, 1
# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]
_NR, _ARCH, _ARG0 = 0, 4, 16


class NetworkWallUnavailable(OSError):
    """This platform cannot forbid sockets to a process; the message says why."""


def _program(arch: int, calls: dict[str, int]) -> bytes:
    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    # Jump offsets count instructions skipped after the current one; ALLOW is 8, EPERM is 9.
    return b"".join(
        (
            op(_LD_W_ABS, _ARCH),  # 0
            op(_JEQ_K, arch, 0, 7),  # 1: another ABI (32-bit compat) -> EPERM
            op(_LD_W_ABS, _NR),  # 2
            op(_JGE_K, _X32_BIT, 5, 0),  # 3: x32 system calls -> EPERM
            op(_JEQ_K, calls["io_uring_setup"], 4, 0),  # 4 -> EPERM
            op(_JEQ_K, calls["socket"], 0, 2),  # 5: not socket() -> ALLOW
            op(_LD_W_ABS, _ARG0),  # 6: the address family
            op(_JEQ_K, socket.AF_UNIX, 0, 1),  # 7: AF_UNIX -> ALLOW, else EPERM
            op(_RET_K, _RET_ALLOW),  # 8
            op(_RET_K, _RET_EPERM),  # 9
        )
    )


def forbid_network(machine: str | None = None) -> None:
    """Install the filter in this process (all its threads); raises NetworkWallUnavailable."""
    machine = machine or platform.machine()
    if not sys.platform.startswith("linux") or machine not in _ARCHES:
        raise NetworkWallUnavailable(
            f"no seccomp filter for {sys.platform}/{machine} (Linux x86_64 or aarch64)"
        )
    arch, calls = _ARCHES[machine]
    program = _program(arch, calls)
    instructions = ctypes.create_string_buffer(program, len(program))

    class _Fprog(ctypes.Structure):
        _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))

    fprog = _Fprog(len(program) // 8, ctypes.addressof(instructions))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise NetworkWallUnavailable(f"prctl(NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno())}")
    # seccomp(2) with TSYNC puts every thread of the process behind the filter at once.
    done = libc.syscall(
        calls["seccomp"], _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog)
    )
    if done != 0:
        code = ctypes.get_errno()
        raise NetworkWallUnavailable(
            f"the kernel refused the seccomp filter ({errno.errorcode.get(code, code)})"
        )


def raise_wall(store_location: str, mode: str) -> str | None:
    """Forbid sockets in this process unless its store is remote; why queries must not run, or None.

    ``mode`` is the setting network_wall: where the filter is unavailable, ``required`` returns
    the reason (the caller refuses queries), ``warn`` prints a warning and returns None.
    """
    from coopgraph.store.factory import is_remote

    if is_remote(store_location):  # the process needs the network to reach its SPARQL server
        return None
    try:
        forbid_network()
    except NetworkWallUnavailable as exc:
        if mode == "warn":
            print(f"coopgraph: WARNING: queries run without the network wall: {exc}", file=sys.stderr)
            return None
        return (
            f"queries are disabled: this process cannot be cut off from the network here ({exc}); "
            "the operator can accept that with the setting network_wall=warn"
        )
    return None


def network_is_forbidden() -> bool:
    """Whether this process really cannot open an IPv4 socket (a check of the wall, not of the code)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


def refusal_message(exc: BaseException) -> str | None:
    """The analyst's message when a query failed because the wall stopped a connection."""
    # EPERM is what the filter answers; a file's EACCES ("permission denied") is another matter.
    text = str(exc).lower()
    if "operation not permitted" in text or "(os error 1)" in text:
        return (
            "refused: the query tried to open a network connection, and query workers have no network "
            "access (SERVICE and LOAD are disabled on this endpoint)"
        )
    return None


class WallRefused(RuntimeError):
    """The walled call did not run; the message says why (the wall was unavailable and required)."""


def _walled_child(answer: Connection, store_location: str, mode: str, fn: Callable, args: tuple) -> None:
    refused = raise_wall(store_location, mode)
    if refused is not None:
        answer.send(("refused", refused))
        return
    try:
        answer.send(("ok", fn(*args)))
    except BaseException as exc:  # handed back to the caller, who raises it in its own process
        answer.send(("raised", exc))


def call_walled(store_location: str, mode: str, fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` run in a forked child behind the wall; its result, or its exception re-raised.

    `fn`, its arguments and its result must pickle. Raises WallRefused when the wall cannot be
    raised and `mode` requires it. The calling process is left as it was (a filter cannot be
    lifted, so it is never raised here).
    """
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_walled_child, args=(sending, store_location, mode, fn, args))
    child.start()
    sending.close()
    try:
        kind, value = receiving.recv()  # before join: a large answer would fill the pipe
    except EOFError:
        child.join()
        raise WallRefused(
            f"the walled query process ended without an answer (exit code {child.exitcode})"
        ) from None
    finally:
        receiving.close()
    child.join()
    if kind == "refused":
        raise WallRefused(value)
    if kind == "raised":
        raise value
    return value
