"""The system Chromium or Chrome (never a downloaded one) that reads pages back as a reader's browser shows them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright

# Chromium as root, headless, and silent: without the background-networking flags it
# keeps trying to reach Google's hosts, which the no-third-party-requests checks would see.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class BrowserMissing(RuntimeError):
    """No system Chromium or Chrome could be found."""


def chromium_path() -> str:
    """The system browser: $CHROMIUM_PATH, else the usual names on PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not Path(configured).is_file():
            raise BrowserMissing(f"CHROMIUM_PATH={configured} is not a file")
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissing(
        "No Chromium or Chrome found: install one (Debian: apt-get install chromium; see .ci/prerequisites) "
        "or set CHROMIUM_PATH. To leave the browser tests out on purpose: uv run pytest -m 'not browser'"
    )


def launch(playwright: Playwright) -> Browser:
    """Start the system browser headless."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


@contextmanager
def system_browser() -> Iterator[Browser]:
    """The system browser, headless, while the block runs; BrowserMissing, saying what to install, without one."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()
