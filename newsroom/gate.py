"""The publication's gate, `newsroom check`: nothing is deployed that it has not passed.

    uv run newsroom check [--site-dir _site] [--after-tests] [--every-page]

In order, stopping at the first that fails:

1. the approved texts: every article's text is its approved text (`newsroom approve --check`);
2. the strict build, into `--site-dir` (what the workflow then uploads), for the address the
   environment gives (`SITE_URL`), at the build's clock (`NEWSROOM_NOW`, else the real time);
3. the read-backs of every page whose published bytes changed since the last clean gate: each
   page opened in the system Chromium at its own address (newsroom.verify.serve) in every layout
   a reader can get, at load, after scrolling, after a tab switch and after ten seconds, its
   text read from the DOM (newsroom.verify.dom) and from the pixels (newsroom.verify.pixels),
   and held to its article's approved text and front matter, or to its own HTML.

Which pages changed is the verification record's to say (newsroom.verify.record): a page whose
bytes, and the bytes of every file it loads, are those of a clean reading is not read again. A
change of code (newsroom.verify.record.CODE) changes every page's bytes; the test suite then
judges the code on its own articles, and with `--after-tests` (the workflow passes it once the
suite has passed on the same commit) the gate reads back one page of each kind, and every page
whose words changed, and takes the rest, whose words are those of their last clean reading, as
verified. Without it, a change of code reads back every page it changed.

A failure names the page, the article's file, the layout, the moment and what the reader does
not get; the record keeps what was read clean, so the next run reads only what is left.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from mkdocs.config import load_config
from playwright.sync_api import BrowserContext

from newsroom.authors import read_authors
from newsroom.cli import CONFIG_LOADING, Project, check, quiet_loader
from newsroom.verify.browser import system_browser
from newsroom.verify.pixels import LAYOUTS, PageReading, PixelReader, Visit
from newsroom.verify.record import Record, Verified, code_fingerprint
from newsroom.verify.serve import SiteRoutes
from newsroom.verify.site import BuiltPage, BuiltSite

# How many pages are open in the browser at once, each in every layout: the ten seconds a reading waits for are
# paid once a batch, and each open page holds a renderer's memory (eight layouts of four pages: about 3 GB).
PAGES_AT_ONCE = 4


@dataclass
class Plan:
    """What the gate does with each page of the build."""

    # Read back in every layout.
    read: list[BuiltPage] = field(default_factory=list)
    # Its bytes and what it loads are those of a clean reading.
    unchanged: list[BuiltPage] = field(default_factory=list)
    # After a change of code the suite has judged: its words are those of its last clean reading, and a page of its
    # kind is read back.
    by_kind: list[BuiltPage] = field(default_factory=list)
    # Checked without a browser: a page at an old address, which sends the reader on at once.
    static: list[BuiltPage] = field(default_factory=list)


def plan(pages: list[BuiltPage], record: Record, code: str, after_tests: bool, every_page: bool,
         words: Callable[[BuiltPage], str]) -> Plan:
    """Which pages to read back: those whose bytes (or what they load) changed since their last clean reading, and after
    a change of code at least one page of each kind (with `after_tests`, only those and the pages whose words
    (`words`, asked only of a page whose bytes changed) changed); every page with `every_page`."""
    chosen = Plan()
    code_changed = record.code != code
    for page in pages:
        known = record.pages.get(page.name)
        if page.kind == "old address":
            chosen.static.append(page)
        elif not every_page and known is not None and known.key == page.key:
            chosen.unchanged.append(page)
        elif code_changed and after_tests and known is not None and known.words == words(page):
            chosen.by_kind.append(page)
        else:
            chosen.read.append(page)
    if code_changed:
        kinds = {page.kind for page in chosen.read}
        for page in [*chosen.by_kind, *chosen.unchanged]:
            if page.kind not in kinds:
                kinds.add(page.kind)
                (chosen.by_kind if page in chosen.by_kind else chosen.unchanged).remove(page)
                chosen.read.append(page)
    return chosen


def old_address_problems(site: BuiltSite, page: BuiltPage) -> list[str]:
    """A page at an old address must send the reader, by its refresh and by its visible link, to a page of the site."""
    soup = BeautifulSoup(site.html(page.name), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    target = str(refresh.get("content", "")).partition("url=")[2] if refresh is not None else ""
    link = soup.select_one("body a[href]")
    where = urljoin(site.url(page.name), target)
    name = where.removeprefix(site.site_url) + "index.html"
    problems = []
    if not where.startswith(site.site_url) or not (site.folder / name).is_file():
        problems.append(f"{page.name}: its refresh sends the reader to {target!r}, which is no page of the site")
    if link is None or urljoin(site.url(page.name), str(link["href"])) != where:
        problems.append(f"{page.name}: its link does not lead where its refresh does ({target!r})")
    return problems


def read_back(site: BuiltSite, pages: list[BuiltPage], shots: Path, say: Callable[[str], None]) -> dict[str, list[str]]:
    """Read each page back in every layout; what the reader does not get, by page (none for a clean one)."""
    found: dict[str, list[str]] = {page.name: [] for page in pages}
    routes: dict[int, tuple[str, SiteRoutes]] = {}

    def serve(context: BrowserContext, visit: Visit) -> None:
        answer = SiteRoutes(site.folder, site.site_url)
        routes[id(context)] = (visit.name, answer)
        answer(context)

    began = time.monotonic()
    readings: list[tuple[Visit, PageReading]] = []
    with system_browser() as browser:
        reader = PixelReader(browser, shots, serve)
        try:
            for start in range(0, len(pages), PAGES_AT_ONCE):
                batch = pages[start:start + PAGES_AT_ONCE]
                visits = [Visit(page.name, site.url(page.name), layout, site.expected(page))
                          for page in batch for layout in LAYOUTS]
                # Tesseract reads one batch's screenshots while the browser takes the next's.
                readings += zip(visits, reader.read_pages(visits, wait=False), strict=True)
                for name, answer in routes.values():
                    found[name] += [f"{name}: requested another site's {url}" for url in answer.foreign]
                routes.clear()
                say(f"  shot {', '.join(page.name for page in batch)} in {len(LAYOUTS)} layouts "
                    f"({time.monotonic() - began:.0f} s)")
            for visit, reading in readings:
                found[visit.name] += reading.problems()
        finally:
            reader.close()
    say(f"  read back {len(pages)} pages in {len(LAYOUTS)} layouts in {time.monotonic() - began:.0f} s")
    return found


def commit_of(root: Path) -> str | None:
    """The commit the work tree is at, where git knows it."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def run(project: Project, config_file: Path, site_dir: Path, after_tests: bool, every_page: bool,
        shots: Path | None = None, say: Callable[[str], None] = print) -> int:
    """The gate on the project whose mkdocs.yml is `config_file`, read as `project`: 0 passed, 1 failed."""
    started = time.monotonic()
    if check(project) != 0:
        return 1
    say("building the site: mkdocs build --strict")
    building = time.monotonic()
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
                            str(config_file), "--site-dir", str(site_dir)],
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    if build.returncode != 0:
        say(f"newsroom check: the strict build failed (exit {build.returncode}): {site_dir} is left as it was")
        return 1
    say(f"built in {time.monotonic() - building:.1f} s")
    with CONFIG_LOADING, quiet_loader():
        config = load_config(str(config_file))
        settings = config.plugins["newsroom"].config
    site = BuiltSite(site_dir, config.site_url or "", project.articles, project.approved_texts,
                     read_authors(Path(settings.authors), project.root), project.policies)
    pages = [site.page(name) for name in site.names()]
    record = Record.load(project.root / settings.cache_dir)
    code = code_fingerprint(project.root)
    said: dict[str, str] = {}

    def words(page: BuiltPage) -> str:
        """The page's words' digest, made once (a listing's means parsing it)."""
        if page.name not in said:
            said[page.name] = site.words(page)
        return said[page.name]

    chosen = plan(pages, record, code, after_tests, every_page, words)
    say(f"{len(pages)} pages: {len(chosen.unchanged)} unchanged since their last clean reading, "
        + (f"{len(chosen.by_kind)} whose words are unchanged after a change of code the tests passed, "
           if chosen.by_kind else "")
        + f"{len(chosen.read)} to read back" + (f" ({', '.join(sorted({p.kind for p in chosen.read}))})"
                                               if chosen.read else ""))
    problems = {page.name: old_address_problems(site, page) for page in chosen.static}
    with tempfile.TemporaryDirectory(prefix="newsroom-check-") as folder:
        screenshots = shots or Path(folder)
        screenshots.mkdir(parents=True, exist_ok=True)
        if chosen.read:
            problems.update(read_back(site, chosen.read, screenshots, say))
    clean = [page for page in [*chosen.read, *chosen.static] if not problems.get(page.name)]
    for page in [*clean, *chosen.by_kind]:
        record.pages[page.name] = Verified(page.key, words(page), page.kind)
    names = {page.name for page in pages}
    record.pages = {name: entry for name, entry in record.pages.items() if name in names}
    failed = {name: found for name, found in problems.items() if found}
    if not failed:
        record.code, record.commit = code, commit_of(project.root)
    record.save()
    if failed:
        by_name = {page.name: page for page in pages}
        for name, found in failed.items():
            page = by_name[name]
            say(f"\n{page.source}" + (f" (its page {name})" if page.source != name else "") + ": what a reader gets is "
                "not what was approved:")
            say("\n".join(f"  {problem}" for problem in found[:40]))
            if len(found) > 40:
                say(f"  … and {len(found) - 40} more")
        say(f"\nnewsroom check: {len(failed)} of {len(chosen.read) + len(chosen.static)} pages failed; nothing may be "
            "deployed")
        return 1
    say(f"newsroom check: passed in {time.monotonic() - started:.0f} s; {site_dir} may be deployed")
    return 0
