"""Build benchmark: this site against stock Material at 1, 10, 100, 1,000 and 10,000 articles, in one run.

For each size it generates a publication of that many articles (the newest
article's text under distinct headlines, one a day further back) and builds it
twice from the same Markdown, each in a fresh process:

- ours: a copy of the project with those articles in docs/, built as the README
  does (`mkdocs build --strict`), first with no social cards cached (a fresh
  clone) and again with them cached (every later build, and `mkdocs serve`);
- stock: Material's defaults (search on, Roboto), the same headlines and text
  as plain pages.

Every tenth article has a lead photo (a real 2-megapixel photograph from
tests/fixtures/photos/), so photo articles are among every size.

It prints seconds, peak memory ("ours MiB": the largest resident set of the build's process
or of a process it started, such as Pagefind; "all MiB": the most its processes held at once,
together, sampled every 50 ms) and our/stock ratios per size, and the cost of each article beyond the first from one size to
the next, which is flat when the per-page work is. Then, at 100 articles: the cost of
a rebuild with every photo cached (and how many photos it encoded: none), and of a
build after adding one new photo (encoded cold); and one `mkdocs serve` rebuild after
a one-word edit, for both, from the moment the file is saved to MkDocs'
"Documentation built" line.

Stock Material is built only up to `--stock-up-to` articles (1,000): at 10,000 its build
takes many minutes, and the table says where it was left out.

    uv run python -m bench.build [--sizes 1 10 100 1000 10000] [--stock-up-to 1000] [--serve-size 100] [--dirty]

Not part of the test run: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from harness.project import REPO_ROOT, ProjectArticle, copy_project, lead_article, plugin_settings, site_config
from harness.stock_site import stock_page


@dataclass(frozen=True)
class Timing:
    seconds: float
    # The largest resident set of the build's process or of any process it started (Pagefind, card drawing).
    peak_mib: float
    # The most the build's processes held at once, all together (sampled every 50 ms).
    tree_mib: float


def _environment(site_url: str | None = None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    if site_url is not None:
        environment["SITE_URL"] = site_url
    return environment


def timed_build(project: Path, site_url: str | None = None) -> Timing:
    """Build `project` in a fresh process (for `site_url`, where the site will be served); its wall time and peak memory."""
    site = project.parent / f"{project.name}-site"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                               cwd=project, env=_environment(site_url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_kib = 0
    finished = threading.Event()

    def sample() -> None:
        nonlocal peak_kib
        while not finished.wait(0.05):
            peak_kib = max(peak_kib, _tree_rss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    finished.set()
    sampler.join()
    errors = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the build of {project} failed:\n{errors}")
    return Timing(seconds, usage.ru_maxrss / 1024, peak_kib / 1024)


def _tree_rss_kib(pid: int) -> int:
    """The resident memory of a process and every process under it, now, in KiB (Linux's /proc). Shared pages
    count once per process, so this errs high."""
    total, waiting = 0, [pid]
    while waiting:
        current = waiting.pop()
        try:
            found = re.search(r"^VmRSS:\s+(\d+)", Path(f"/proc/{current}/status").read_text(), re.M)
            total += int(found[1]) if found else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                waiting += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue  # it ended while being read
    return total


def headline(seed: ProjectArticle, number: int) -> str:
    """A distinct headline for article `number`, as long as the seed's."""
    return f"{number}: {seed.meta.title}"


def our_publication(workdir: Path, seed: ProjectArticle, size: int,
                    paragraphs: Callable[[int], list[str]] | None = None) -> Path:
    """A copy of the project whose docs/ holds `size` articles: the seed's file under new headlines and dates
    (and, given `paragraphs`, article number n's text from it)."""
    project = copy_project(workdir / f"ours-{size}")
    settings = plugin_settings(site_config(project))
    # A cache of its own, empty: the first build is a fresh clone's (copy_project shares the repository's).
    cache = project / settings.cache_dir
    cache.unlink()
    cache.mkdir()
    # The generated articles replace the project's, and so do their (absent) approved texts:
    # the build would otherwise stop on an approved address that no article has.
    published = Path(settings.published)
    for old in [*(project / "docs").glob("*.md"), *published.glob("*.txt")]:
        old.unlink()
    source = seed.path.read_text(encoding="utf-8")
    title_line = next(line for line in source.splitlines() if line.startswith("title:"))
    date_line = next(line for line in source.splitlines() if line.startswith("date:"))
    images = project / "docs" / "images"
    images.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LEAD_PHOTO, images / "lead.jpg")
    for number in range(1, size + 1):
        day = seed.meta.date - datetime.timedelta(days=number - 1)
        text = source.replace(title_line, f"title: {headline(seed, number)!r}", 1).replace(date_line, f"date: {day}", 1)
        if number % PHOTO_EVERY == 0:
            text = text.replace("\n---\n", f"\n{PHOTO_FRONT_MATTER}---\n", 1)
        if paragraphs is not None:
            text = text[:text.index("\n---\n", 4) + 5] + "\n" + "\n\n".join(paragraphs(number)) + "\n"
        (project / "docs" / f"article-{number:04}.md").write_text(text, encoding="utf-8")
    return project


# Every tenth generated article leads with a real photograph (tests/fixtures/photos/LICENCES.md).
PHOTO_EVERY = 10
LEAD_PHOTO = REPO_ROOT / "tests" / "fixtures" / "photos" / "retina.jpg"
PHOTO_FRONT_MATTER = ("image:\n  src: images/lead.jpg\n  alt: A photograph of the back of a healthy left eye\n"
                      "  credit: Mikael Häggström (CC0)\n")


def photo_costs(workdir: Path, seed: ProjectArticle, size: int) -> str:
    """A rebuild with every photo cached (and the photos it encoded), then a build after adding one new photo."""
    project = our_publication(workdir, seed, size)
    cache = project / plugin_settings(site_config(project)).cache_dir / "photos"
    timed_build(project)  # every photo encoded once, as a maintainer's earlier builds left them
    entries = set(cache.iterdir())
    warm = timed_build(project)
    encoded = len(set(cache.iterdir()) - entries)
    # A photo no build has seen: the lead photo, mirrored and cropped at a place of this run's own.
    image = ImageOps.mirror(Image.open(LEAD_PHOTO))
    offset = int(time.time()) % 100
    image.crop((offset, offset, image.width - 100 + offset, image.height - 100 + offset)).save(
        project / "docs" / "images" / "new.jpg", quality=92)
    article = sorted((project / "docs").glob("article-*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\n![A new photo](images/new.jpg)\n",
                       encoding="utf-8")
    cold = timed_build(project)
    shutil.rmtree(project)
    return (f"photos at {size} articles: a rebuild with every photo cached {warm.seconds:.2f} s, photos encoded {encoded}; "
            f"after adding one new photo {cold.seconds:.2f} s (+{cold.seconds - warm.seconds:.2f} s for that photo)")


def stock_publication(workdir: Path, seed: ProjectArticle, size: int,
                      paragraphs: Callable[[int], list[str]] | None = None, whole_nav: bool = True) -> Path:
    """A stock Material project of the same articles: Material's defaults, each article a plain page.

    Without `whole_nav`, its navigation names the front page alone: every page's navigation would
    otherwise list every article, which at 10,000 articles takes Material's build well over ten minutes
    (every page renders every link) and adds the list's bytes to every page."""
    project = workdir / f"stock-{size}"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Stock\nsite_url: http://127.0.0.1:8000/\ntheme:\n  name: material\n"
        + ("" if whole_nav else "nav:\n  - index.md\n"), encoding="utf-8")
    (project / "docs" / "index.md").write_text(stock_page("Front page", ["The articles."]), encoding="utf-8")
    for number in range(1, size + 1):
        page = stock_page(headline(seed, number), paragraphs(number) if paragraphs else seed.paragraphs)
        (project / "docs" / f"article-{number:04}.md").write_text(page, encoding="utf-8")
    return project


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve_rebuild(project: Path, dirty: bool = False) -> float:
    """Seconds from saving a one-word edit to `mkdocs serve` (with --dirty: rebuilding only changed pages) reporting
    the rebuild done."""
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []), "--dev-addr", f"127.0.0.1:{_free_port()}"],
        cwd=project, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.perf_counter(), line))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(text: str, after: float) -> float:
        deadline = time.perf_counter() + 600
        while time.perf_counter() < deadline:
            at, line = lines.get(timeout=600)
            if text in line and at >= after:
                return at
        raise SystemExit(f"mkdocs serve never said {text!r}")

    try:
        wait_for("Serving on", 0)
        time.sleep(1)  # let the watcher settle
        article = sorted((project / "docs").glob("article-*.md"))[len(list((project / "docs").glob("article-*.md"))) // 2]
        text = article.read_text(encoding="utf-8")
        saved = time.perf_counter()
        article.write_text(text.replace(" summit", " meeting", 1), encoding="utf-8")
        return wait_for("Documentation built", saved) - saved
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000, 10_000], help="articles per publication")
    parser.add_argument("--stock-up-to", type=int, default=1000,
                        help="build stock Material only up to this many articles (it takes minutes beyond)")
    parser.add_argument("--serve-size", type=int, default=100, help="articles for the serve rebuild (0: skip it)")
    parser.add_argument("--dirty", action="store_true", help="time `mkdocs serve --dirty`, which rebuilds only changed pages")
    parser.add_argument("--no-photo-costs", action="store_true", help="skip the photo costs at 100 articles")
    arguments = parser.parse_args()
    seed = lead_article()
    print(f"Build benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; seed {seed.where}")
    header = (f"{'articles':>8}  {'ours cold s':>11}  {'ours warm s':>11}  {'stock s':>7}  {'cold/stock':>10}  "
              f"{'warm/stock':>10}  {'ours MiB':>8}  {'all MiB':>7}  {'stock MiB':>9}  {'ours ms/art':>11}  {'stock ms/art':>12}")
    print(header, flush=True)
    previous: tuple[int, Timing, Timing | None] | None = None
    skipped: list[int] = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
        workdir = Path(folder)
        for size in arguments.sizes:
            ours_project = our_publication(workdir, seed, size)
            cold = timed_build(ours_project)
            warm = timed_build(ours_project)
            stock: Timing | None = None
            if size <= arguments.stock_up_to:
                stock_project = stock_publication(workdir, seed, size)
                stock = timed_build(stock_project)
                shutil.rmtree(stock_project)
            marginal = ("", "")
            if previous is not None:
                size_before, warm_before, stock_before = previous
                added = size - size_before
                marginal = (f"{(warm.seconds - warm_before.seconds) / added * 1000:.1f}",
                            f"{(stock.seconds - stock_before.seconds) / added * 1000:.1f}" if stock and stock_before else "")
            stock_columns = f"{'-':>7}  {'-':>10}  {'-':>10}"
            if stock:
                ratios = f"{cold.seconds / stock.seconds:>10.2f}  {warm.seconds / stock.seconds:>10.2f}"
                stock_columns = f"{stock.seconds:>7.2f}  {ratios}"
            print(f"{size:>8}  {cold.seconds:>11.2f}  {warm.seconds:>11.2f}  {stock_columns}  "
                  f"{max(cold.peak_mib, warm.peak_mib):>8.0f}  {max(cold.tree_mib, warm.tree_mib):>7.0f}  "
                  f"{f'{stock.peak_mib:.0f}' if stock else '-':>9}  "
                  f"{marginal[0]:>11}  {marginal[1]:>12}", flush=True)
            if stock is None:
                skipped.append(size)
            previous = (size, warm, stock)
            shutil.rmtree(ours_project)
        if skipped:
            print(f"(stock Material not built at {', '.join(f'{size:,}' for size in skipped)} articles: over --stock-up-to "
                  f"{arguments.stock_up_to:,}, where its build takes minutes; ours only)", flush=True)
        if not arguments.no_photo_costs:
            print(photo_costs(workdir, seed, 100), flush=True)
        if arguments.serve_size:
            ours_project = our_publication(workdir, seed, arguments.serve_size)
            stock_project = stock_publication(workdir, seed, arguments.serve_size)
            timed_build(ours_project)  # the cards, as a maintainer's earlier builds left them
            ours_rebuild = serve_rebuild(ours_project, arguments.dirty)
            stock_rebuild = serve_rebuild(stock_project, arguments.dirty)
            command = "mkdocs serve --dirty" if arguments.dirty else "mkdocs serve"
            print(f"\n{command}, one-word edit at {arguments.serve_size} articles: ours {ours_rebuild:.2f} s, "
                  f"stock {stock_rebuild:.2f} s, ratio {ours_rebuild / stock_rebuild:.2f}")


if __name__ == "__main__":
    main()
