"""`make bench`: what a page costs when no cache helps, and what the front cache gives, at 10, 100 and 1,000 milestones.

1. Creates a throwaway PostgreSQL database (BENCH_POSTGRES_URL, default the local
   server as user postgres) and throwaway media and static folders, loads the demo
   content, then tops the milestones up to N with bulk-created milestones, each with
   its own photo and renditions (benchmarks/seed.py).
2. Uncached, in-process (Django test client, production settings): for each page
   type, SQL queries and the median of 20 renders, every Django cache cleared before
   each render (Wagtail's site root paths and rendition lookups too).
3. Through the front cache: gunicorn (2 sync workers, production settings) behind a
   real varnishd with ops/varnish/default.vcl, and the same /our-history/ HTML as a
   static file served by nginx, in the same run: `wrk -t2 -c16` on each.
4. Purges under load (at the smallest and largest N): a mixed page load through
   Varnish (wrk with a rotating list of pages) while a milestone is published every
   2 s, each publish purging its pages through wagtail.contrib.frontend_cache: p50,
   p99, requests and errors.
5. Prints the tables and writes them to benchmarks/results/latest.md. Drops the database.

wrk, varnish and nginx are Debian packages (the script installs them when run as root).
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
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,1000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
PURGE_SECONDS = int(os.environ.get("BENCH_PURGE_SECONDS", "20"))
PUBLISH_EVERY = 2.0
RENDERS = 20
PAGES = {
    "home": "/",
    "history": "/our-history/",
    "milestone": "/our-history/oslo-cancer-cluster-is-founded/",
    "award": "/our-history/ecei-gold-label/",
    "timeline.json": "/our-history/timeline.json",
}
# The mixed load while publishing: what visitors ask for most.
MIXED_PAGES = [
    "/", "/our-history/", "/our-history/?kind=building", "/our-history/oslo-cancer-cluster-is-founded/",
    "/our-history/innovation-park-opens/", "/our-history/ecei-gold-label/", "/our-history/timeline.json",
    "/photo-credits/", "/sitemap.xml",
]
WRK = ["wrk", "-t2", "-c16"]


def ensure_tools():
    missing = [package for command, package in (("wrk", "wrk"), ("varnishd", "varnish"), ("nginx", "nginx"))
               if not shutil.which(command) and not Path(f"/usr/sbin/{command}").exists()]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {' '.join(missing)} (Debian packages)...")
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False, stdout=subprocess.DEVNULL)
    still = [p for c, p in (("wrk", "wrk"), ("varnishd", "varnish"), ("nginx", "nginx"))
             if not shutil.which(c) and not Path(f"/usr/sbin/{c}").exists()]
    if still:
        sys.exit(f"needed: sudo apt-get install {' '.join(still)}")


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


def wait_for(url, process=None, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def measure_uncached(url):
    """Queries of a render with every Django cache cleared, and the median of RENDERS such renders."""
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def render():
        for cache in caches.all():
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answers {response.status_code}")
        return (time.perf_counter() - started) * 1000

    render()  # compiles templates, as a running worker has
    gc.collect()  # not the seeding's garbage: a worker process starts without it
    reset_queries()  # the log is bounded: count from an empty one
    with CaptureQueriesContext(connection) as captured:
        render()
    queries = len(captured)  # now: it reads the connection's log, which the next request empties
    timings = [render() for _ in range(RENDERS)]
    return {"queries": queries, "ms": statistics.median(timings)}


class Server:
    """A subprocess on a free port, stopped on exit."""

    def __init__(self, command, port, cwd=None, env=None, ready_path="/", quiet=False):
        self.command, self.port, self.cwd, self.env, self.ready_path = command, port, cwd, env, ready_path
        self.output = subprocess.DEVNULL if quiet else None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed commands
            self.command, cwd=self.cwd, env=self.env, stdout=self.output, stderr=self.output
        )
        wait_for(self.url(self.ready_path), self.process)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def gunicorn(env):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "occ_site.wsgi:application", "--workers", "2",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return Server(command, port, cwd=ROOT, env=env, ready_path="/healthz")


def varnish(app_port, workdir):
    sys.path.insert(0, str(ROOT))
    from tests.varnish_server import VARNISHD, vcl_for

    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)
    vcl = workdir / "default.vcl"
    vcl.write_text(vcl_for([("127.0.0.1", app_port)]))
    port = free_port()
    command = [VARNISHD, "-F", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
               "-f", str(vcl), "-s", "malloc,256m"]
    return Server(command, port, ready_path="/healthz", quiet=True)


def nginx(www, workdir):
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"worker_processes 2;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\ndaemon off;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; sendfile on; keepalive_requests 100000; default_type text/html;\n"
        f"  client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy; fastcgi_temp_path {workdir}/fcgi;\n"
        f"  uwsgi_temp_path {workdir}/uwsgi; scgi_temp_path {workdir}/scgi;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {www}; }} }}\n"
    )
    return Server(["nginx", "-p", str(workdir), "-c", str(conf)], port, ready_path="/", quiet=True)


def wrk(url, seconds, script=None):
    command = [*WRK, f"-d{seconds}s", "--latency", *(["-s", str(script)] if script else []), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "p50": latency(50),
        "p99": latency(99),
    }


def rotating_script(paths, workdir):
    """A wrk script that asks for each of ``paths`` in turn."""
    script = workdir / "mixed.lua"
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n  return wrk.format(nil, paths[(n % #paths) + 1])\nend\n"
    )
    return script


def publish_every(seconds, stop, published):
    """Publish a milestone again and again until ``stop`` is set (each publish purges its pages)."""
    from django.db import connections

    from history.models import MilestonePage

    milestone = MilestonePage.objects.get(slug="innovation-park-opens")
    number = 0
    while not stop.wait(seconds):
        number += 1
        milestone.summary = f"Published again during the benchmark ({number})."
        milestone.save_revision().publish()
        published.append(number)
    connections.close_all()


def front_cache_figures(env, size, history_html, workdir, with_purges):
    from django.conf import settings

    www = workdir / f"www-{size}"
    www.mkdir(parents=True, exist_ok=True)
    (www / "our-history.html").write_bytes(history_html)
    figures = {}
    with gunicorn(env) as app, varnish(app.port, workdir / f"varnish-{size}") as front, nginx(www, workdir / f"nginx-{size}") as static:
        for path in MIXED_PAGES:
            urllib.request.urlopen(front.url(path), timeout=30).read()  # noqa: S310 (loopback) - fill the cache
        figures["varnish"] = wrk(front.url("/our-history/"), SECONDS)
        figures["nginx"] = wrk(static.url("/our-history.html"), SECONDS)
        if with_purges:
            settings.WAGTAILFRONTENDCACHE = {
                "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": front.url("")}
            }
            stop, published = threading.Event(), []
            publisher = threading.Thread(target=publish_every, args=(PUBLISH_EVERY, stop, published))
            publisher.start()
            try:
                figures["mixed"] = wrk(front.url(""), PURGE_SECONDS, rotating_script(MIXED_PAGES, workdir))
            finally:
                stop.set()
                publisher.join()
            figures["mixed"]["publishes"] = len(published)
            del settings.WAGTAILFRONTENDCACHE
    return figures


def run(env, workdir):
    import django
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from benchmarks.seed import seed_milestones
    from occ_site.demo import load_demo_content

    started = time.perf_counter()
    load_demo_content()
    print(f"demo content with renditions: {time.perf_counter() - started:.0f} s")
    uncached, front = [], []
    for size in SIZES:
        started = time.perf_counter()
        seed_milestones(size)
        print(f"N={size}: seeded in {time.perf_counter() - started:.0f} s")
        for name, url in PAGES.items():
            uncached.append({"name": name, "size": size, **measure_uncached(url)})
        history_html = Client(HTTP_HOST="127.0.0.1").get(PAGES["history"]).content
        connections.close_all()
        with_purges = size in (SIZES[0], SIZES[-1])
        front.append({"size": size, **front_cache_figures(env, size, history_html, workdir, with_purges)})
        print(f"N={size}: measured")
    return uncached, front


def tables(uncached, front):
    lines = ["| page | N | SQL queries | render ms (median of 20, caches cleared) |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {PAGES[row['name']]} | {row['size']} | {row['queries']} | {row['ms']:.1f} |" for row in uncached]
    lines += [
        "",
        "| N | cached /our-history/ through Varnish, req/s | same HTML as a static file from nginx, req/s | ratio |",
        "| ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['size']} | {row['varnish']['rps']:.0f} | {row['nginx']['rps']:.0f} | {row['varnish']['rps'] / row['nginx']['rps']:.2f} |"
        for row in front
    ]
    lines += [
        "",
        f"| N | mixed pages through Varnish while a milestone is published every {PUBLISH_EVERY:.0f} s: requests | publishes "
        "| p50 ms | p99 ms | errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['size']} | {row['mixed']['requests']} | {row['mixed']['publishes']} | {row['mixed']['p50']:.2f} "
        f"| {row['mixed']['p99']:.2f} | {row['mixed']['errors'] + row['mixed']['socket_errors']} |"
        for row in front
        if "mixed" in row
    ]
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
    ensure_tools()
    name = f"occ_bench_{os.getpid()}"
    admin, url = database_url(name)
    workdir = Path(tempfile.mkdtemp(prefix="occ-bench-"))
    workdir.chmod(0o755)
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
    env.pop("FRONTEND_CACHE_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    admin_sql(admin, f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    try:
        uncached, front = run(env, workdir)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(admin, f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(workdir, ignore_errors=True)
    report = (
        f"{tables(uncached, front)}\n\nMachine: {machine()}. wrk -t2 -c16, {SECONDS} s per cell, "
        f"{PURGE_SECONDS} s with purges; gunicorn 2 sync workers; whole run {time.perf_counter() - started:.0f} s.\n"
    )
    print(report)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(report)


if __name__ == "__main__":
    main()
