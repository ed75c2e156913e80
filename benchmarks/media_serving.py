"""What serving a rendition through the app costs, from S3 (SeaweedFS) and from the local disk.

    .venv/bin/python benchmarks/media_serving.py          (needs wrk: apt-get install wrk)

Builds one throwaway site (SQLite, demo content) with its media in a bucket on a
SeaweedFS of its own (tests/harness/s3_server.py), copies the same media to a folder with
`export_media`, then runs gunicorn (production settings, 2 workers) twice on the
same database: media on S3, and media on the local disk with DJANGO_SERVE_MEDIA.
wrk asks for one rendition from the timeline for BENCH_SECONDS (default 10) with
8 connections. These are front-cache misses: behind Varnish a rendition is asked
of the app once per cache lifetime.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness import production_server  # noqa: E402
from tests.harness.http_clients import Browserless, inline_code  # noqa: E402
from tests.harness.s3_server import running_s3_server  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def wrk(url):
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c8", f"-d{SECONDS}s", "--latency", url], capture_output=True, text=True, check=True  # noqa: S607
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def main():
    with tempfile.TemporaryDirectory(prefix="occ-media-bench-") as folder, running_s3_server(Path(folder) / "s3") as s3:
        folder = Path(folder)
        bucket = s3.new_bucket_name()
        on_s3 = production_server.production_env(
            database_url=f"sqlite:///{folder / 'db.sqlite3'}", media_root=folder / "unused",
            DJANGO_SECURE_SSL_REDIRECT="False", **s3.environ(bucket),
        )
        production_server.manage(on_s3, "ensure_media_storage")
        production_server.prepare_site(on_s3)
        production_server.manage(on_s3, "export_media", str(folder / "media"))
        on_disk = production_server.production_env(
            database_url=f"sqlite:///{folder / 'db.sqlite3'}", media_root=folder / "media",
            DJANGO_SECURE_SSL_REDIRECT="False", DJANGO_SERVE_MEDIA="True",
        )
        rows = []
        for label, env in (("S3 (SeaweedFS)", on_s3), ("local disk", on_disk)):
            with production_server.gunicorn(env, workers=2) as base_url:
                _, _, html = Browserless(base_url).request("/our-history/")
                rendition = next(src for src in inline_code(html).image_sources if src.endswith(".webp"))
                rows.append((label, rendition, *wrk(base_url + rendition)))
    print(f"\nOne rendition through the app, wrk -t2 -c8 -d{SECONDS}s, gunicorn 2 workers:\n")  # noqa: T201
    print("| media | rendition | requests/s | p50 | p99 | errors |")  # noqa: T201
    print("| --- | --- | --- | --- | --- | --- |")  # noqa: T201
    for label, rendition, rate, p50, p99, errors in rows:
        print(f"| {label} | `{rendition.rsplit('/', 1)[-1]}` | {rate:.0f} | {p50} | {p99} | {errors} |")  # noqa: T201


if __name__ == "__main__":
    main()
