"""The background task worker as production runs it: ``manage.py db_worker`` in a process of its own.

``TaskWorker(env)`` starts it with the given environment (``production_server.production_env``,
or one pointing at the test database) on ``start()`` or on entering it as a context manager, and
``stop()`` sends SIGTERM: db_worker finishes the task at hand, then exits; it is killed if it hangs.
"""

import signal
import subprocess
import sys

from tests.harness.processes import stop
from tests.harness.production_server import ROOT
from tests.harness.tiers import require_marker


class TaskWorker:
    def __init__(self, env, *, options=(), log_path=None, nice=0, stop_timeout=30):
        """``options``: db_worker's own (``--interval``, ...); ``log_path``: where its output goes
        (nowhere without one); ``nice``: run it at a lower priority, as compose does."""
        self.env = env
        self.options = list(options)
        self.log_path = log_path
        self.nice = nice
        self.stop_timeout = stop_timeout
        self.process = None
        self.log_file = None

    def start(self):
        """In a test, the test must be marked ``worker`` (tests/harness/tiers.py)."""
        require_marker("worker")
        command = [sys.executable, "manage.py", "db_worker", *self.options]
        if self.nice:
            command = ["nice", "-n", str(self.nice), *command]
        output = subprocess.DEVNULL
        if self.log_path is not None:
            self.log_file = output = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
        )
        return self

    def stop(self):
        if self.process is not None:
            stop(self.process, timeout=self.stop_timeout, stop_signal=signal.SIGTERM)
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None

    def log(self):
        """What it has written so far ("" without a log file)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
