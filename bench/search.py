"""Search benchmark: what a reader downloads to search, Pagefind (ours) against Material's search plugin.

For each size (default 1,000 and 10,000 articles) it generates a publication of
varied articles: the seed article's paragraphs with about a third of their words
drawn from a made-up vocabulary of 50,000 words, as often as a Zipf law makes them
(as words are in news text), so that an index grows with the publication as a real
one does. It builds our project and a stock Material project (its search plugin
on, as by default) from the same Markdown, serves both on loopback with gzip as
GitHub Pages does, and, for each query, in a fresh Chromium profile (a first visit):

- ours: opens the search page with the query (search/?q=…) and waits for the
  results to show;
- stock: opens the front page with the query (?q=…, which Material's search reads)
  and waits for its results to show;

counting every byte the server sent from the navigation to the first results
(gzip bodies, as the server sent them). It also checks that an article page of
ours fetches nothing of the search. Prints a table per size and the ratios.

    uv run python -m bench.search [--sizes 1000 10000]

Stock Material's navigation names only its front page: with every article in it, each page
lists every article, and at 10,000 articles its build takes well over ten minutes and
every page it serves, the one searched from included, carries the whole list. Without the
list, stock's bytes are its search's alone, and the comparison is the fairer to it.

Not part of the test run. It says how long each build took.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser

from bench.build import our_publication, stock_publication, timed_build
from harness.browser import BrowserMissing, system_browser
from harness.pages_server import PagesServer
from harness.project import ProjectArticle, seed_article

VOCABULARY = 50_000
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
# What readers search for: a word every article has, a word a few hundred do, and two words together.
QUERIES = ("Putin", "WORD-300", "Anchorage summit")


def made_up(rank: int) -> str:
    """The made-up word of this rank: two to four syllables, distinct for every rank."""
    syllables = []
    rank += len(SYLLABLES)  # at least two syllables
    while rank:
        rank, digit = divmod(rank, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
    return "".join(syllables)


_WEIGHTS = list(itertools.accumulate(1 / rank for rank in range(1, VOCABULARY + 1)))


def varied(seed: ProjectArticle, number: int) -> list[str]:
    """The seed's paragraphs, about a third of their words replaced by Zipf-drawn made-up words (the same for a number)."""
    chance = random.Random(number)
    paragraphs = []
    for paragraph in seed.paragraphs:
        words = paragraph.split(" ")
        for at in range(len(words)):
            if chance.random() < 1 / 3:
                words[at] = made_up(chance.choices(range(VOCABULARY), cum_weights=_WEIGHTS)[0])
        paragraphs.append(" ".join(words))
    return paragraphs


def query_words(query: str) -> str:
    """A query as typed: WORD-n is the made-up word of rank n."""
    return made_up(int(query[5:])) if query.startswith("WORD-") else query


def transfer(browser: Browser, server: PagesServer, url: str, results: str) -> tuple[int, int]:
    """Bytes and requests the server sent from opening `url` in a fresh profile until `results` shows."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        server.sent.clear()
        page.goto(url)
        page.wait_for_selector(results, timeout=120_000)
        page.wait_for_load_state("networkidle")
        return sum(size for _, size in server.sent), len(server.sent)
    finally:
        context.close()


def article_search_bytes(browser: Browser, server: PagesServer, url: str) -> int:
    """Bytes of anything search an article page of ours fetches (Pagefind's files or an index)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        server.sent.clear()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(2000)
        return sum(size for path, size in server.sent if "pagefind" in path or "search" in path)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000], help="articles per publication")
    arguments = parser.parse_args()
    seed = seed_article()
    print(f"Search benchmark: bytes from opening search to the first results (gzip, cold cache); seed {seed.where}")
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder, system_browser() as browser:
        workdir = Path(folder)
        for size in arguments.sizes:
            ours_project = our_publication(workdir, seed, size, lambda number: varied(seed, number))
            stock_project = stock_publication(workdir, seed, size, lambda number: varied(seed, number), whole_nav=False)
            # Our pages' policies name the site's own address: the servers are bound first, and the build told.
            ours_server, stock_server = PagesServer("/"), PagesServer("/")
            ours_build = timed_build(ours_project, ours_server.url)
            stock_build = timed_build(stock_project)
            print(f"\n{size} articles: built ours in {ours_build.seconds:.0f} s, stock in {stock_build.seconds:.0f} s")
            ours_server.start(ours_project.parent / f"{ours_project.name}-site")
            stock_server.start(stock_project.parent / f"{stock_project.name}-site")
            try:
                print(f"{'query':<24}  {'ours KB':>8}  {'req':>4}  {'stock KB':>9}  {'req':>4}  {'ours/stock':>10}")
                for query in QUERIES:
                    words = quote(query_words(query))
                    ours, ours_requests = transfer(browser, ours_server, f"{ours_server.url}search/?q={words}",
                                                   ".article-search__results li")
                    stock, stock_requests = transfer(browser, stock_server, f"{stock_server.url}?q={words}",
                                                     ".md-search-result__item")
                    print(f"{query_words(query):<24}  {ours / 1024:>8.1f}  {ours_requests:>4}  {stock / 1024:>9.1f}  "
                          f"{stock_requests:>4}  {ours / stock:>10.3f}", flush=True)
                article = sorted((ours_project / "docs").glob("article-*.md"))[0].stem
                print(f"search bytes an article page of ours fetches: "
                      f"{article_search_bytes(browser, ours_server, ours_server.url + article + '/')}")
            finally:
                ours_server.stop()
                stock_server.stop()


if __name__ == "__main__":
    try:
        main()
    except BrowserMissing as error:
        sys.exit(str(error))
