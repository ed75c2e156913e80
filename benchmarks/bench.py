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
The parts: benchmarks/bench_uncached.py (step 2), bench_servers.py, bench_load.py and
bench_front_cache.py (steps 3 and 4), bench_report.py (the tables).
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_database import bench_database  # noqa: E402
from benchmarks.bench_front_cache import PURGE_SECONDS, SECONDS, front_cache_figures  # noqa: E402
from benchmarks.bench_load import CONNECTIONS  # noqa: E402
from benchmarks.bench_report import machine, tables  # noqa: E402
from benchmarks.bench_uncached import PAGES, add_bare_pages, measure_uncached  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,1000").split(",")]


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


def main():
    ensure_tools()
    workdir = Path(tempfile.mkdtemp(prefix="occ-bench-"))
    workdir.chmod(0o755)
    started = time.perf_counter()
    try:
        with bench_database("occ_bench") as url:
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
            try:
                uncached, front = run(env, workdir)
            finally:
                from django.db import connections

                connections.close_all()
    finally:
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
