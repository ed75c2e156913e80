"""Production settings, with throwaway media and static folders for the benchmark.

Everything else (DEBUG off, WhiteNoise with the manifest storage, the
Cache-Control headers, security middleware) is exactly what production runs.
"""

import os

from occ_site.settings.production import *  # noqa: F403

MEDIA_ROOT = os.environ["OCC_BENCH_MEDIA_ROOT"]
STATIC_ROOT = os.environ["OCC_BENCH_STATIC_ROOT"]

# The benchmark publishes in its own process and reads what it published at once: its
# tasks (purges, renditions of the demo content) run there, not in a worker it would need
# to start. benchmarks/tasks_bench.py measures the worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The bare page the benchmark measures page types against (benchmarks/models.py).
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # noqa: F405
