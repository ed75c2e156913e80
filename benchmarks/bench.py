"""`make bench`: queries, render time, throughput and memory of the public pages at 10, 100 and 1,000 milestones.

1. Creates a throwaway PostgreSQL database (BENCH_POSTGRES_URL, default the local
   server as user postgres) and throwaway media and static folders.
2. Loads the demo content, then tops the milestones up to N with bulk-created
   milestones that each have their own photo (benchmarks/seed.py), renditions built.
3. In-process (Django test client, page cache off): SQL queries and the median of
   20 renders per page, between two publishes; and the same on the first request
   after a publish (a purge: routes, menu, timeline index and entries are read again).
4. gunicorn, 2 sync workers, production settings (benchmarks/settings.py only moves
   media and static to the throwaway folders), on a free 127.0.0.1 port: wrk for
   BENCH_SECONDS (default 6) per cell, once with the page cache off and once on,
   plus the same /our-history/ HTML as a static file through the same gunicorn +
   WhiteNoise; then the workers' resident memory.
5. Prints the table and writes it to benchmarks/results/latest.md. Drops the database.

wrk is the Debian package: `apt-get install wrk` (the script tries when run as root).
"""

import gc
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,1000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
RENDERS = 20
COLD_RENDERS = 5  # each after a purge
PAGES = {
    "home": "/",
    "history": "/our-history/",
    "milestone": "/our-history/oslo-cancer-cluster-is-founded/",
    "award": "/our-history/ecei-gold-label/",
}
WRK = ["wrk", "-t2", "-c16", f"-d{SECONDS}s"]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk (Debian package)...")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: sudo apt-get install wrk")


def database_url(name):
    admin = urlparse(os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return admin, urlunparse(admin._replace(path=f"/{name}"))


def admin_sql(admin, statement):
    import psycopg2

    connection = psycopg2.connect(admin.geturl())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_in_process(url):
    """In-process numbers for ``url``, page cache off: a dict of SQL queries and median wall/CPU ms,
    between two publishes and on the first request after one (``purge``, as every publish does)."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from occ_site.pagecache import purge

    client = Client(HTTP_HOST="127.0.0.1")

    def render():
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answers {response.status_code}")
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    def queries():
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            render()
        return len(captured)

    render()  # warms the site-root paths and the templates
    gc.collect()  # not the seeding's garbage: a worker process starts without it
    purge()
    cold_queries = queries()
    warm_queries = queries()
    warm = [render() for _ in range(RENDERS)]
    cold = []
    for _ in range(COLD_RENDERS):
        purge()
        cold.append(render())
    return {
        "queries": warm_queries,
        "cold_queries": cold_queries,
        "wall": statistics.median(wall for wall, _ in warm),
        "cpu": statistics.median(cpu for _, cpu in warm),
        "cold_wall": statistics.median(wall for wall, _ in cold),
    }


class Gunicorn:
    def __init__(self, env, page_cache):
        self.port = free_port()
        self.env = {**env, "DJANGO_PAGE_CACHE_SECONDS": "600" if page_cache else "0"}

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "occ_site.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT, env=self.env,
        )
        for _ in range(150):
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:  # noqa: S310 (loopback)
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path):
        with urllib.request.urlopen(self.url(path), timeout=30) as response:  # noqa: S310 (loopback)
            return response.headers.get("X-Page-Cache"), response.read()

    def requests_per_second(self, path):
        result = subprocess.run([*WRK, self.url(path)], capture_output=True, text=True, check=True)
        match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
        if errors:
            raise RuntimeError(f"{path}: {errors.group(1)} error responses under load")
        return float(match.group(1))

    def worker_rss_mb(self):
        result = subprocess.run(["ps", "-o", "rss=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return max(int(value) for value in result.stdout.split()) / 1024


def run(env):
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from benchmarks.seed import seed_milestones
    from history.demo.loader import load_demo_content

    started = time.perf_counter()
    load_demo_content()
    print(f"demo content with renditions: {time.perf_counter() - started:.0f} s")
    settings.OCC_PAGE_CACHE_SECONDS = 0  # in-process numbers are uncached renders
    rows = []
    for size in SIZES:
        started = time.perf_counter()
        seed_milestones(size)
        print(f"N={size}: seeded in {time.perf_counter() - started:.0f} s")
        measured = {name: measure_in_process(url) for name, url in PAGES.items()}
        # The same /our-history/ HTML as a static file, served by the same gunicorn + WhiteNoise.
        static_dir = Path(settings.STATIC_ROOT) / "bench"
        static_dir.mkdir(exist_ok=True)
        from django.test import Client

        (static_dir / f"our-history-{size}.html").write_bytes(Client(HTTP_HOST="127.0.0.1").get(PAGES["history"]).content)
        connections.close_all()

        uncached, cached = {}, {}
        with Gunicorn(env, page_cache=False) as server:
            for name, url in PAGES.items():
                uncached[name] = server.requests_per_second(url)
        with Gunicorn(env, page_cache=True) as server:
            for name, url in PAGES.items():
                server.get(url)  # the first miss; wrk's first requests warm the other worker
                cached[name] = server.requests_per_second(url)
            static_rps = server.requests_per_second(f"/static/bench/our-history-{size}.html")
            rss = server.worker_rss_mb()
        for name in PAGES:
            rows.append({"name": name, "size": size, **measured[name], "uncached": uncached[name],
                         "cached": cached[name], "static": static_rps, "rss": rss})
        print(f"N={size}: measured")
    return rows


def table(rows):
    lines = [
        "| page | N | SQL queries | SQL queries after a publish | render ms (median of 20) | render CPU ms "
        f"| render ms after a publish (median of {COLD_RENDERS}) | req/s uncached | req/s cached "
        "| static-file req/s | cached/static ratio | worker RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {PAGES[row['name']]} | {row['size']} | {row['queries']} | {row['cold_queries']} | {row['wall']:.1f} "
            f"| {row['cpu']:.1f} | {row['cold_wall']:.1f} | {row['uncached']:.0f} | {row['cached']:.0f} "
            f"| {row['static']:.0f} | {row['cached'] / row['static']:.0%} | {row['rss']:.0f} |"
        )
    return "\n".join(lines)


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), {memory} GB RAM, load average {load:.1f} at the end of the run"


def main():
    ensure_wrk()
    name = f"occ_bench_{os.getpid()}"
    admin, url = database_url(name)
    workdir = Path(tempfile.mkdtemp(prefix="occ-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": url,
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "OCC_BENCH_MEDIA_ROOT": str(workdir / "media"),
        "OCC_BENCH_STATIC_ROOT": str(workdir / "static"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # the default: local memory per worker
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    admin_sql(admin, f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    try:
        rows = run(env)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(workdir, ignore_errors=True)
    report = (
        f"{table(rows)}\n\nMachine: {machine()}. wrk -t2 -c16 -d{SECONDS}s per cell; "
        f"gunicorn 2 sync workers; whole run {time.perf_counter() - started:.0f} s.\n"
    )
    print(report)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(report)


if __name__ == "__main__":
    main()
