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

Each generated article has a section (of 12), one to four tags (of 400, by Zipf's law) and one or two authors
(of 60); for each size it also prints the largest section, tag or author page, gzipped, and what listing every
article's related articles costs per article, timed in this process; `--without-taxonomy` also builds each size
from an empty cache without them.

Stock Material is built only up to `--stock-up-to` articles (1,000): at 10,000 its build
takes many minutes, and the table says where it was left out.

    uv run python -m bench.build [--sizes 1 10 100 1000 10000] [--stock-up-to 1000] [--serve-size 100] [--dirty]
                                 [--without-taxonomy]

Not part of the test run: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import os
import queue
import random
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

from harness.project import REPO_ROOT, ProjectArticle, copy_project, plugin_settings, seed_article, site_config
from harness.stock_site import stock_page
from newsroom.authors import Author


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


# The taxonomy of a generated publication: sections, tags and authors as a large desk has them. Tags are drawn
# by Zipf's law (the k-th commonest 1/k as often as the first): a few in thousands of articles, most in a handful.
SECTIONS, TAGS, AUTHORS = 12, 400, 60
# The seed's own section and tags, replaced by the generated ones (or dropped, without the taxonomy).
SEED_TAXONOMY = re.compile(r"^(?:section:.*\n|tags:.*\n(?:[ ]+.*\n|-.*\n)*)", re.M)


def taxonomy_files(project: Path) -> None:
    """The generated publication's sections file and authors file."""
    sections = "".join(f"  desk-{n:02}:\n    name: Desk {n}\n    description: What desk {n} covers.\n"
                       for n in range(1, SECTIONS + 1))
    (project / "sections.yml").write_text("sections:\n" + sections, encoding="utf-8")
    authors = "".join(f"  writer-{n:02}:\n    name: Writer {n}\n"
                      + (f"    url: https://example.org/writer-{n}\n" if n % 2 else "") for n in range(1, AUTHORS + 1))
    (project / "authors.yml").write_text("authors:\n" + authors, encoding="utf-8")


_ZIPF = [1 / rank for rank in range(1, TAGS + 1)]


def taxonomy_front_matter(number: int) -> str:
    """Article `number`'s section, one to four tags (Zipf) and one or two authors, as front matter lines."""
    chooser = random.Random(number)
    tags = sorted(set(chooser.choices(range(1, TAGS + 1), weights=_ZIPF, k=chooser.randint(1, 4))))
    authors = sorted(set(chooser.choices(range(1, AUTHORS + 1), k=chooser.randint(1, 2))))
    return (f"section: desk-{chooser.randint(1, SECTIONS):02}\n"
            + "tags:\n" + "".join(f"  - Topic {tag}\n" for tag in tags)
            + "authors:\n" + "".join(f"  - writer-{author:02}\n" for author in authors))


def our_publication(workdir: Path, seed: ProjectArticle, size: int,
                    paragraphs: Callable[[int], list[str]] | None = None, taxonomy: bool = True) -> Path:
    """A copy of the project whose docs/ holds `size` articles: the seed's file under new headlines and dates
    (and, given `paragraphs`, article number n's text from it), each with a section, tags and authors (`taxonomy`)
    or none."""
    project = copy_project(workdir / f"ours-{size}{'' if taxonomy else '-plain'}")
    if taxonomy:
        taxonomy_files(project)
    settings = plugin_settings(site_config(project))
    # A cache of its own, empty: the first build is a fresh clone's (copy_project shares the repository's).
    cache = project / settings.cache_dir
    cache.unlink()
    cache.mkdir()
    # The generated articles replace the project's, and so do their (absent) approved texts:
    # the build would otherwise stop on an approved address that no article has.
    published = Path(settings.approved_texts)
    for old in [*(project / "docs").glob("*.md"), *published.glob("*.txt")]:
        old.unlink()
    source = SEED_TAXONOMY.sub("", seed.path.read_text(encoding="utf-8"))
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
        if taxonomy:
            text = text.replace("\n---\n", f"\n{taxonomy_front_matter(number)}---\n", 1)
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


def related_cost(size: int) -> float:
    """Microseconds per article to list every article's related articles at `size` articles, in this process: the
    indexes made (newsroom.taxonomy.Taxonomy.of) and each article's list ranked, as the build does."""
    import yaml

    from newsroom.articles import Article, newest_first
    from newsroom.front_matter import ArticleMeta
    from newsroom.taxonomy import Section, Taxonomy

    articles = []
    for number in range(1, size + 1):
        meta = ArticleMeta()
        meta.load_dict({"title": f"Article {number}", "description": "A standfirst.",
                        "date": datetime.date(2026, 1, 1) - datetime.timedelta(days=number // 3),
                        **yaml.safe_load(taxonomy_front_matter(number))})
        failed, _ = meta.validate()
        assert not failed, failed
        articles.append(Article(f"docs/a-{number}.md", f"a-{number}.md", f"a-{number}/", meta, ""))
    articles = newest_first(articles)
    sections = {f"desk-{n:02}": Section(f"desk-{n:02}", f"Desk {n}", "A desk.") for n in range(1, SECTIONS + 1)}
    authors = {f"writer-{n:02}": Author(f"writer-{n:02}", f"Writer {n}") for n in range(1, AUTHORS + 1)}
    start = time.perf_counter()
    taxonomy = Taxonomy.of(articles, sections, authors, False, "sections.yml")
    for article in articles:
        taxonomy.related(article)
    return (time.perf_counter() - start) / size * 1e6


def largest_listing(site: Path) -> tuple[int, str]:
    """The largest section, tag or author page of a built site, gzipped: its bytes and its name."""
    pages = [path for folder in ("section", "tag", "author") for path in (site / folder).rglob("index.html")]
    return max(((len(gzip.compress(path.read_bytes())), path.relative_to(site).as_posix()) for path in pages),
               default=(0, "none"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000, 10_000], help="articles per publication")
    parser.add_argument("--stock-up-to", type=int, default=1000,
                        help="build stock Material only up to this many articles (it takes minutes beyond)")
    parser.add_argument("--serve-size", type=int, default=100, help="articles for the serve rebuild (0: skip it)")
    parser.add_argument("--dirty", action="store_true", help="time `mkdocs serve --dirty`, which rebuilds only changed pages")
    parser.add_argument("--no-photo-costs", action="store_true", help="skip the photo costs at 100 articles")
    parser.add_argument("--without-taxonomy", action="store_true",
                        help="also build each size cold without sections, tags and authors, to show what they cost")
    arguments = parser.parse_args()
    seed = seed_article()
    print(f"Build benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; seed {seed.where}")
    header = (f"{'articles':>8}  {'ours cold s':>11}  {'ours warm s':>11}  {'stock s':>7}  {'cold/stock':>10}  "
              f"{'warm/stock':>10}  {'ours MiB':>8}  {'all MiB':>7}  {'stock MiB':>9}  {'ours ms/art':>11}  {'stock ms/art':>12}")
    print(header, flush=True)
    previous: tuple[int, Timing, Timing | None] | None = None
    skipped: list[int] = []
    taxonomy_lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
        workdir = Path(folder)
        for size in arguments.sizes:
            ours_project = our_publication(workdir, seed, size)
            cold = timed_build(ours_project)
            listing_bytes, listing = largest_listing(ours_project.parent / f"{ours_project.name}-site")
            warm = timed_build(ours_project)
            line = (f"{size:>8,} articles: largest listing page {listing_bytes:,} bytes gzipped ({listing}); "
                    f"related articles {related_cost(size):.0f} µs an article")
            if arguments.without_taxonomy:
                plain_project = our_publication(workdir, seed, size, taxonomy=False)
                plain = timed_build(plain_project)
                line += (f"; cold build without the taxonomy {plain.seconds:.2f} s, with it {cold.seconds:.2f} s "
                         f"(+{cold.seconds - plain.seconds:.2f} s), peak {plain.peak_mib:.0f} MiB / all {plain.tree_mib:.0f} MiB")
                shutil.rmtree(plain_project)
            taxonomy_lines.append(line)
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
        print(f"\nSections, tags and people ({SECTIONS} sections, {TAGS} tags by Zipf's law, {AUTHORS} authors):", flush=True)
        print("\n".join(taxonomy_lines), flush=True)
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
