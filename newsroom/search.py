"""Search that costs an article page nothing: Pagefind's index of the built site, loaded only by the search page.

Material's search plugin fetches an index of the whole site, and a worker, on every
page load. Here Pagefind (PyPI `pagefind`, its binary from `pagefind-bin`) indexes the
written site once it is built: the article bodies (`data-pagefind-body`), with each
article's headline, standfirst and date as the metadata its results show. The search
page (`search/`, its layout `layouts/search.html`) imports Pagefind's script only when
the reader searches, and Pagefind then fetches the few index chunks the words need.
Results come newest first, in the order of the front page and the archive (`search_order`).
Only the search page's policy admits the script, its fetches and WebAssembly
(`'wasm-unsafe-eval'`); no other page loads any of it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from newsroom.articles import SEARCH

# The search page's source in the site (a generated page), and where Pagefind's bundle goes.
SEARCH_PAGE = f"{SEARCH}.md"
BUNDLE = "pagefind/"
# What the search page loads of the bundle: its script, and then by fetch its WebAssembly and index.
SCRIPT = BUNDLE + "pagefind.js"
# Pagefind's own interfaces and its worker, which the search page does not use (it searches on the page).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
# What a merged section needs of its bundle besides its index/, fragment/ and filter/ folders: the script and
# the WebAssembly are the first section's.
SECTION_FILES = ("pagefind-entry.json", "*.pf_meta")


# The most articles a section holds under `mkdocs serve --dirty`, whatever the setting: a save re-indexes only the
# section of the article changed (a tenth of a second for 100, against 1.2 s for 1,000). A preview's search page
# merges more sections, which costs nothing on the maintainer's own machine; the published site is never dirty.
PREVIEW_SECTION = 100


def section_size(setting: int, dirty: bool) -> int:
    """How many articles a section holds at most in this build: the `search_index_articles` setting, or fewer in a
    --dirty preview."""
    return min(setting, PREVIEW_SECTION) if dirty else setting


def sections(count: int, per_index: int) -> list[str]:
    """Where each section of a publication of `count` articles is indexed, at most `per_index` articles in each,
    by its path in the site: the first is the bundle the search page imports, the others are merged into it.

    Pagefind's indexer holds about 250 KB of memory per page until it writes its
    index (Pagefind/pagefind#842): 2.4 GB for 10,000 articles in one index. In
    sections, indexed one after another, it never holds more than one section.
    The search page merges them (Pagefind's mergeIndex), which costs a search one
    small metadata file and the searched words' chunks per section; the script and
    its WebAssembly are fetched once. Sections are newest first, so the page lists each section's results after
    the newer section's (`search_order`).
    """
    return [BUNDLE] + [f"{BUNDLE}section-{number}/" for number in range(2, math.ceil(count / per_index) + 1)]


# An article's search key counts microseconds back from 10**18 microseconds after 1970 (the year 33,658), so that a
# later article has the smaller key; every moment Python can hold is then 19 digits.
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_KEY_ORIGIN = 10**18


def search_order(published: datetime.datetime, name: str) -> str:
    """An article's key in Pagefind's `order` sort (its `data-pagefind-sort`), in which search results come: ascending,
    it is the front page's and the archive's order (newsroom.articles.reading_order), newest moment first, then by
    address.

    Pagefind compares a sort's values as strings, byte by byte (numbers only as 32-bit floats, too coarse for a
    moment): the key is the time from the moment to a far future, in microseconds and zero-padded, then the address.
    The search page sorts each section's results by it and lists the sections in turn, the newest first
    (layouts/search.html): searched together, Pagefind would rank the merged sections' results by score.
    """
    return f"{_KEY_ORIGIN - (published - _EPOCH) // datetime.timedelta(microseconds=1):019d} {name}"


def index_site(site: Path, pages: list[str], folders: list[str], indexed: dict[str, str]) -> set[str]:
    """Index the written site's article pages (`pages`, their files' paths in the site, newest first) with Pagefind,
    in as many sections as `folders` names (see `sections`); drop what the search page does not load (Pagefind's
    interfaces and worker, and the WebAssembly of languages no page has); return the bundles' files, by their paths
    in the site.

    `indexed` holds what each section's folder was last indexed from (its pages' names, sizes and times): a
    section whose pages are the same files as then is not indexed again. A full build starts from an empty
    site and passes an empty one; a --dirty preview keeps it from one build to the next.
    """
    count = len(folders)
    for number, folder in enumerate(folders):
        # Sections of nearly equal size, newest articles first.
        held = pages[number * len(pages) // count:(number + 1) * len(pages) // count]
        source = _files_of(site, held)
        if indexed.get(folder) != source or not (site / folder / "pagefind-entry.json").is_file():
            _index_section(site, held, site / folder)
            indexed[folder] = source
    for name in UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    reachable = reachable_wasm([site / folder for folder in folders])
    for wasm in (site / BUNDLE).glob("wasm.*.pagefind"):
        if wasm.name not in reachable:
            wasm.unlink()
    for folder in folders[1:]:
        for path in (site / folder).iterdir():
            if path.is_file() and not any(path.match(name) for name in SECTION_FILES):
                path.unlink()
    return {path.relative_to(site).as_posix() for path in (site / BUNDLE).rglob("*") if path.is_file()}


def reachable_wasm(bundles: list[Path]) -> set[str]:
    """The WebAssembly files a search can fetch, by name: one for each language the bundles' pagefind-entry.json
    lists. Pagefind writes one more, wasm.unknown.pagefind (68 KB), for pages that declare no language; no page of a
    site whose pages all declare one can reach it, yet every deploy would ship it.

    pagefind.js picks a language from the entry file (the page's own when listed) and fetches
    `wasm.<its "wasm">.pagefind`, or `wasm.unknown.pagefind` when the entry gives none.
    """
    languages = [language for bundle in bundles
                 for language in json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].values()]
    return {f"wasm.{language.get('wasm') or 'unknown'}.pagefind" for language in languages}


def _files_of(site: Path, pages: list[str]) -> str:
    """A digest of which files these pages are: each one's name, size and time of last change."""
    stated = ((page, (site / page).stat()) for page in pages)
    return hashlib.sha256("\n".join(f"{page} {stat.st_size} {stat.st_mtime_ns}" for page, stat in stated).encode()).hexdigest()


def _index_section(site: Path, pages: list[str], output: Path) -> None:
    """Run Pagefind on these pages alone into `output`: it indexes a folder, so the pages are linked (copied only on
    a file system without links) into a hidden folder of the site, at the same paths, for as long as it runs."""
    with tempfile.TemporaryDirectory(dir=site, prefix=".search-section-") as folder:
        for page in pages:
            (Path(folder) / page).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / page, Path(folder) / page)
            except OSError:  # a file system without hard links
                shutil.copyfile(site / page, Path(folder) / page)
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", folder, "--output-path", str(output)],
                                capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise PluginError(f"newsroom search: Pagefind could not index the site:\n{result.stdout}{result.stderr}")
