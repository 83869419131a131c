"""Page weight: a first visit makes at most three requests and weighs at most 0.6 of stock Material's.

Counted deterministically: the body bytes the loopback server sent for every
request of a first visit, gzip-compressed as GitHub Pages serves them, without
headers (the benchmark counts the same way). The stock Material build of the same
article (`harness.stock_site`) is counted the same way in the same run; its
Google Fonts requests fail offline and count as zero. No time is asserted here:
timings belong to the benchmark.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from browser_visit import load, visit
from conftest import Site
from harness.browser import DESKTOP, PHONE
from harness.pages_server import PagesServer
from harness.project import seed_project
from harness.stock_site import build_stock
from newsroom.verify.text import photo_line

pytestmark = pytest.mark.browser

# The page, the script, the favicon: the stylesheets are inlined (newsroom.pipeline).
MOST_REQUESTS = 3
# And the lead photo, where an article has one: the photos further down load only as the reader nears them.
MOST_REQUESTS_WITH_PHOTO = 4
# Of a stock Material build of the same article, counted the same way in the same run.
MOST_OF_STOCK = 0.6
# The lead photo a phone (412 CSS px at 1.75 dppx) and a 1280 px desktop download, in bytes (issue: "the phone's lead
# photo at most 45 KB and the desktop's at most 60 KB"). The build keeps to it with newsroom.photos.LEAD_PHONE_BYTES;
# this is the rule it is held to, stated apart, so that changing the mechanism cannot loosen the rule.
MOST_LEAD_PHOTO = {"phone": 45_000, "desktop": 60_000}


def first_load(browser: Browser, server: PagesServer, url: str | None = None) -> dict[str, int]:
    """Body bytes the server sent for each request of a first visit to `url` (the site's root), by path."""
    server.sent.clear()
    with visit(browser, url or server.url, "phone"):
        pass
    sizes: dict[str, int] = {}
    for path, size in server.sent:
        sizes[path] = sizes.get(path, 0) + size
    return sizes


def _listing(sizes: dict[str, int]) -> str:
    return "\n".join(f"  {size:>7} {name}" for name, size in sorted(sizes.items(), key=lambda item: -item[1]))


def _without_photos(sizes: dict[str, int]) -> dict[str, int]:
    """A first load's requests but the photos' (newsroom.photos writes every rendition under assets/photos/)."""
    return {path: size for path, size in sizes.items() if "/assets/photos/" not in path}


@pytest.fixture(scope="module")
def ours(browser: Browser, site: Site, server: PagesServer) -> dict[str, dict[str, int]]:
    """The first load of a page of each kind of the corpus without a photo (the front page, an article's, a withdrawn
    one's), the archive's, the corrections page and the first section's that lists no article with a photo (the
    session's server serves the session's site; the pages with photos are `with_photo`'s and the lead photo test's)."""
    # A list's small copies of lead photos load lazily, as the reader nears them: whether one has started when the load
    # is counted is a race (it failed a fresh run on the archive), so they are left out of a list's count; a lead
    # photo's budget is `with_photo`'s and the lead photo test's, every rendition's size test_photos_published's.
    archive = {f"{page.address} (archive)": _without_photos(first_load(browser, server, site.url + page.address))
               for page in site.archive}
    corrections = {"corrections/": first_load(browser, server, site.url + "corrections/")}
    photographed = {a.meta.section for a in site.listed if a.meta.image}
    sections = [name.removesuffix("index.html") for name in site.listing_pages if name.startswith("section/")
                and name.split("/")[1] not in photographed][:1]
    listing = {f"{address} (section)": first_load(browser, server, site.url + address) for address in sections}
    pages = [page for page in site.kinds if not page.article.meta.image
             and not any(photo_line(paragraph) for paragraph in page.article.approved_paragraphs())]
    # A publisher's page (newsroom.publisher), as light as an article's.
    policies = {f"{policy.address} (the publisher's)": first_load(browser, server, site.url + policy.address)
                for policy in site.policies[:1]}
    return {**{page.name: first_load(browser, server, page.url) for page in pages}, **archive, **corrections, **listing,
            **policies}


@pytest.fixture(scope="module")
def listing(browser: Browser, publication: Site) -> dict[str, int]:
    """The first load of a front page that lists several articles (a copy with a second article)."""
    assert publication.server is not None
    return first_load(browser, publication.server)


def _stock_load(browser: Browser, workdir: Path, source: Path) -> dict[str, int]:
    """A stock Material build of `source`'s newest article, its first load counted the same way."""
    server = PagesServer("/")
    try:
        build = build_stock(workdir, server.url, source)
        assert build.returncode == 0, build.output
        server.start(build.site_dir)
        return first_load(browser, server)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def with_photo(browser: Browser, photographed: Site) -> dict[str, dict[str, int]]:
    """The first load, on a phone, of the pages of a copy whose newest article has a lead photo."""
    assert photographed.server is not None
    return {f"{page.name} (with a lead photo)": first_load(browser, photographed.server, page.url)
            for page in photographed.pages}


@pytest.fixture(scope="module")
def stock(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """A stock Material build's first load of the corpus's seed article (the original text), counted the same way."""
    return _stock_load(browser, Path(tmp_path_factory.mktemp("stock")), seed_project())


@pytest.fixture(scope="module")
def stock_with_photo(browser: Browser, photographed: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """A stock Material build of the article with a lead photo (the original under the headline), counted the same way."""
    return _stock_load(browser, Path(tmp_path_factory.mktemp("stock-photo")), photographed.project)


def test_at_most_three_requests(ours: dict[str, dict[str, int]], listing: dict[str, int],
                                with_photo: dict[str, dict[str, int]]) -> None:
    """Should load the page, its script and its icon, and nothing else, on every page; and the lead photo, where
    there is one."""
    for name, sizes in {**ours, "a front page listing articles": listing, **with_photo}.items():
        most = MOST_REQUESTS_WITH_PHOTO if name in with_photo else MOST_REQUESTS
        assert len(sizes) <= most, f"a first visit to {name} made {len(sizes)} requests:\n{_listing(sizes)}"


def test_at_most_six_tenths_of_stock(ours: dict[str, dict[str, int]], listing: dict[str, int], stock: dict[str, int],
                                     with_photo: dict[str, dict[str, int]], stock_with_photo: dict[str, int]) -> None:
    """Should transfer at most 0.6 times what a stock Material build of the same article does, on every page
    (a page with a lead photo against stock serving the same photo, as Material does: the original)."""
    for name, sizes in {**ours, "a front page listing articles": listing, **with_photo}.items():
        stock_sizes = stock_with_photo if name in with_photo else stock
        theirs = sum(stock_sizes.values())
        total = sum(sizes.values())
        assert total <= MOST_OF_STOCK * theirs, (
            f"{name}: ours {total} bytes is {total / theirs:.3f} of stock's {theirs} (at most {MOST_OF_STOCK}):\n"
            f"ours:\n{_listing(sizes)}\nstock:\n{_listing(stock_sizes)}"
        )


def test_lead_photo_within_its_budget_on_phone_and_desktop(browser: Browser, photographed: Site, site: Site) -> None:
    """Should send a phone at most 45 KB and a desktop at most 60 KB of lead photo, for every shape of lead photo the
    corpus has (the least size, a wide camera frame, a portrait, a square): the rendition each one's browser really
    picks from the srcset at its width and pixel density (`currentSrc`)."""
    pages = [(built, page) for built in (photographed, site) for page in built.pages
             if not page.front and page.article.meta.image is not None and page.article.meta.withdrawn is None]
    assert len(pages) > 1
    for device, settings in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(**settings)
        try:
            tab = context.new_page()
            for site, page in pages:
                assert site.server is not None
                site.server.sent.clear()
                load(tab, page.url)
                chosen = urlsplit(tab.evaluate("document.querySelector('img[fetchpriority=high]').currentSrc")).path
                sent = sum(size for path, size in site.server.sent if path == chosen)
                assert 0 < sent <= MOST_LEAD_PHOTO[device], (
                    f"{page.url} on a {device}: its lead photo {chosen} is {sent} bytes (at most {MOST_LEAD_PHOTO[device]})"
                )
        finally:
            context.close()
