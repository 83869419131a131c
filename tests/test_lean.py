"""No dead UI and no dead files: the built site holds only what is asked for.

Articles read one at a time need no site search and no navigation drawer (the
front page lists them all), and Material
copies far more into every site than a page loads (source maps, search-engine
language files, a PNG favicon). The build pipeline (newsroom.pipeline)
leaves them out; these tests hold it to that.
"""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from conftest import Site
from newsroom.figures import PHOTO_FOLDER
from newsroom.search import BUNDLE
from newsroom.search import SCRIPT as SEARCH_SCRIPT

# A crawler or Pages itself asks for these without any page linking them.
ENTRY_POINTS = {"index.html", "404.html", "robots.txt"}
# The most files the built site may hold beside its articles (it held 52 for one article
# before the pipeline), and for each article: its page and its social card.
MOST_SHARED_FILES = 8
FILES_PER_ARTICLE = 2


def _site_files(site: Site) -> set[str]:
    return {path.relative_to(site.dir).as_posix() for path in site.dir.rglob("*") if path.is_file()}


def _target(site: Site, page_url: str, reference: str) -> str | None:
    """The site file a reference points at, or None if it points elsewhere."""
    address = urljoin(page_url, reference.split()[0])
    if not address.startswith(site.url):
        return None
    path = urlsplit(address[len(site.url):]).path
    return path + "index.html" if path == "" or path.endswith("/") else path


def referenced_files(site: Site) -> dict[str, str]:
    """Each file some page, robots.txt or the sitemap points at, with who points at it."""
    referenced: dict[str, str] = {}
    for page in site.dir.rglob("*.html"):
        name = page.relative_to(site.dir).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            references = [tag.get("href"), tag.get("src"), *re.split(r"\s*,\s*", tag.get("srcset") or "")]
            # <meta content> holds text, except for addresses such as og:image.
            if (tag.get("content") or "").startswith(site.url):
                references.append(tag["content"])
            for reference in filter(None, references):
                target = _target(site, urljoin(site.url, name), reference)
                if target:
                    referenced.setdefault(target, f"{name} <{tag.name}>")
        # Structured data names addresses too: the lead photo's 4:3 and 1:1 crops are there alone (newsroom.pages).
        for data in soup.find_all("script", type="application/ld+json"):
            for address in re.findall(r'"(https?://[^"]+)"', data.string or ""):
                target = _target(site, urljoin(site.url, name), address)
                if target:
                    referenced.setdefault(target, f"{name} <script type=application/ld+json>")
    for line in (site.dir / "robots.txt").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith("sitemap:"):
            target = _target(site, site.url, line.split(":", 1)[1].strip())
            if target:
                referenced.setdefault(target, "robots.txt")
    return referenced


def _search_bundle(site: Site) -> set[str]:
    """The search index's files: the search page imports its script, which fetches the rest as a reader searches."""
    return {name for name in _site_files(site) if name.startswith(BUNDLE)}


def _old_addresses(site: Site) -> set[str]:
    """The pages at articles' old addresses (redirect_from): readers arrive there from links elsewhere, not from the
    site."""
    return {f"{old}/index.html" for article in site.articles for old in article.meta.redirect_from}


def test_no_dead_files(site: Site) -> None:
    """Should hold no file that no page, robots.txt or Pages itself asks for (the search index: the search page; an
    old address: links from elsewhere)."""
    referenced = referenced_files(site)
    assert site.soup("search/index.html").select_one(f"[data-pagefind$='{SEARCH_SCRIPT}']"), "no page loads the index"
    dead = sorted(_site_files(site) - referenced.keys() - ENTRY_POINTS - _search_bundle(site) - _old_addresses(site))
    assert not dead, f"files in the built site that nothing references (each is uploaded on every deploy): {dead}"


def test_ships_only_the_search_webassembly_a_page_can_fetch(site: Site) -> None:
    """Should ship the search WebAssembly of each language the site's pages declare, and no other (Pagefind writes
    one for pages without a language, 68 KB that no page here can fetch)."""
    entry = json.loads((site.dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    declared = {site.soup(name).html["lang"].lower() for name in site.html_pages}
    assert declared <= entry.keys(), f"pages declare {sorted(declared)}, the search index lists {sorted(entry)}"
    # pagefind.js fetches wasm.<the entry's "wasm" for the page's language>.pagefind ("unknown" without one).
    fetched = {f"wasm.{entry[language].get('wasm') or 'unknown'}.pagefind" for language in declared}
    shipped = {path.name for path in (site.dir / BUNDLE).rglob("wasm.*")}
    assert shipped == fetched, f"search WebAssembly shipped: {sorted(shipped)}; what the pages can fetch: {sorted(fetched)}"


def test_every_reference_resolves(site: Site) -> None:
    """Should have a file for every reference into the site (nothing dropped that a page needs)."""
    referenced = referenced_files(site)
    missing = {name: by for name, by in referenced.items() if name not in _site_files(site)}
    assert not missing, f"references to files the site does not hold: {missing}"


def test_publishes_exactly_what_is_declared(site: Site) -> None:
    """Should hold exactly the files the plugin's `publish` setting declares (each file declared, each pattern met),
    beside the cards of the articles without a lead photo, the photos the pages show and the sections' feeds their
    pages link."""
    patterns = site.settings.publish
    files = _site_files(site)
    written = {f"{site.settings.social_cards}{a.name}.png" for a in site.articles if a.meta.image is None}
    written |= {name for name in referenced_files(site) if name.startswith(PHOTO_FOLDER)} | _search_bundle(site)
    written |= {name for name in referenced_files(site) if name.startswith("section/") and name.endswith("/feed.xml")}
    undeclared = sorted(name for name in files - written if not any(fnmatch.fnmatchcase(name, p) for p in patterns))
    unmet = [pattern for pattern in patterns if not any(fnmatch.fnmatchcase(name, pattern) for name in files)]
    assert not undeclared and not unmet, (
        f"published but not declared: {undeclared}; declared but not published: {unmet}"
    )


def test_few_files(site: Site) -> None:
    """Should publish at most eight files beside the articles, the archive's pages, the corrections page, the search
    page and its index, the section, tag and author pages and the sections' feeds, the publisher's pages, the photos
    the pages show (which
    test_photos_published.py holds to their renditions) and the pages at old addresses, and two for each article (its
    page and its card)."""
    photos = {name for name in referenced_files(site) if name.startswith(PHOTO_FOLDER)}
    files = sorted(_site_files(site) - _search_bundle(site) - photos - _old_addresses(site))
    feeds = len(list(site.dir.glob("section/*/feed.xml")))
    most = (MOST_SHARED_FILES + FILES_PER_ARTICLE * len(site.articles) + len(site.archive) + 2 + len(site.listing_pages)
            + feeds + len(site.policies))
    assert len(files) <= most, f"the built site holds {len(files)} files, more than {most}: {files}"


def test_no_search_and_no_drawer(site: Site) -> None:
    """Should render no search box, no menu button, no drawer overlay, no navigation sidebar and no link to the
    pages before and after it in MkDocs' alphabetical navigation."""
    for name in site.html_pages:
        page = site.soup(name)
        dead = {
            "search form": page.select("form[name=search], .md-search"),
            "search button": page.select("label[for=__search]"),
            "drawer button or overlay": page.select("label[for=__drawer]"),
            "navigation or table-of-contents sidebar": page.select(".md-sidebar"),
            # MkDocs' previous and next page run in the files' alphabetical order: noise to a reader, and a page
            # that names its neighbours changes whenever one is published or withdrawn.
            "links to the alphabetical neighbours": page.select("link[rel=prev], link[rel=next]"),
        }
        found = {what: len(hits) for what, hits in dead.items() if hits}
        assert not found, f"{name} still has {found}"


def test_stylesheets_are_inlined(site: Site) -> None:
    """Should link no stylesheet (each would block the first paint) and inline one <style> instead."""
    for name in site.html_pages:
        page = site.soup(name)
        links = [link.get("href") for link in page.find_all("link", rel="stylesheet")]
        assert not links, f"{name} links stylesheets the first paint waits for: {links}"
        assert len(page.find_all("style")) == 1, f"{name} should carry its CSS in one <style>"


def test_bundle_names_no_missing_source_map(site: Site) -> None:
    """Should not point browsers' developer tools at a source map the site does not publish."""
    for script in Path(site.dir, "assets").rglob("*.js"):
        assert "sourceMappingURL" not in script.read_text(encoding="utf-8"), f"{script.name} names a source map"
