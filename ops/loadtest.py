"""Bounded load test: gunicorn with the production settings, 60 s of requests from 127.0.0.1.

    make loadtest                                   # 60 s, 8 concurrent clients
    make loadtest LOADTEST_ARGS="--duration 20 --concurrency 4"
    .venv/bin/python -m ops.loadtest --url /some/new/page/

The site is built fresh for the run (migrate, demo content, collectstatic) in a
throwaway database: a new PostgreSQL database on the server DATABASE_URL points
at (dropped afterwards), or a temporary SQLite file when DATABASE_URL is unset.
Renditions are not warmed up: the first page views create them under load, and
every rendition URL the pages show is then requested too.

Any answer that is not 2xx/3xx, and any connection failure, counts as an error.
Exits non-zero when there was an error.
"""

import argparse
import contextlib
import http.client
import re
import statistics
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

from tests.harness import postgres_server, production_server

# What visitors ask for: the history pages, the home page, search and the photo credits.
PAGES = [
    "/our-history/",
    "/our-history/oslo-cancer-cluster-is-founded/",
    "/our-history/from-regional-to-international/",
    "/our-history/innovation-park-opens/",
    "/our-history/second-building-phase/",
    "/our-history/oslo-science-hub/",
    "/our-history/ecei-gold-label/",
    "/our-history/norwegian-centre-of-expertise/",
    "/our-history/mature-cluster-status/",
    "/",
    "/search/?q=cluster",
    "/photo-credits/",
]
RENDITION = re.compile(r"/media/images/[^\s\"',]+")
MAX_REQUESTS = 500_000  # a hard bound besides the duration


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.statuses = Counter()
        self.errors = Counter()
        self.renditions = set()
        self.total = 0

    def record(self, kind, status, seconds, error=None):
        with self.lock:
            self.total += 1
            self.latencies[kind].append(seconds)
            self.statuses[status] += 1
            if error:
                self.errors[error] += 1


def fetch(connection, path):
    connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "identity"})
    response = connection.getresponse()
    return response.status, response.read()


def client_loop(base, pages, stats, stop_at):
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    index = 0
    while time.monotonic() < stop_at and stats.total < MAX_REQUESTS:
        with stats.lock:
            renditions = sorted(stats.renditions)
        pool = pages + renditions
        path = pool[index % len(pool)]
        index += 1
        kind = "rendition" if path.startswith("/media/images/") else path
        started = time.perf_counter()
        try:
            status, body = fetch(connection, path)
        except (OSError, http.client.HTTPException) as error:
            stats.record(kind, "connection error", time.perf_counter() - started, f"{path}: {type(error).__name__}")
            connection.close()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            continue
        elapsed = time.perf_counter() - started
        ok = 200 <= status < 400
        stats.record(kind, status, elapsed, None if ok else f"{path}: HTTP {status}")
        if ok and kind != "rendition":
            found = set(RENDITION.findall(body.decode("utf-8", "replace")))
            if found - stats.renditions:
                with stats.lock:
                    stats.renditions |= found
    connection.close()


@contextlib.contextmanager
def throwaway_database(database_url):
    """A fresh database's URL: PostgreSQL next to DATABASE_URL (dropped afterwards), else SQLite in a temp folder."""
    if database_url and database_url.startswith(("postgres://", "postgresql://")):
        with postgres_server.throwaway_database(database_url, "occ_loadtest") as url:
            yield url
        return
    folder = tempfile.mkdtemp(prefix="occ-loadtest-db-")
    yield f"sqlite:///{Path(folder) / 'db.sqlite3'}"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def report(stats, duration):
    all_latencies = [value for values in stats.latencies.values() for value in values]
    print(f"\nLoad test: {stats.total} requests in {duration:.0f} s = {stats.total / duration:.1f} requests/s")
    if all_latencies:
        print(
            f"latency ms: median {statistics.median(all_latencies) * 1000:.0f}, "
            f"p95 {percentile(all_latencies, 0.95) * 1000:.0f}, max {max(all_latencies) * 1000:.0f}"
        )
    print(f"{'path':<52} {'requests':>9} {'median ms':>10} {'p95 ms':>8}")
    for kind, values in sorted(stats.latencies.items()):
        print(
            f"{kind:<52} {len(values):>9} {statistics.median(values) * 1000:>10.0f} "
            f"{percentile(values, 0.95) * 1000:>8.0f}"
        )
    print(f"distinct renditions requested: {len(stats.renditions)}")
    print("status codes: " + ", ".join(f"{status}: {count}" for status, count in sorted(stats.statuses.items(), key=str)))
    errors = sum(stats.errors.values())
    print(f"errors: {errors}")
    for error, count in stats.errors.most_common(10):
        print(f"  {count} × {error}")
    return errors


def main(argv=None):
    import os

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2)")
    parser.add_argument("--url", action="append", default=[], help="another path to include (repeatable)")
    args = parser.parse_args(argv)

    with throwaway_database(os.environ.get("DATABASE_URL", "")) as database_url:
        media = tempfile.mkdtemp(prefix="occ-loadtest-media-")
        env = production_server.production_env(
            database_url=database_url, media_root=media, DJANGO_SECURE_SSL_REDIRECT="False", DJANGO_SERVE_MEDIA="True"
        )
        print(f"Preparing the site ({database_url.split('://')[0]}, media in {media}) ...", flush=True)
        production_server.prepare_site(env)
        with production_server.gunicorn(env, workers=args.workers, threads=args.threads) as base:
            present = PAGES + args.url
            print(f"gunicorn on {base}: {args.workers} workers × {args.threads} threads; "
                  f"{len(present)} pages, {args.concurrency} clients, {args.duration:.0f} s", flush=True)
            stats = Stats()
            started = time.monotonic()
            stop_at = started + args.duration
            clients = [
                threading.Thread(target=client_loop, args=(base, present[n:] + present[:n], stats, stop_at))
                for n in range(args.concurrency)
            ]
            for thread in clients:
                thread.start()
            for thread in clients:
                thread.join()
            errors = report(stats, time.monotonic() - started)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
