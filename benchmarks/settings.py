"""Production settings, with throwaway media and static folders for the benchmark.

Everything else (DEBUG off, WhiteNoise with the manifest storage, the
Cache-Control headers, security middleware) is exactly what production runs.
"""

import os

from occ_site.settings.production import *  # noqa: F403

MEDIA_ROOT = os.environ["OCC_BENCH_MEDIA_ROOT"]
STATIC_ROOT = os.environ["OCC_BENCH_STATIC_ROOT"]
