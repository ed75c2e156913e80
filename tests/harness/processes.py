"""What every server harness does: find a free port, stop its process, and skip (or, under CI, fail)
when the server's program is not installed."""

import contextlib
import os
import signal
import socket
import subprocess

import pytest


def free_ports(count):
    """``count`` distinct TCP ports on 127.0.0.1 that nothing listens on right now."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port():
    return free_ports(1)[0]


def stop(process, *, timeout=15, stop_signal=signal.SIGTERM, group=False):
    """Ask ``process`` to stop (SIGTERM by default), and kill it if it has not within ``timeout`` seconds.

    ``group``: signal its whole process group (a process started with ``start_new_session=True``).
    Safe to call on a process that has already exited.
    """
    if process.poll() is not None:
        return

    def send(sent):
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(process.pid, sent)
            else:
                process.send_signal(sent)

    send(stop_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait()


def missing_program(reason):
    """Skip the test for a server program that is not installed; under CI (``CI`` set) fail it instead."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so this is a failure, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)
