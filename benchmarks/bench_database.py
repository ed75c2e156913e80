"""The throwaway PostgreSQL database of a benchmark run, on the server ``BENCH_POSTGRES_URL`` names."""

import os

from tests.harness.postgres_server import throwaway_database


def bench_database(prefix):
    """A context manager: a new database's URL on that server, dropped afterwards."""
    return throwaway_database(os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"), prefix)
