"""`make bench-tasks`: background rendition builds against visitors' page requests.

1. Creates a throwaway PostgreSQL database (BENCH_POSTGRES_URL, default the local server
   as user postgres) and media folder; migrates and loads the demo content with the
   production settings (tests/harness/production_server.py), so its photos' rendition tasks are queued.
2. Starts `manage.py db_worker` (production settings, default options) and times the
   demo content's queue; then gunicorn, 2 sync workers, production settings, uncached
   pages (as on a front-cache miss), on a free 127.0.0.1 port.
3. Upload to renditions: BENCH_UPLOADS (default 5) photos saved one after another, as an
   upload saves them (a 1600x1000 photo-like JPEG; the commit queues the task); for each,
   the time from the commit until its nine renditions are in the database.
4. Page latency: one client requests the home, history, a milestone and an award page in
   turn without pause, BENCH_IDLE_SECONDS (default 20) with the worker idle, then while a
   batch of 20 uploads is processed, once with the worker at normal CPU priority and once
   under `nice -n 10` (as docker-compose.yml runs it). p50 and p95 of each window.
5. Prints the table and writes it to benchmarks/results/tasks-latest.md. Drops the database.
"""

import io
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_database import bench_database  # noqa: E402
from tests.harness import production_server  # noqa: E402
from tests.harness.task_worker import TaskWorker  # noqa: E402

UPLOADS = int(os.environ.get("BENCH_UPLOADS", "5"))
BATCH = 20
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "20"))
PAGES = ["/", "/our-history/", "/our-history/oslo-cancer-cluster-is-founded/", "/our-history/ecei-gold-label/"]


def photo_jpeg(seed):
    """A 1600x1000 photo-like JPEG (blurred noise): about the work of a real photo for the encoders."""
    from PIL import Image, ImageFilter

    bands = [Image.effect_noise((1600, 1000), 30 + seed % 20).filter(ImageFilter.GaussianBlur(2)) for _ in range(3)]
    buffer = io.BytesIO()
    Image.merge("RGB", bands).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def upload(number, content):
    """Saved as an upload saves a photo; returns it once committed (its task is queued)."""
    from django.core.files.images import ImageFile

    from history.models import CaptionedImage

    return CaptionedImage.objects.create(
        title=f"Bench {number}", description="A benchmark photo",
        file=ImageFile(io.BytesIO(content), name=f"bench-{number}.jpg"),
    )


def renditions_built(photo_ids):
    from django.db.models import Count

    from core.renditions import PICTURE_FILTER_SPECS
    from history.models import CaptionedImageRendition

    counts = (
        CaptionedImageRendition.objects.filter(image_id__in=photo_ids, filter_spec__in=PICTURE_FILTER_SPECS)
        .values("image_id").annotate(n=Count("id"))
    )
    return {row["image_id"] for row in counts if row["n"] == len(PICTURE_FILTER_SPECS)}


def wait_until_built(photo_ids, timeout=600):
    pending = set(photo_ids)
    deadline = time.monotonic() + timeout
    while pending:
        if time.monotonic() > deadline:
            raise RuntimeError(f"renditions of photos {sorted(pending)} not built within {timeout} s")
        pending -= renditions_built(pending)
        if pending:
            time.sleep(0.05)
    return time.perf_counter()


def queue_drained():
    from django_tasks_db.models import DBTaskResult

    return not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()


class PageClient(threading.Thread):
    """Requests the pages in turn, without pause, recording (when, milliseconds)."""

    def __init__(self, base_url):
        super().__init__(daemon=True)
        self.base_url, self.samples, self.running = base_url, [], True

    def run(self):
        number = 0
        while self.running:
            path = PAGES[number % len(PAGES)]
            number += 1
            started = time.perf_counter()
            with urllib.request.urlopen(self.base_url + path, timeout=30) as response:  # noqa: S310 - loopback
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
            self.samples.append((started, (time.perf_counter() - started) * 1000))

    def window(self, start, end):
        return [ms for when, ms in self.samples if start <= when < end]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(env, base_url, client, *, nice, first_number):
    """A batch of 20 uploads with the worker at the given niceness; the client runs throughout."""
    from django.db import connections

    with TaskWorker(env, stop_timeout=60, nice=nice):
        time.sleep(3)  # the worker has started and found the queue empty
        idle_start = time.perf_counter()
        time.sleep(IDLE_SECONDS)
        contents = [photo_jpeg(first_number + i) for i in range(BATCH)]
        batch_start = time.perf_counter()
        photos = [upload(first_number + i, content) for i, content in enumerate(contents)]
        uploaded = time.perf_counter()
        batch_end = wait_until_built([photo.pk for photo in photos])
    connections.close_all()
    idle, busy = client.window(idle_start, batch_start), client.window(batch_start, batch_end)
    return {
        "nice": nice,
        "idle_p50": percentile(idle, 0.5), "idle_p95": percentile(idle, 0.95), "idle_n": len(idle),
        "busy_p50": percentile(busy, 0.5), "busy_p95": percentile(busy, 0.95), "busy_n": len(busy),
        "upload_s": uploaded - batch_start, "batch_s": batch_end - batch_start,
    }


def run(env):
    import django

    production_server.prepare_site(env)
    os.environ.update(env)
    django.setup()

    results = {}
    with TaskWorker(env, stop_timeout=60):
        started = time.perf_counter()
        while not queue_drained():
            time.sleep(0.2)
        results["demo_queue_s"] = time.perf_counter() - started

        latencies = []
        for number in range(UPLOADS):
            photo = upload(number, photo_jpeg(number))
            committed = time.perf_counter()
            latencies.append(wait_until_built([photo.pk]) - committed)
        results["upload_to_renditions"] = latencies

    with production_server.gunicorn(env, workers=2) as base_url:
        client = PageClient(base_url)
        client.start()
        time.sleep(3)  # templates and connections warm
        results["batches"] = [
            measure(env, base_url, client, nice=0, first_number=100),
            measure(env, base_url, client, nice=10, first_number=200),
        ]
        client.running = False
        client.join(timeout=30)
    return results


def report(results, seconds):
    latencies = results["upload_to_renditions"]
    lines = [
        f"Upload to all nine renditions built, worker running (`db_worker`, polling every second), "
        f"{len(latencies)} photos one after another: median {statistics.median(latencies):.2f} s, "
        f"min {min(latencies):.2f} s, max {max(latencies):.2f} s. The demo content's queue took "
        f"{results['demo_queue_s']:.1f} s.",
        "",
        "| worker | page p50 idle ms | page p95 idle ms | page p50 during 20 uploads ms | page p95 during 20 uploads ms "
        "| requests idle / during | 20 uploads saved in s | 20 uploads' renditions built in s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for batch in results["batches"]:
        lines.append(
            f"| {'nice -n ' + str(batch['nice']) if batch['nice'] else 'normal priority'} | {batch['idle_p50']:.1f} "
            f"| {batch['idle_p95']:.1f} | {batch['busy_p50']:.1f} | {batch['busy_p95']:.1f} "
            f"| {batch['idle_n']} / {batch['busy_n']} | {batch['upload_s']:.1f} | {batch['batch_s']:.1f} |"
        )
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    lines += [
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), load average {os.getloadavg()[0]:.1f} at the end; "
        f"gunicorn 2 sync workers, pages uncached, one client without pause; whole run {seconds:.0f} s.",
    ]
    return "\n".join(lines) + "\n"


def main():
    workdir = Path(tempfile.mkdtemp(prefix="occ-tasks-bench-"))
    started = time.perf_counter()
    try:
        with bench_database("occ_tasks_bench") as url:
            env = production_server.production_env(
                database_url=url, media_root=workdir / "media", DJANGO_SECURE_SSL_REDIRECT="False",
                DJANGO_PAGE_CACHE_SECONDS="0", PYTHONPATH=str(ROOT),
            )
            results = run(env)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(results, time.perf_counter() - started)
    print(text)
    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "tasks-latest.md").write_text(text)


if __name__ == "__main__":
    main()
