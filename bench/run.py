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
Then the same for a publication whose newest article has a lead photo and a photo in
the text (real photographs from tests/fixtures/photos/, the lead one 2 megapixels),
against stock Material serving the same photos as it does, the original files: the
bytes of the lead photo a phone (412 CSS px at DPR 1.75) and a 1280 px desktop
download, the original's size, the delivered photo's PSNR against the original scaled
to the same size, LCP and CLS.

    uv run python -m bench.run [--runs 5]

Not part of the test run: timings vary with the machine. The tests assert only
what is deterministic (requests and bytes, in the weight budget test).
"""

from __future__ import annotations

import argparse
import io
import math
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from PIL import Image, ImageChops, ImageOps, ImageStat
from playwright.sync_api import Browser

from harness.browser import CPU_SLOWDOWN, DESKTOP, LATENCY_MS, PHONE, BrowserMissing, system_browser, throttle
from harness.frames import painted_frames
from harness.lighthouse import lighthouse, scores
from harness.pages_server import PagesServer
from harness.project import REPO_ROOT, copy_project, lead_article, mkdocs_build
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
    # The first photo the load fetched (the lead photo): its address and bytes (ours: a rendition; stock: the original).
    photo: str = ""
    photo_bytes: int = 0


# Where each site's photos are: ours in the renditions' folder, stock's where the reporter put them.
PHOTO_PATHS = ("/assets/photos/", "/images/")


def load_once(browser: Browser, server: PagesServer, device: dict[str, Any] = PHONE) -> Load:
    """One cold load of the server's site, throttled like a mid-range phone on slow 4G (on `device`)."""
    server.sent.clear()
    context = browser.new_context(**device)
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
        photo=next((path for path, _ in server.sent if any(p in path for p in PHOTO_PATHS)), ""),
        photo_bytes=next((size for path, size in server.sent if any(p in path for p in PHOTO_PATHS)), 0),
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


# Real photographs with a clear licence (tests/fixtures/photos/LICENCES.md); the lead one is 2 megapixels.
PHOTOS = REPO_ROOT / "tests" / "fixtures" / "photos"
LEAD_PHOTO, TEXT_PHOTO = PHOTOS / "retina.jpg", PHOTOS / "coffee.jpg"


def photo_publication(workdir: Path) -> Path:
    """A copy of the project with a newest article that has a lead photo and a photo in its text."""
    project = copy_project(workdir / "photo-project")
    seed = lead_article(project)
    images = project / "docs" / "images"
    images.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LEAD_PHOTO, images / "lead.jpg")
    shutil.copyfile(TEXT_PHOTO, images / "inline.jpg")
    meta = {"title": f"In pictures: {seed.meta.title}", "description": seed.meta.description, "date": seed.meta.date,
            "image": {"src": "images/lead.jpg", "alt": "A photograph of the back of a healthy left eye",
                      "credit": "Mikael Häggström (CC0)", "caption": "The lead photo."}}
    paragraphs = list(seed.paragraphs)
    paragraphs.insert(2, '![A cup of coffee on a saucer](images/inline.jpg "Coffee before the talks.")')
    (project / "docs" / "a-photo-article.md").write_text(
        "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + "\n\n".join(paragraphs) + "\n",
        encoding="utf-8")
    return project


def psnr(delivered: bytes, original: Path) -> float:
    """The delivered photo's PSNR (dB) against the original, upright and scaled to the same size (Lanczos)."""
    shown = Image.open(io.BytesIO(delivered)).convert("RGB")
    reference = ImageOps.exif_transpose(Image.open(original)).convert("RGB").resize(shown.size, Image.Resampling.LANCZOS)
    squares = ImageStat.Stat(ImageChops.difference(shown, reference)).rms
    mse = sum(value * value for value in squares) / len(squares)
    return float("inf") if mse == 0 else 20 * math.log10(255 / math.sqrt(mse))


@dataclass
class PhotoResult:
    """The photo article's loads on a phone and a desktop."""

    phone: list[Load]
    desktop: list[Load]

    def median(self, device: str, field: str) -> float:
        return statistics.median(getattr(load, field) for load in getattr(self, device))


def measure_photos(browser: Browser, server: PagesServer, runs: int) -> PhotoResult:
    return PhotoResult([load_once(browser, server, PHONE) for _ in range(runs)],
                       [load_once(browser, server, DESKTOP) for _ in range(runs)])


def photo_report(ours: PhotoResult, stock: PhotoResult, site: Path, runs: int) -> str:
    """The photo article's table: the lead photo's bytes, quality, LCP and CLS, against the original and stock."""
    original = LEAD_PHOTO.stat().st_size
    lines = [
        f"An article with a lead photo ({LEAD_PHOTO.name}, {Image.open(LEAD_PHOTO).size[0]}x"
        f"{Image.open(LEAD_PHOTO).size[1]}, {original} bytes) and a photo in its text; medians of {runs} cold loads.",
        "",
        f"{'':38}{'ours':>16}{'stock':>16}{'ours/stock':>12}",
    ]
    for device, name in (("phone", "phone 412 @1.75"), ("desktop", "desktop 1280 @1")):
        ours_bytes, stock_bytes = ours.median(device, "photo_bytes"), stock.median(device, "photo_bytes")
        lines.append(_row(f"lead photo bytes, {name}", ours_bytes, stock_bytes))
        lines.append(f"{'  of the original file':38}{ours_bytes / original:>16.3f}{stock_bytes / original:>16.3f}")
        delivered = getattr(ours, device)[0].photo
        quality = psnr((site / delivered.split("/", 1)[1]).read_bytes(), LEAD_PHOTO) if delivered else float("nan")
        lines.append(f"{'  file, PSNR vs the original (dB)':38}{delivered.rsplit('/', 1)[-1]:>24}{quality:>8.1f}")
        lines.append(_row(f"throttled LCP (ms), {name}", ours.median(device, "lcp"), stock.median(device, "lcp")))
        lines.append(_row(f"CLS, {name}", ours.median(device, "cls"), stock.median(device, "cls"), "{:.3f}"))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="loads of each kind per site (default 5)")
    runs = parser.parse_args().runs
    ours_server, stock_server = PagesServer("/"), PagesServer("/")
    photo_server, stock_photo_server = PagesServer("/"), PagesServer("/")
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
            photos = photo_publication(workdir)
            ours_photos = mkdocs_build(photos, workdir / "ours-photos", site_url=photo_server.url)
            stock_photos = build_stock(workdir / "stock-photos", stock_photo_server.url, photos)
            if ours_photos.returncode != 0 or stock_photos.returncode != 0:
                sys.exit(f"the photo article's builds failed:\n{ours_photos.output}\n{stock_photos.output}")
            photo_server.start(ours_photos.site_dir)
            stock_photo_server.start(stock_photos.site_dir)
            with system_browser() as browser:
                results = measure(browser, ours_server, runs), measure(browser, stock_server, runs)
                print(report(*results, runs), flush=True)
                photo_results = measure(browser, photo_server, runs), measure(browser, stock_photo_server, runs)
                print("\n" + report(*photo_results, runs).replace("same article", "same article with photos"))
                photo_loads = measure_photos(browser, photo_server, runs), measure_photos(browser, stock_photo_server, runs)
                print("\n" + photo_report(*photo_loads, ours_photos.site_dir, runs))
    except BrowserMissing as error:
        sys.exit(str(error))
    finally:
        for server in (ours_server, stock_server, photo_server, stock_photo_server):
            server.stop()


if __name__ == "__main__":
    main()
