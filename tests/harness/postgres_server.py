"""A private PostgreSQL server for a test that stops and starts it: never the machine's shared one.

``private_postgres()`` runs Debian's ``initdb`` and ``pg_ctl`` (from ``/usr/lib/postgresql/<major>/bin``)
on a new data folder in a temporary directory, listening on a free 127.0.0.1 port, and removes it
afterwards, whatever happens. As root it runs them as the ``postgres`` user (``initdb`` refuses root).
The yielded ``PrivatePostgres`` can ``stop()`` (``pg_ctl stop -m fast``, what an operator's restart or
a crash of the server looks like to the app: every connection dropped, new ones refused) and
``start()`` again on the same port.

Without the server binaries the test skips, saying what is missing; with ``CI`` set it fails instead.

``throwaway_database()`` is the lighter need of the benchmarks and the load test: a new database on
a server that is already running, dropped afterwards.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.harness.processes import free_port, missing_program


def server_binaries():
    """The newest installed PostgreSQL server's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parent.parent.name))
    return Path(found[-1]).parent if found else None


def require_server_binaries():
    binaries = server_binaries()
    if binaries is not None:
        return binaries
    missing_program("the outage tests need PostgreSQL's server programs (apt-get install postgresql: initdb, pg_ctl)")


def as_server_user(command):
    """The command as the postgres user when running as root (initdb and postgres refuse root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class PrivatePostgres:
    binaries: Path
    data: Path
    port: int

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/occ"

    def pg_ctl(self, *args):
        subprocess.run(  # noqa: S603 - fixed arguments, Debian's own pg_ctl
            as_server_user([str(self.binaries / "pg_ctl"), "-D", str(self.data), "-w", *args]),
            check=True,
            capture_output=True,
            text=True,
        )

    def start(self):
        # The socket goes into the data folder: /var/run/postgresql belongs to the shared server.
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-o", options, "-l", str(self.data / "server.log"), "start")

    def stop(self, mode="fast"):
        self.pg_ctl("-m", mode, "stop")

    def create_database(self):
        self.psql("CREATE DATABASE occ")

    def psql(self, sql):
        subprocess.run(  # noqa: S603 - fixed arguments, the server's own psql
            [str(self.binaries / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
            check=True,
            capture_output=True,
            text=True,
        )


@contextlib.contextmanager
def private_postgres():
    binaries = require_server_binaries()
    # Not under pytest's tmp_path: its folders are root's alone, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="occ-private-postgres-"))
    data = folder / "data"
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        subprocess.run(  # noqa: S603 - fixed arguments, Debian's own initdb
            as_server_user(
                [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        server = PrivatePostgres(binaries=binaries, data=data, port=free_port())
        server.start()
        try:
            server.create_database()
            yield server
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by the test
                server.stop("immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def throwaway_database(server_url, prefix):
    """A new, empty database ``<prefix>_<random>`` on the PostgreSQL server ``server_url`` points at (a
    URL of any database there): yields its URL, then drops it, ending connections still open to it."""
    import psycopg2

    parts = urllib.parse.urlsplit(server_url)
    admin_url = parts._replace(path="/postgres", query="").geturl()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"

    def run(statement):  # CREATE and DROP DATABASE cannot run inside a transaction
        connection = psycopg2.connect(admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    run(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}", query="").geturl()
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
