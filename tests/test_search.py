"""Search: the search page finds articles by their words, with Pagefind's index, and no other page pays for it.

In the system Chromium, on the committed site and on a copy with many articles: a word
of an article's text, typed and submitted with the keyboard, lists every article that has
it, newest first, with its headline, standfirst and date; the page breaks no rule of its policy; everything it
loads comes from the site; and an article's page never loads any of it.
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from browser_visit import every_search_result, load, visit, wait_until
from conftest import Site, written_date
from newsroom.search import BUNDLE, SCRIPT, search_order

pytestmark = pytest.mark.browser

LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));"""


@pytest.fixture
def many_articles(every_site: list[Site]) -> Site:
    """The legitimately edited copy with many articles, its index in several sections (legit_edits.py)."""
    return next(s for s in every_site if s.label == "many articles and shorter lists")


def _rare_word(site: Site) -> tuple[str, list[str]]:
    """A long word of the oldest article's text, and the addresses of the articles whose text has it."""
    word = max(re.findall(r"[A-Za-z]{6,}", " ".join(site.listed[-1].approved_paragraphs())), key=len)
    # A withdrawn article is in no index (newsroom.desk).
    having = [a.address for a in site.listed if re.search(rf"\b{word}\b", " ".join(a.approved_paragraphs()), re.I)]
    return word, having


@pytest.mark.parametrize("which", ["the corpus", "many articles"])
def test_search_finds_articles_by_their_words(browser: Browser, site: Site, many_articles: Site, which: str) -> None:
    """Should list, for a word of an article's text, every article that has it, newest first (as the front page
    does, across every section of the index), with headline, standfirst and date, using only the site's files and
    breaking no rule of the page's policy; typed and submitted from the keyboard."""
    built = site if which == "the corpus" else many_articles
    word, having = _rare_word(built)
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        load(page, built.url + "search/")
        assert not any(BUNDLE in url for url in requests), "the search page loads Pagefind before the reader searches"
        page.keyboard.press("Tab")
        while page.evaluate("document.activeElement.id") != "search-words":
            page.keyboard.press("Tab")
        page.keyboard.type(word)
        page.keyboard.press("Enter")
        wait_until(page, "document.querySelector('.article-search__status').textContent.includes('found')")
        # Ten at a time: ask for more, from the keyboard, until every result is listed.
        while page.is_visible(".article-search__more button"):
            listed = page.locator(".article-search__results li").count()
            page.focus(".article-search__more button")
            page.keyboard.press("Enter")
            wait_until(page, f"document.querySelectorAll('.article-search__results li').length > {listed}")
            assert page.evaluate("document.activeElement.closest('li') !== null"), "focus did not move to the new results"
        shown = page.evaluate("""[...document.querySelectorAll('.article-search__results li')].map(li => ({
            href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent,
            standfirst: li.querySelector('p').textContent, date: li.querySelector('time').getAttribute('datetime'),
            label: li.querySelector('time').textContent}))""")
        violations = page.evaluate("window.__violations")
    finally:
        context.close()
    assert not violations, f"the search page broke its policy: {violations}"
    assert all(url.startswith(built.url) for url in requests), [url for url in requests if not url.startswith(built.url)]
    by_address = {a.address: a for a in built.articles}
    found = [result["href"].removeprefix(urlsplit(built.url).path) for result in shown]
    assert sorted(found) == sorted(having), f"searching {word!r} listed {found}; the articles with it: {having}"
    # Newest first, articles of one moment by address, as the front page and the archive list them.
    newest_first = sorted(having, key=lambda address: (-built.moment(by_address[address].meta.date).timestamp(),
                                                       address.removesuffix("/")))
    assert found == newest_first, f"searching {word!r} listed {found}, not newest first: {newest_first}"
    for result, address in zip(shown, found, strict=True):
        meta = by_address[address].meta
        assert (result["title"], result["standfirst"], result["date"], result["label"]) == (
            meta.title, meta.description, built.machine_date(meta.date), written_date(meta.date, built.zone)), result


# Pagefind's WebAssembly arrives half a second late, so that the reader's next search starts while the first is still
# setting Pagefind up.
SLOW_START = """const fetched = window.fetch;
window.fetch = (...asked) => String(asked[0]).includes("/wasm.")
  ? new Promise(done => setTimeout(done, 500)).then(() => fetched(...asked)) : fetched(...asked);"""


def test_asking_again_at_once_lists_each_article_once(browser: Browser, many_articles: Site) -> None:
    """Should list every article with the word once, and count each once, when the reader searches again while Pagefind
    is still being set up (every section merged once, and only the newest search listed)."""
    built = many_articles
    word, having = _rare_word(built)
    context = browser.new_context()
    context.add_init_script(SLOW_START)
    page = context.new_page()
    try:
        page.goto(f"{built.url}search/?q={word}", wait_until="domcontentloaded")
        page.focus("#search-words")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        found = [href.removeprefix(urlsplit(built.url).path) for href in every_search_result(page)]
        said = page.inner_text(".article-search__status")
    finally:
        context.close()
    assert sorted(found) == sorted(having), f"searching {word!r} again at once listed {found}; the articles with it: {having}"
    assert said.startswith(f"{len(having)} article"), f"the search says {said!r} for {len(having)} articles"


def test_article_pages_load_nothing_for_search(browser: Browser, site: Site) -> None:
    """Should load nothing of the search index on the front page or an article's page of any kind."""
    for page in site.kinds:
        with visit(browser, page.url, "phone") as loaded:
            assert not [url for url in loaded.requests if BUNDLE in url], f"{page} loads the search index"


def _indexed(section: Path) -> list[str]:
    """The address of every page one section of the index holds (from its fragments: gzip, then Pagefind's
    `pagefind_dcd` signature, then JSON)."""
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for path in sorted((section / "fragment").glob("*.pf_fragment"))]


@pytest.mark.parametrize("which", ["the corpus", "many articles"])
def test_index_holds_each_article_once_in_sections_the_search_page_merges(site: Site, many_articles: Site,
                                                                           which: str) -> None:
    """Should index every article once, in sections of at most `search_index_articles` (Pagefind's memory grows with
    each page it holds), newest first, each section only its index (the script and WebAssembly are the first's),
    and name every section after the first on the search page, which merges them."""
    built = site if which == "the corpus" else many_articles
    most = built.settings.search_index_articles
    form = built.soup("search/index.html").find("form", class_="article-search")
    folders = [BUNDLE, *(urlsplit(path).path.removeprefix(urlsplit(built.url).path) for path in form["data-sections"].split())]
    held = [_indexed(built.dir / folder) for folder in folders]
    # The articles, newest first, then the publisher's pages (newsroom.publisher), which search lists after them.
    newest_first = ["/" + article.address for article in built.listed] + ["/" + policy.address for policy in built.policies]
    assert sorted(address for section in held for address in section) == sorted(newest_first), held
    assert all(0 < len(section) <= most for section in held), f"sections of {[len(s) for s in held]} for at most {most}"
    order = [sorted(newest_first.index(address) for address in section) for section in held]
    assert all(earlier[-1] < later[0] for earlier, later in itertools.pairwise(order)), f"sections not newest first: {held}"
    assert (built.dir / SCRIPT).is_file()
    for folder in folders[1:]:
        assert not list((built.dir / folder).glob("*.js")) + list((built.dir / folder).glob("wasm.*")), folder
    if which == "many articles":
        assert len(folders) > 1, "the many-articles edit should be indexed in more than one section"


def test_search_key_sorts_as_the_front_page_lists() -> None:
    """Should give keys that sort, as strings (Pagefind compares them byte by byte), newest moment first, then by
    address: days and times in any offset, one moment shared, microseconds apart, and moments long past or far ahead."""
    zone = datetime.timezone(datetime.timedelta(hours=-9))
    moments = {
        "anchorage": datetime.datetime(2026, 11, 26, 6, tzinfo=zone),
        "same-moment-in-utc": datetime.datetime(2026, 11, 26, 15, tzinfo=datetime.UTC),
        "a-same-moment": datetime.datetime(2026, 11, 26, 15, tzinfo=datetime.UTC),
        "a-microsecond-later": datetime.datetime(2026, 11, 26, 15, 0, 0, 1, tzinfo=datetime.UTC),
        "a-second-earlier": datetime.datetime(2026, 11, 26, 5, 59, 59, tzinfo=zone),
        "before-1970": datetime.datetime(1969, 7, 20, 20, 17, tzinfo=datetime.UTC),
        "year-one": datetime.datetime(1, 1, 2, tzinfo=datetime.UTC),
        "far-ahead": datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC),
    }
    by_key = sorted(moments, key=lambda name: search_order(moments[name], name))
    assert by_key == sorted(moments, key=lambda name: (-moments[name].timestamp(), name)), by_key
    assert len({len(search_order(moment, "")) for moment in moments.values()}) == 1, "keys of different lengths"
