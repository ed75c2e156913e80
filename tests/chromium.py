"""How every browser test starts Debian's Chromium (one place for the path and the flags)."""

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("OCC_CHROMIUM", "/usr/bin/chromium"))
# Headless, as root, on a machine with no network but the loopback: no sandbox, GPU,
# QUIC or background connections that would be refused and logged.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
