"""Benchmark: this site against a stock Material build of the same article, in one run.

Builds both, serves both on loopback with gzip (as GitHub Pages does), loads each
in headless system Chromium with Lighthouse's mobile throttling (150 ms RTT,
1.6 Mbps down, 750 kbps up, 4x CPU slowdown, emulated through the DevTools
protocol) and prints, for each: requests, third-party requests, transferred
bytes (gzip bodies, as the server sent them), FCP, LCP and CLS (medians of several cold loads), then our/stock ratios.

    uv run python bench/run.py [--runs 5]

Not part of the test run: timings vary with the machine. Only byte counts are
asserted by the tests (tests/test_budget.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))

from conftest import CHROMIUM_ARGS, chromium_path, mkdocs_build  # noqa: E402
from pages_server import PagesServer  # noqa: E402
from stock_site import build_stock  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

# Lighthouse's default mobile settings (simulated "Slow 4G" and a mid-range phone).
LATENCY_MS = 150
DOWNLOAD_BPS = 1.6 * 1024 * 1024 / 8
UPLOAD_BPS = 750 * 1024 / 8
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 412, "height": 823}
SETTLE_MS = 4000

# Read the paint and layout-shift entries the page buffered during its load.
VITALS = """() => new Promise(resolve => {
  const result = {fcp: null, lcp: null, cls: 0};
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  if (paint) result.fcp = paint.startTime;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) result.lcp = entry.startTime;
  }).observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) result.cls += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(result), 500);
})"""


@dataclass
class Load:
    """What one page load cost."""

    requests: int
    third_party: int
    bytes: int
    fcp: float
    lcp: float
    cls: float


def _build(project: Path, site_dir: Path, url: str) -> Path:
    """Build this project for `url`, or stop with MkDocs' own message."""
    build = mkdocs_build(project, site_dir, site_url=url)
    if build.returncode != 0:
        sys.exit(f"build of {project} failed:\n{build.output}")
    return site_dir


def load_once(browser: Browser, server: PagesServer) -> Load:
    """One cold load of the server's site under mobile throttling."""
    url = server.url
    server.sent.clear()
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, device_scale_factor=1.75)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS,
        "downloadThroughput": DOWNLOAD_BPS, "uploadThroughput": UPLOAD_BPS,
    })
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(url, wait_until="networkidle")
    # The search worker fetches its index after the load, over the throttled link: let it finish.
    page.wait_for_timeout(SETTLE_MS)
    vitals = page.evaluate(VITALS)
    context.close()
    # Counted by the server: browsers report no body size for a worker's script.
    transferred = sum(size for _, size in server.sent)
    host = urlsplit(url).hostname
    urls = [u for u in urls if not u.startswith("data:")]
    return Load(
        requests=len(urls),
        third_party=sum(1 for u in urls if urlsplit(u).hostname != host),
        bytes=transferred,
        fcp=vitals["fcp"] or float("nan"),
        lcp=vitals["lcp"] or float("nan"),
        cls=vitals["cls"],
    )


def median_load(browser: Browser, server: PagesServer, runs: int) -> Load:
    """Medians over `runs` cold loads (the request counts are the same every time)."""
    loads = [load_once(browser, server) for _ in range(runs)]
    return Load(
        requests=max(load.requests for load in loads),
        third_party=max(load.third_party for load in loads),
        bytes=int(statistics.median(load.bytes for load in loads)),
        fcp=statistics.median(load.fcp for load in loads),
        lcp=statistics.median(load.lcp for load in loads),
        cls=statistics.median(load.cls for load in loads),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads per site (default 5)")
    runs = parser.parse_args().runs
    ours_server, stock_server = PagesServer("/"), PagesServer("/")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ours_server.start(_build(REPO_ROOT, workdir / "ours-site", ours_server.url))
        stock = build_stock(workdir, stock_server.url)
        if stock.returncode != 0:
            sys.exit(f"stock build failed:\n{stock.output}")
        stock_server.start(stock.site_dir)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            results = {"ours": median_load(browser, ours_server, runs), "stock": median_load(browser, stock_server, runs)}
            browser.close()
    ours_server.stop()
    stock_server.stop()

    ours, stock = results["ours"], results["stock"]
    print(f"Mobile, {LATENCY_MS} ms RTT, 1.6 Mbps down, {CPU_SLOWDOWN}x CPU; medians of {runs} cold loads each\n")
    print(f"{'':22}{'ours':>12}{'stock':>12}{'ours/stock':>12}")
    rows = [
        ("requests", ours.requests, stock.requests, "{:d}"),
        ("third-party requests", ours.third_party, stock.third_party, "{:d}"),
        ("transferred bytes", ours.bytes, stock.bytes, "{:d}"),
        ("FCP (ms)", ours.fcp, stock.fcp, "{:.0f}"),
        ("LCP (ms)", ours.lcp, stock.lcp, "{:.0f}"),
        ("CLS", ours.cls, stock.cls, "{:.3f}"),
    ]
    for name, a, b, fmt in rows:
        ratio = f"{a / b:.2f}" if b else ("n/a" if a else "1.00")
        print(f"{name:22}{fmt.format(a):>12}{fmt.format(b):>12}{ratio:>12}")


if __name__ == "__main__":
    main()
