"""Benchmark: this site against a stock Material build of the same article, in one run.

Builds both, serves both on loopback with gzip (as GitHub Pages does) and, for
each, in the system Chromium:

- Lighthouse (pinned in package-lock.json), mobile: its four scores, and FCP and
  LCP under its simulated slow 4G and 4x CPU ("simulated" below);
- cold loads under real DevTools throttling with the same settings (150 ms RTT,
  1.6 Mbps down, 4x CPU): requests, third-party requests, bytes transferred
  (gzip bodies, as the server sent them), first paint, FCP, LCP and CLS;
- first visits with a dark system preference, recorded frame by frame: how many
  of them painted a light frame.

Medians of `--runs` loads each (Lighthouse: of its runs), then our/stock ratios.

    uv run python -m bench.run [--runs 5]

Not part of the test run: timings vary with the machine. The tests assert only
what is deterministic (requests and bytes, in the weight budget test).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from harness.browser import CPU_SLOWDOWN, LATENCY_MS, PHONE, BrowserMissing, system_browser, throttle
from harness.frames import painted_frames
from harness.lighthouse import lighthouse, scores
from harness.pages_server import PagesServer
from harness.project import REPO_ROOT, mkdocs_build
from harness.stock_site import build_stock

# After the load: lets anything the page fetches later (stock's search index) arrive.
SETTLE_MS = 4000

# Paint and layout-shift entries the page buffered during its load.
VITALS = """() => new Promise(resolve => {
  const result = {fp: null, fcp: null, lcp: null, cls: 0};
  for (const entry of performance.getEntriesByType('paint')) {
    if (entry.name === 'first-paint') result.fp = entry.startTime;
    if (entry.name === 'first-contentful-paint') result.fcp = entry.startTime;
  }
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
    """What one cold load under real throttling cost."""

    requests: int
    third_party: int
    bytes: int
    fp: float
    fcp: float
    lcp: float
    cls: float


def load_once(browser: Browser, server: PagesServer) -> Load:
    """One cold load of the server's site, throttled like a mid-range phone on slow 4G."""
    server.sent.clear()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    throttle(cdp)
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(server.url, wait_until="networkidle")
    page.wait_for_timeout(SETTLE_MS)
    vitals = page.evaluate(VITALS)
    context.close()
    host = urlsplit(server.url).hostname
    urls = [url for url in urls if not url.startswith("data:")]
    return Load(
        requests=len(urls),
        third_party=sum(1 for url in urls if urlsplit(url).hostname != host),
        # Counted by the server: browsers report no body size for a worker's script.
        bytes=sum(size for _, size in server.sent),
        fp=vitals["fp"] or float("nan"),
        fcp=vitals["fcp"] or float("nan"),
        lcp=vitals["lcp"] or float("nan"),
        cls=vitals["cls"],
    )


def light_flashes(browser: Browser, url: str) -> bool:
    """Whether a first visit on a dark system painted any light frame."""
    context = browser.new_context(**PHONE, color_scheme="dark")
    try:
        return any(frame.light for frame in painted_frames(browser, context.new_page(), url))
    finally:
        context.close()


@dataclass
class Result:
    """Everything measured for one site."""

    loads: list[Load]
    flashes: int
    lighthouse_scores: dict[str, int]
    simulated_fcp: float
    simulated_lcp: float

    def median(self, field: str) -> float:
        return statistics.median(getattr(load, field) for load in self.loads)

    def most(self, field: str) -> int:
        return max(getattr(load, field) for load in self.loads)


def measure(browser: Browser, server: PagesServer, runs: int) -> Result:
    """Every measurement of one site."""
    loads = [load_once(browser, server) for _ in range(runs)]
    flashes = sum(light_flashes(browser, server.url) for _ in range(runs))
    reports = [lighthouse(server.url) for _ in range(runs)]
    audits = [report["audits"] for report in reports]
    return Result(
        loads=loads,
        flashes=flashes,
        # The lowest of each score over the runs: a goal is met only if met every time.
        lighthouse_scores={key: min(scores(report)[key] for report in reports) for key in scores(reports[0])},
        simulated_fcp=statistics.median(a["first-contentful-paint"]["numericValue"] for a in audits),
        simulated_lcp=statistics.median(a["largest-contentful-paint"]["numericValue"] for a in audits),
    )


def _row(name: str, ours: float, stock: float, form: str = "{:.0f}") -> str:
    ratio = f"{ours / stock:.2f}" if stock else ("n/a" if ours else "1.00")
    return f"{name:38}{form.format(ours):>16}{form.format(stock):>16}{ratio:>12}"


def report(ours: Result, stock: Result, runs: int) -> str:
    """The side-by-side table."""
    def score_line(result: Result) -> str:
        s = result.lighthouse_scores
        return "/".join(str(s[key]) for key in ("performance", "accessibility", "best-practices", "seo"))

    lines = [
        f"Ours against stock Material, same article, same run; medians of {runs} cold loads each.",
        f"Phone: {LATENCY_MS} ms RTT, 1.6 Mbps down, {CPU_SLOWDOWN}x CPU.",
        "",
        f"{'':38}{'ours':>16}{'stock':>16}{'ours/stock':>12}",
        _row("requests", ours.most("requests"), stock.most("requests")),
        _row("third-party requests", ours.most("third_party"), stock.most("third_party")),
        _row("transferred bytes", ours.median("bytes"), stock.median("bytes")),
        f"{'Lighthouse perf/a11y/bp/seo (lowest)':38}{score_line(ours):>16}{score_line(stock):>16}",
        _row("simulated FCP (ms)", ours.simulated_fcp, stock.simulated_fcp),
        _row("simulated LCP (ms)", ours.simulated_lcp, stock.simulated_lcp),
        _row("throttled first paint (ms)", ours.median("fp"), stock.median("fp")),
        _row("throttled FCP (ms)", ours.median("fcp"), stock.median("fcp")),
        _row("throttled LCP (ms)", ours.median("lcp"), stock.median("lcp")),
        _row("CLS", ours.median("cls"), stock.median("cls"), "{:.3f}"),
        f"{'dark first visits with a light frame':38}{f'{ours.flashes}/{runs}':>16}{f'{stock.flashes}/{runs}':>16}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="loads of each kind per site (default 5)")
    runs = parser.parse_args().runs
    ours_server, stock_server = PagesServer("/"), PagesServer("/")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            ours = mkdocs_build(REPO_ROOT, workdir / "ours", site_url=ours_server.url)
            if ours.returncode != 0:
                sys.exit(f"the build of this site failed:\n{ours.output}")
            stock = build_stock(workdir, stock_server.url)
            if stock.returncode != 0:
                sys.exit(f"the stock build failed:\n{stock.output}")
            ours_server.start(ours.site_dir)
            stock_server.start(stock.site_dir)
            with system_browser() as browser:
                results = measure(browser, ours_server, runs), measure(browser, stock_server, runs)
    except BrowserMissing as error:
        sys.exit(str(error))
    finally:
        ours_server.stop()
        stock_server.stop()
    print(report(*results, runs))


if __name__ == "__main__":
    main()
