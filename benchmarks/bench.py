"""`make bench`: what a page costs when no cache helps, and what the front cache gives, at 10, 100 and 1,000 milestones.

1. Creates a throwaway PostgreSQL database (BENCH_POSTGRES_URL, default the local
   server as user postgres) and throwaway media and static folders, loads the demo
   content and two bare pages (benchmarks/models.py: an empty template, Wagtail's own
   context) at depths 3 and 4, then tops the milestones up to N with bulk-created
   milestones, each with its own photo and renditions (benchmarks/seed.py).
2. Uncached, in-process (Django test client, production settings): for each page
   type and the bare pages, SQL queries and the median of 20 renders, cold (every
   Django cache cleared before each render) and warm (Wagtail's caches kept, as a
   running site has them), and each page type as a ratio to the bare page at its depth.
3. Through the front cache: gunicorn (2 sync workers, production settings) behind a
   real varnishd with ops/varnish/default.vcl, and the same /our-history/ HTML as a
   static file served by nginx, in the same run: `wrk -t2 -c16` on each.
4. Purges under load (at the smallest and largest N): a mixed page load through
   Varnish (wrk with a rotating list of pages) while a milestone is published every
   2 s, each publish soft-purging its cache tags: requests, p50, p99, p99.9 and the
   slowest request as Varnish logged them (varnishncsa), errors, and whether the
   figures add up (connections x duration bounds the time requests can wait in all).
   Then one photo's caption is edited with every milestone page cached: how many
   cached pages stay hits, and how soon the pages showing it show the new caption.
5. Prints the tables and writes them to benchmarks/results/latest.md. Drops the database.

BENCH_UNCACHED_ONLY=1 measures only step 2.
wrk, varnish and nginx are Debian packages (the script installs them when run as root).
"""

import gc
import math
import os
import re
import secrets
import shutil
import signal
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
sys.path.insert(0, str(ROOT))

from tests.harness.polling import wait_until  # noqa: E402
from tests.harness.processes import free_port, stop  # noqa: E402
from tests.harness.varnish_server import VARNISHD, vcl_for  # noqa: E402

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
    "content": "/become-a-member/",
    "timeline.json": "/our-history/timeline.json",
    "bare, depth 3": "/bare/",
    "bare, depth 4": "/bare/bare/",
}
# Each page type's floor: the bare page at its depth (the home page, the site's root at depth 2,
# is compared with the bare page one level below it, which costs a little more).
FLOORS = {"home": "bare, depth 3", "history": "bare, depth 3", "content": "bare, depth 3", "milestone": "bare, depth 4",
          "award": "bare, depth 4", "timeline.json": "bare, depth 3"}
CAPTION_PAGES_LIMIT = 2000
# The mixed load while publishing: what visitors ask for most.
MIXED_PAGES = [
    "/", "/our-history/", "/our-history/?kind=building", "/our-history/oslo-cancer-cluster-is-founded/",
    "/our-history/innovation-park-opens/", "/our-history/ecei-gold-label/", "/our-history/timeline.json",
    "/photo-credits/", "/sitemap.xml",
]


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


def wait_for(url, process=None, timeout=30):
    def answers():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    wait_until(answers, timeout=timeout, interval=0.2, waiting_for=f"{url} to answer")


def measure_uncached(url):
    """Queries and the median of RENDERS renders in-process: cold, every Django cache cleared before
    each render; warm, with the caches Wagtail fills (site root paths, rendition lookups) kept, as a
    running site has them. Neither has the front cache: these are the misses."""
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def render(clear):
        if clear:
            for cache in caches.all():
                cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answers {response.status_code}")
        return (time.perf_counter() - started) * 1000

    figures = {}
    for mode, clear in (("cold", True), ("warm", False)):
        render(clear)  # compiles templates, as a running worker has
        gc.collect()  # not the seeding's garbage: a worker process starts without it
        reset_queries()  # the log is bounded: count from an empty one
        with CaptureQueriesContext(connection) as captured:
            render(clear)
        figures[f"{mode}_queries"] = len(captured)  # now: the next request empties the connection's log
        figures[f"{mode}_ms"] = statistics.median(render(clear) for _ in range(RENDERS))
    return figures


def add_bare_pages():
    """Bare pages (benchmarks/models.py) at depth 3 (/bare/) and 4 (/bare/bare/), beside the site's pages."""
    from wagtail.models import Site

    from benchmarks.models import BarePage

    home = Site.objects.get(is_default_site=True).root_page
    parent = home.add_child(instance=BarePage(title="Bare", slug="bare"))
    parent.add_child(instance=BarePage(title="Bare", slug="bare"))


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
        stop(self.process, timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def gunicorn(env):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "occ_site.wsgi:application", "--workers", "2",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return Server(command, port, cwd=ROOT, env=env, ready_path="/healthz")


def varnish(app_port, workdir):
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


CONNECTIONS = 16
WRK = ["wrk", "-t2", f"-c{CONNECTIONS}"]
# wrk's own summary, as numbers (microseconds), from its done() callback: what the tables and
# the arithmetic check read, rather than its rounded text.
SUMMARY_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH-SUMMARY %d %d %d %d %d %d %f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(url, seconds, workdir, paths=None):
    """``wrk`` on ``url`` (or on each of ``paths`` in turn): requests, latencies in ms, errors."""
    script = rotating_script(paths, workdir) if paths else workdir / "summary.lua"
    if not paths:
        script.write_text(SUMMARY_LUA)
    command = [*WRK, f"-d{seconds}s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    fields = re.search(r"^BENCH-SUMMARY (.+)$", output, re.MULTILINE).group(1).split()
    requests, duration, p50, p99, p999, slowest, mean, status_errors, socket_errors = (float(f) for f in fields)
    return {
        "requests": int(requests),
        "seconds": duration / 1e6,
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000, "p99": p99 / 1000, "p999": p999 / 1000, "max": slowest / 1000, "mean": mean / 1000,
        "errors": int(status_errors),
        "socket_errors": int(socket_errors),
    }


def arithmetic(row):
    """Whether a run's latencies fit in its time: ``CONNECTIONS`` connections, each waiting for one
    answer at a time, can wait at most connections x duration seconds in all. The slowest 1 % (0.1 %)
    of the requests took at least p99 (p99.9) each, and all of them took mean x requests."""
    budget = CONNECTIONS * row["seconds"]
    used = row["mean"] / 1000 * row["requests"]
    tail_99 = row["requests"] * 0.01 * row["p99"] / 1000
    tail_999 = row["requests"] * 0.001 * row["p999"] / 1000
    consistent = used <= budget * 1.02 and tail_99 <= budget and tail_999 <= budget
    return (
        f"{row['requests']:,} requests in {row['seconds']:.1f} s on {CONNECTIONS} connections: at most "
        f"{budget:.0f} connection-seconds of waiting. Mean {row['mean']:.2f} ms x {row['requests']:,} = {used:.1f} s; "
        f"the slowest 1 % ({row['requests'] * 0.01:,.0f} requests) at >= p99 {row['p99']:.2f} ms: >= {tail_99:.1f} s; "
        f"the slowest 0.1 % at >= p99.9 {row['p999']:.2f} ms: >= {tail_999:.1f} s. "
        + ("Consistent." if consistent else "INCONSISTENT: these latencies cannot be right.")
    )


def rotating_script(paths, workdir):
    """A wrk script that asks for each of ``paths`` in turn."""
    script = workdir / "mixed.lua"
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n  return wrk.format(nil, paths[(n % #paths) + 1])\nend\n" + SUMMARY_LUA
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


class VarnishLog:
    """Varnish's own record of each GET it answered while running (varnishncsa): how long each took
    from the request's first byte to the response's last, measured where visitors wait."""

    def __init__(self, varnish_workdir, path):
        self.path = path
        self.command = ["varnishncsa", "-n", str(varnish_workdir / "n"), "-F", "%D %s", "-q", 'ReqMethod eq "GET"',
                        "-w", str(path)]

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        time.sleep(1)  # it attaches to the shared log before the load starts
        return self

    def __exit__(self, *exc):
        time.sleep(1)
        self.process.send_signal(signal.SIGINT)  # flushes and exits
        self.process.wait(timeout=30)

    def figures(self, seconds):
        times = sorted(int(line.split()[0]) / 1000 for line in self.path.read_text().splitlines() if line.strip())
        if not times:
            return None

        def percentile(p):
            return times[min(len(times) - 1, math.ceil(p / 100 * len(times)) - 1)]

        statuses = [line.split()[1] for line in self.path.read_text().splitlines() if line.strip()]
        return {"requests": len(times), "seconds": seconds, "p50": percentile(50), "p99": percentile(99),
                "p999": percentile(99.9), "max": times[-1], "mean": statistics.fmean(times),
                "errors": sum(1 for status in statuses if not status.startswith(("2", "3")))}


def caption_edit(front, size):
    """Edit one seeded photo's caption with every milestone page cached: how many cached pages stay
    hits, and how soon every page showing the photo shows the new caption."""
    from history.models import CaptionedImage, MilestonePage

    milestones = list(MilestonePage.objects.live().filter(locale__language_code="en").order_by("path")[:CAPTION_PAGES_LIMIT])
    addresses = [*MIXED_PAGES, *(m.url for m in milestones)]
    # A photo on one milestone in the middle of the timeline (each seeded milestone has its own).
    middle = milestones[len(milestones) // 2]
    photo = CaptionedImage.objects.get(pk=middle.specific.lead_photo_id)
    old = photo.caption

    def get(address):
        with urllib.request.urlopen(front.url(address), timeout=30) as response:  # noqa: S310 (loopback)
            return response.headers.get("X-Cache"), response.read().decode()

    for address in addresses:
        get(address)
    showing = {address for address in addresses if old in get(address)[1]}
    photo.caption = f"A new caption, edited at N={size}."
    started = time.perf_counter()
    photo.save()  # soft-purges the photo's tag after the commit
    pending = set(showing)
    while pending and time.perf_counter() - started < 30:
        pending = {address for address in pending if photo.caption not in get(address)[1]}
    refreshed = time.perf_counter() - started
    others = [address for address in addresses if address not in showing]
    hits = sum(1 for address in others if get(address)[0] == "hit")
    return {"pages": len(addresses), "showing": len(showing), "refreshed_s": refreshed, "stale": len(pending),
            "hits": hits, "others": len(others)}


def front_cache_figures(env, size, history_html, workdir, with_purges):
    from django.conf import settings

    www = workdir / f"www-{size}"
    www.mkdir(parents=True, exist_ok=True)
    (www / "our-history.html").write_bytes(history_html)
    figures = {}
    varnish_dir = workdir / f"varnish-{size}"
    with gunicorn(env) as app, varnish(app.port, varnish_dir) as front, nginx(www, workdir / f"nginx-{size}") as static:
        for path in MIXED_PAGES:
            urllib.request.urlopen(front.url(path), timeout=30).read()  # noqa: S310 (loopback) - fill the cache
        figures["varnish"] = wrk(front.url("/our-history/"), SECONDS, workdir)
        figures["nginx"] = wrk(static.url("/our-history.html"), SECONDS, workdir)
        if with_purges:
            settings.FRONT_CACHE_XKEY_URL = front.url("")  # each publish soft-purges its tags
            stop, published = threading.Event(), []
            publisher = threading.Thread(target=publish_every, args=(PUBLISH_EVERY, stop, published))
            with VarnishLog(varnish_dir, workdir / f"varnish-{size}.log") as log:
                publisher.start()
                try:
                    figures["mixed"] = wrk(front.url(""), PURGE_SECONDS, workdir, paths=MIXED_PAGES)
                finally:
                    stop.set()
                    publisher.join()
            figures["mixed"]["publishes"] = len(published)
            figures["mixed_varnish"] = log.figures(figures["mixed"]["seconds"])
            figures["caption"] = caption_edit(front, size)
            settings.FRONT_CACHE_XKEY_URL = ""
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
    add_bare_pages()
    print(f"demo content with renditions: {time.perf_counter() - started:.0f} s")
    uncached, front = [], []
    for size in SIZES:
        started = time.perf_counter()
        seed_milestones(size)
        print(f"N={size}: seeded in {time.perf_counter() - started:.0f} s")
        for name, url in PAGES.items():
            uncached.append({"name": name, "size": size, **measure_uncached(url)})
        if os.environ.get("BENCH_UNCACHED_ONLY"):
            continue
        history_html = Client(HTTP_HOST="127.0.0.1").get(PAGES["history"]).content
        connections.close_all()
        with_purges = size in (SIZES[0], SIZES[-1])
        front.append({"size": size, **front_cache_figures(env, size, history_html, workdir, with_purges)})
        print(f"N={size}: measured")
    return uncached, front


def ratio_rows(uncached):
    by_key = {(row["name"], row["size"]): row for row in uncached}
    lines = [
        "| page | N | cold ms | cold queries | warm ms | warm queries | x floor, cold | x floor, warm | queries over the floor (warm) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in uncached:
        floor = by_key.get((FLOORS.get(row["name"]), row["size"]))
        if floor is None:
            ratios = "| – | – | – |"
        else:
            ratios = (f"| {row['cold_ms'] / floor['cold_ms']:.1f} | {row['warm_ms'] / floor['warm_ms']:.1f} "
                      f"| {row['warm_queries'] - floor['warm_queries']:+d} |")
        lines.append(f"| {row['name']} ({PAGES[row['name']]}) | {row['size']} | {row['cold_ms']:.1f} | {row['cold_queries']} "
                     f"| {row['warm_ms']:.1f} | {row['warm_queries']} {ratios}")
    return lines


def tables(uncached, front):
    lines = ratio_rows(uncached)
    if not front:
        return "\n".join(lines)
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
        f"Mixed pages through Varnish while a milestone is published every {PUBLISH_EVERY:.0f} s (tag soft purges); "
        "latencies as Varnish logged them (varnishncsa %D: first request byte to last response byte):",
        "",
        "| N | requests (Varnish log / wrk) | publishes | p50 ms | p99 ms | p99.9 ms | slowest ms | errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for row in front:
        if "mixed" not in row:
            continue
        mixed, logged = row["mixed"], row["mixed_varnish"] or {}
        lines.append(
            f"| {row['size']} | {logged.get('requests', 0)} / {mixed['requests']} | {mixed['publishes']} | {logged.get('p50', 0):.2f} "
            f"| {logged.get('p99', 0):.2f} | {logged.get('p999', 0):.2f} | {logged.get('max', 0):.2f} "
            f"| {mixed['errors'] + mixed['socket_errors'] + logged.get('errors', 0)} |"
        )
        notes.append(f"- N={row['size']}, Varnish's log: {arithmetic(logged)}" if logged else f"- N={row['size']}: no Varnish log")
        notes.append(f"- N={row['size']}, wrk's own latencies (p50 {mixed['p50']:.2f}, p99 {mixed['p99']:.2f}, "
                     f"p99.9 {mixed['p999']:.2f}, slowest {mixed['max']:.2f} ms): {arithmetic(mixed)}")
    captions = [row for row in front if "caption" in row]
    if captions:
        lines += [
            "",
            "| N | cached pages | showing the photo | refreshed within, s | still stale | other pages still hits |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {row['size']} | {c['pages']} | {c['showing']} | {c['refreshed_s']:.2f} | {c['stale']} "
            f"| {c['hits']} of {c['others']} ({100 * c['hits'] / max(c['others'], 1):.1f} %) |"
            for row in front for c in [row["caption"]]
        ]
    if notes:
        lines += ["", "Do the percentiles add up?", "", *notes]
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
        f"{tables(uncached, front)}\n\nMachine: {machine()}. wrk -t2 -c{CONNECTIONS}, {SECONDS} s per cell, "
        f"{PURGE_SECONDS} s with purges; gunicorn 2 sync workers; whole run {time.perf_counter() - started:.0f} s.\n"
    )
    print(report)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(report)


if __name__ == "__main__":
    main()
