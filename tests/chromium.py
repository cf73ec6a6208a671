"""How every browser test (and the search benchmark) starts Debian's headless Chromium.

One place for the flags: this machine's network is closed, so Chromium's background
connections (updates, sync, QUIC) must be switched off or they fail at every start.
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
