"""The article in a real browser: accessible, private, responsive, and working for a reader."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml
from playwright.sync_api import Browser, Page

from browser_visit import SCHEMES, VIEWPORTS, Visit, reload, require_measuring_font, visit, wait_until
from conftest import Site, node_tool

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The front page, and the newest article's own page (every article's renders through the same layout).
KINDS = {"front page": 0, "article page": 1}
LAYOUTS = [(v, s) for v in VIEWPORTS for s in SCHEMES]
CASES = [(kind, v, s) for kind in KINDS for v, s in LAYOUTS]


@pytest.fixture(scope="module", params=CASES, ids=[f"{k}-{v}-{s}" for k, v, s in CASES])
def home(request: pytest.FixtureRequest, browser: Browser, site: Site) -> Iterator[Visit]:
    """A page at one viewport in one colour scheme, loaded once for the checks below."""
    kind, viewport, scheme = request.param
    with visit(browser, site.pages[KINDS[kind]].url, viewport, scheme) as loaded:
        yield loaded


def _axe_violations(page: Page) -> list[dict]:
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
    # does not govern (a <script> tag would be blocked): no request, nothing the other checks see.
    page.evaluate(node_tool("axe-core", "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return result["violations"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def test_axe_finds_no_violations(home: Visit) -> None:
    """Should pass axe-core's WCAG 2.0/2.1/2.2 A and AA rules."""
    violations = _axe_violations(home.page)
    assert not violations, "axe-core violations:\n" + _describe(violations)


# The front page listing articles in every layout; the archive, the search page, a section's page (the same list's styles)
# and an author's (their profile, its e-mail link) in two layouts each, between them every viewport and scheme.
LISTINGS = [*((viewport, scheme, "front") for viewport, scheme in LAYOUTS),
            ("phone", "light", "archive"), ("desktop", "dark", "archive"),
            ("phone", "dark", "search"), ("desktop", "light", "search"),
            ("phone", "light", "section"), ("desktop", "dark", "section"),
            ("phone", "dark", "author"), ("desktop", "light", "author")]


@pytest.mark.parametrize(("viewport", "scheme", "which"), LISTINGS, ids=[f"{w}-{v}-{s}" for v, s, w in LISTINGS])
def test_axe_on_a_front_page_listing_articles(browser: Browser, publication: Site, viewport: str, scheme: str,
                                              which: str) -> None:
    """Should pass the same axe rules on a front page that lists several articles, an archive page, the search
    page (showing results), a section's page and the page of the author the authors file describes most fully."""
    word = max(re.findall(r"[A-Za-z]{6,}", publication.articles[0].approved_paragraphs()[0]), key=len)
    # A section's page (newsroom.taxonomy): the first the sections nav links.
    section = publication.soup().select_one("nav.site-sections a")
    authors = yaml.safe_load((publication.project / "authors.yml").read_text(encoding="utf-8"))["authors"]
    author = max(authors, key=lambda key: len(authors[key]))
    url = publication.url + {"front": "", "archive": publication.archive[0].address, "search": f"search/?q={word}",
                             "section": section["href"] if section else "", "author": f"author/{author}/"}[which]
    with visit(browser, url, viewport, scheme) as loaded:
        if which == "search":
            wait_until(loaded.page, "document.querySelectorAll('.article-search__results li').length > 0")
        violations = _axe_violations(loaded.page)
        overflow = loaded.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert not violations, "axe-core violations:\n" + _describe(violations)
    assert overflow <= 0, f"the front page is {overflow}px wider than the viewport"


def test_no_console_errors_or_failed_requests(home: Visit) -> None:
    """Should load without a console error or a failed request."""
    assert not home.console_errors, "console errors:\n" + "\n".join(home.console_errors)
    assert not home.failures, "failed requests:\n" + "\n".join(home.failures)


def test_no_request_leaves_the_site(home: Visit) -> None:
    """Should request nothing from any host but the site's own (no fonts, CDN or analytics)."""
    assert not home.foreign_requests(), "third-party requests:\n" + "\n".join(home.foreign_requests())


def test_no_horizontal_scrolling(home: Visit) -> None:
    """Should fit the viewport's width: nothing scrolls sideways."""
    overflow = home.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the viewport"


def test_address_bar_matches_the_header(home: Visit) -> None:
    """Should give the browser's address bar (theme-color) the header's colour in the reader's scheme."""
    scheme = "dark" if home.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") else "light"
    header = home.page.evaluate("""() => getComputedStyle(document.querySelector('.md-header')).backgroundColor
      .match(/\\d+/g).slice(0, 3).map(v => (+v).toString(16).padStart(2, '0')).join('')""")
    wanted = home.page.get_attribute(f"meta[name=theme-color][media='(prefers-color-scheme: {scheme})']", "content")
    assert wanted, f"no theme-color for the {scheme} scheme"
    wanted = wanted.lower()
    assert f"#{header}" == wanted, f"the header is #{header} in {scheme}, but theme-color says {wanted}"


def test_system_scheme_honoured_on_first_visit(home: Visit) -> None:
    """Should follow the reader's system light or dark preference before any choice is made."""
    scheme = home.page.get_attribute("body", "data-md-color-scheme")
    dark = home.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert scheme == ("slate" if dark else "default")


# Characters per rendered line of the article's paragraphs, counting only full lines.
LINE_LENGTHS = """() => {
  const lengths = [];
  for (const p of document.querySelectorAll('.article-body p')) {
    const text = p.firstChild, rows = new Map();
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(text, i); range.setEnd(text, i + 1);
      const top = Math.round(range.getBoundingClientRect().top);
      rows.set(top, (rows.get(top) || 0) + 1);
    }
    lengths.push(...[...rows.values()].slice(0, -1));
  }
  return lengths;
}"""


def test_desktop_line_length(browser: Browser, site: Site) -> None:
    """Should set the article at about 60–75 characters a line on a 1440 px desktop, in an Arial-metric font."""
    with visit(browser, site.url, "desktop") as loaded:
        require_measuring_font(loaded.page, ".article-body p")
        lengths = loaded.page.evaluate(LINE_LENGTHS)
    average = sum(lengths) / len(lengths)
    assert 60 <= average <= 75, (
        f"The article sets {average:.1f} characters a line on average (full lines: {lengths}); a comfortable "
        "measure is 60–75. Adjust --article-measure in docs/stylesheets/extra.css."
    )


@pytest.mark.parametrize("address", ["", "search/"], ids=["front page", "search page"])
def test_palette_toggle_persists(browser: Browser, site: Site, address: str) -> None:
    """Should switch to dark with the toggle and keep that choice after a reload (the search page has the toggle
    without Material's bundle, newsroom.search)."""
    with visit(browser, site.url + address, "desktop", "light") as loaded:
        page = loaded.page
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        for _ in range(len(SCHEMES) + 1):
            if page.get_attribute("body", "data-md-color-scheme") == "slate":
                break
            page.locator("form[data-md-component=palette] label:visible").first.click()
        assert page.get_attribute("body", "data-md-color-scheme") == "slate", "the toggle never reached dark"
        reload(page)
        assert page.get_attribute("body", "data-md-color-scheme") == "slate", "the choice did not survive a reload"


@pytest.mark.parametrize("address", ["", "search/"], ids=["front page", "search page"])
def test_header_works_from_the_keyboard(browser: Browser, site: Site, address: str) -> None:
    """Should draw a focus ring on each header control reached with Tab, and switch the palette with Enter (the search
    page does both without Material's bundle, newsroom.search)."""
    with visit(browser, site.url + address, "desktop", "light") as loaded:
        page = loaded.page
        rings: dict[str, str] = {}
        for _ in range(12):
            page.keyboard.press("Tab")
            where = page.evaluate("""(() => { const e = document.activeElement;
                const header = e.closest('.md-header'); if (!header) return null;
                const drawn = e.matches('.md-option') ? e.nextElementSibling : e;
                return [e.matches('.md-option') ? 'palette toggle' : e.getAttribute('aria-label'),
                        getComputedStyle(drawn).outlineStyle]; })()""")
            if where:
                rings[where[0]] = where[1]
            if where and where[0] == "palette toggle":
                break
        assert "palette toggle" in rings, f"Tab never reached the palette toggle (reached {sorted(rings)})"
        assert all(style != "none" for style in rings.values()), f"header controls without a focus ring: {rings}"
        before = page.get_attribute("body", "data-md-color-scheme")
        schemes = {before}
        for _ in range(len(SCHEMES)):
            page.keyboard.press("Enter")
            schemes.add(page.get_attribute("body", "data-md-color-scheme"))
        assert {"default", "slate"} <= schemes, f"Enter on the toggle went through the schemes {schemes}"


def test_skip_link_first_and_moves_focus(browser: Browser, site: Site) -> None:
    """Should make the skip link the first tab stop, and following it should focus the article."""
    with visit(browser, site.url) as loaded:
        page = loaded.page
        page.keyboard.press("Tab")
        first = page.evaluate("[document.activeElement.classList.contains('md-skip'), document.activeElement.textContent.trim()]")
        assert first == [True, "Skip to content"], f"the first tab stop is {first}"
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement.id")
        assert focused == "headline", f"after the skip link, focus is on #{focused}"


def test_print_shows_only_the_article(browser: Browser, site: Site) -> None:
    """Should print the headline, standfirst, article and address, without navigation, search or toggles."""
    with visit(browser, site.url) as loaded:
        page = loaded.page
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-search", "form[data-md-component=palette]", ".md-sidebar", ".md-footer", ".md-skip"):
            assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed"
        for part in ("#headline", ".article-standfirst", ".article-body", ".article-address"):
            assert page.locator(part).is_visible(), f"{part} is not printed"
        assert site.url in page.locator(".article-address").inner_text()


def test_404_under_a_sub_path_is_styled(browser: Browser, site: Site) -> None:
    """Should serve a styled 404 page whose assets load under the project's /REPO/ path."""
    with visit(browser, site.url + "no/such/page/", expect_status=404) as loaded:
        page = loaded.page
        assert not loaded.failures, "404 page assets failed:\n" + "\n".join(loaded.failures)
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert page.locator("a", has_text="home page").get_attribute("href") == site.url


# Layout shifts the page buffered, once every photo has loaded (the reader scrolled to the end).
LAYOUT_SHIFT = """async () => {
  for (const img of document.querySelectorAll('img')) img.scrollIntoView();
  window.scrollTo(0, document.body.scrollHeight);
  await Promise.all([...document.images].map(img => img.complete ? null : new Promise(r => img.onload = img.onerror = r)));
  await new Promise(r => setTimeout(r, 300));
  let shift = 0;
  // Buffered entries arrive at once; with none, the observer never calls back.
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) shift += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  await new Promise(r => setTimeout(r, 200));
  return shift;
}"""
# Each photo's rendered width, and the width of the file the browser chose for it.
PHOTO_PICKS = """() => [...document.querySelectorAll('figure picture img')].map(img => ({
  rendered: img.getBoundingClientRect().width * devicePixelRatio,
  chosen: +((img.currentSrc.match(/-(\\d+)\\.\\w+$/) || [0, 0])[1]),
  offered: [...img.parentElement.querySelectorAll('source[type="image/avif"]')]
    .flatMap(s => s.srcset.split(',').map(c => +c.trim().split(' ')[1].replace('w', ''))),
  format: img.currentSrc.split('.').pop(),
}))"""


@pytest.mark.parametrize(("viewport", "scheme"), LAYOUTS, ids=[f"{v}-{s}" for v, s in LAYOUTS])
def test_photo_article_in_every_layout(browser: Browser, photographed: Site, viewport: str, scheme: str) -> None:
    """Should pass axe on an article with a lead photo and photos in the text, fit the viewport, never shift the
    layout as the photos arrive, and have the browser pick AVIF no wider than the next width up."""
    with visit(browser, photographed.pages[1].url, viewport, scheme) as loaded:
        violations = _axe_violations(loaded.page)
        overflow = loaded.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        picks = loaded.page.evaluate(PHOTO_PICKS)
        shift = loaded.page.evaluate(LAYOUT_SHIFT)
        assert not loaded.failures, loaded.failures
    assert not violations, "axe-core violations:\n" + _describe(violations)
    assert overflow <= 0, f"the page is {overflow}px wider than the viewport"
    assert shift == 0, f"the layout shifted by {shift} as the photos arrived (cumulative layout shift)"
    assert picks, "no photo on the page"
    for pick in picks:
        assert pick["format"] == "avif", pick
        fitting = [width for width in sorted(pick["offered"]) if width >= pick["rendered"] - 1] or [max(pick["offered"])]
        assert pick["chosen"] == fitting[0], f"the browser chose a {pick['chosen']}px file for {pick['rendered']:.0f}px: {pick}"
