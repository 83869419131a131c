"""The system Chromium or Chrome (never a downloaded one: newsroom.verify.browser, which the publication's gate shares),
and how to slow it down like a phone."""

from __future__ import annotations

from playwright.sync_api import CDPSession

from newsroom.verify.browser import CHROMIUM_ARGS, BrowserMissing, chromium_path, launch, system_browser

# Re-exported: the tests, the benchmark and Lighthouse's harness take the browser from here.
__all__ = ["CHROMIUM_ARGS", "DESKTOP", "PHONE", "BrowserMissing", "chromium_path", "launch", "system_browser", "throttle"]

# Lighthouse's default mobile settings: simulated "Slow 4G" and a mid-range phone.
LATENCY_MS = 150
DOWNLOAD_BPS = 1.6 * 1024 * 1024 / 8
UPLOAD_BPS = 750 * 1024 / 8
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "device_scale_factor": 1.75}
# The README's desktop: a 1280 px window at 1 dppx.
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}


def throttle(cdp: CDPSession) -> None:
    """Slow the page's network and CPU to Lighthouse's mobile settings, with the cache off."""
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS,
        "downloadThroughput": DOWNLOAD_BPS, "uploadThroughput": UPLOAD_BPS,
    })
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
