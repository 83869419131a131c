"""Record the frames Chromium paints while a page loads, and tell light frames from dark ones.

Chromium's trace with the screenshot category holds every frame it painted; the
trace's firstPaint mark says which of them the page painted (before it, the
browser shows its own empty canvas). A frame counts as light when the page
background at the left edge, below the header, is closer to white than to black.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass

from PIL import Image, ImageStat
from playwright.sync_api import Browser, Page

from harness.browser import throttle

# After the load event: long enough for the bundle to have set the scheme.
SETTLE_MS = 1500


@dataclass(frozen=True)
class Frame:
    """One painted frame: when (ms after the first paint) and how bright the page background was."""

    time_ms: float
    luminance: float

    @property
    def light(self) -> bool:
        return self.luminance > 0.5


def _luminance(snapshot: str) -> float:
    image = Image.open(io.BytesIO(base64.b64decode(snapshot))).convert("L")
    width, height = image.size
    # A strip at the left edge, from below the header to the bottom: page background on every layout.
    strip = image.crop((0, int(height * 0.15), max(1, width // 100), int(height * 0.95)))
    return ImageStat.Stat(strip).mean[0] / 255


def painted_frames(browser: Browser, page: Page, url: str, throttled: bool = True) -> list[Frame]:
    """Load `url` in `page` (its context prepared by the caller) and return the frames it painted."""
    cdp = page.context.new_cdp_session(page)
    if throttled:
        throttle(cdp)
    browser.start_tracing(page=page, screenshots=True,
                          categories=["disabled-by-default-devtools.screenshot", "loading"])
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(SETTLE_MS)
    finally:
        trace = json.loads(browser.stop_tracing())
        cdp.detach()
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    first_paints = sorted(event["ts"] for event in events if event.get("name") == "firstPaint")
    if not first_paints:
        raise AssertionError(f"the trace of {url} has no firstPaint: the page painted nothing")
    start = first_paints[0]
    shots = [event for event in events if event.get("name") == "Screenshot" and event["ts"] >= start]
    return [Frame((shot["ts"] - start) / 1000, _luminance(shot["args"]["snapshot"])) for shot in shots]
