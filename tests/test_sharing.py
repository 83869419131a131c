"""Sharing without trackers: plain links, the system share sheet where there is one, and "Copy link".

The links carry the canonical address and the headline, correctly encoded, and
request nothing until followed; the buttons work from the mouse and the keyboard,
announce what they did, and stay hidden where the browser cannot do what they say.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from browser_visit import load, reload, wait_until
from conftest import Site

# Where each service takes what is shared: which query fields hold the address and the headline.
SERVICES = {
    "E-mail": ("mailto", {"body": "url", "subject": "title"}),
    "Bluesky": ("bsky.app", {"text": "title url"}),
    "LinkedIn": ("www.linkedin.com", {"url": "url"}),
    "X": ("x.com", {"text": "title", "url": "url"}),
}


def _share(site: Site) -> BeautifulSoup:
    share = site.soup().select_one(".article-share")
    assert share is not None, "no sharing block under the article"
    return share


def _fields(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    query = parts.query if parts.scheme != "mailto" else href.split("?", 1)[1]
    return {key: values[0] for key, values in parse_qs(query, keep_blank_values=True).items()}


@pytest.mark.parametrize("service", SERVICES)
def test_link_carries_the_address_and_headline(site: Site, service: str) -> None:
    """Should link to the service with the canonical address and the headline, encoded so they arrive intact."""
    link = _share(site).find("a", string=service)
    assert link is not None, f"no {service} link"
    host, fields = SERVICES[service]
    href = link["href"]
    assert href.startswith("mailto:") if host == "mailto" else urlsplit(href).hostname == host, href
    # The front page shares the article it leads with, at the article's own address.
    values = {"url": site.url + site.articles[0].address, "title": site.meta.title}
    got = _fields(href)
    for field, holds in fields.items():
        assert got.get(field) == " ".join(values[part] for part in holds.split()), f"{service}: {field} is {got.get(field)!r}"
    if host != "mailto":
        assert set(link["rel"]) >= {"noopener", "noreferrer"}, f"{service} link should not pass the page on as referrer"


def test_every_article_page_shares_its_own_address(site: Site) -> None:
    """Should share, from each article's page, that article's own address and headline."""
    for page in site.pages:
        share = site.soup(page.name).select_one(".article-share")
        assert share is not None, f"no sharing block on {page}"
        assert (share["data-url"], share["data-title"]) == (page.url if not page.front else site.url + page.article.address,
                                                            page.article.meta.title), page.name


def test_nothing_of_other_sites_is_loaded(site: Site) -> None:
    """Should hold plain links only: no image, frame, script or button from any service."""
    share = _share(site)
    assert not share.find_all(["img", "iframe", "svg", "object", "embed"])
    assert "mastodon" not in share.get_text().lower(), "Mastodon is left out on purpose (see partials/share.html)"


@pytest.fixture
def sharing_page(browser: Browser, site: Site) -> Iterator[Page]:
    """The home page with clipboard access, as a reader's browser grants it on a click."""
    context = browser.new_context()
    origin = f"{urlsplit(site.url).scheme}://{urlsplit(site.url).netloc}"
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    load(page, site.url)
    yield page
    context.close()


@pytest.mark.browser
def test_copy_link_puts_the_address_on_the_clipboard(sharing_page: Page, site: Site) -> None:
    """Should copy the canonical address and say so in a status message."""
    page = sharing_page
    page.get_by_role("button", name="Copy link").click()
    wait_until(page, "document.querySelector('.article-share [role=status]').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == site.url + site.articles[0].address
    assert page.locator(".article-share [role=status]").inner_text() == "Link copied to the clipboard."


@pytest.mark.browser
def test_copy_link_works_from_the_keyboard(sharing_page: Page, site: Site) -> None:
    """Should reach "Copy link" with Tab and copy with Enter."""
    page = sharing_page
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator(".article-share a").first.focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Copy link"
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('.article-share [role=status]').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == site.url + site.articles[0].address


# Stands in for the Web Share API on a browser that has one: records what it is asked to share.
FAKE_SHARE = "window.__shared = []; navigator.share = data => { window.__shared.push(data); return Promise.resolve(); };"


@pytest.mark.browser
def test_share_button_only_where_the_browser_can_share(browser: Browser, site: Site) -> None:
    """Should hide "Share…" without the Web Share API, and share the headline and address where it exists."""
    context = browser.new_context()
    try:
        page = context.new_page()
        load(page, site.url)
        if page.evaluate("'share' in navigator"):
            pytest.skip("this browser has the Web Share API; the fake below would stand in for nothing")
        assert not page.get_by_role("button", name="Share…").is_visible(), "Share… shows where it cannot work"
        context.add_init_script(FAKE_SHARE)
        reload(page)
        page.get_by_role("button", name="Share…").click()
        shared = page.evaluate("window.__shared")
        assert shared == [{"title": site.meta.title, "url": site.url + site.articles[0].address}]
    finally:
        context.close()


@pytest.mark.browser
def test_no_request_until_a_link_is_followed(browser: Browser, site: Site) -> None:
    """Should make no request to any sharing service while the page loads and its buttons are used."""
    context = browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        load(page, site.url)
        page.locator(".article-share a").first.hover()
        hosts = {urlsplit(url).hostname for url in requested}
        assert hosts == {urlsplit(site.url).hostname}, f"requests beyond the site: {sorted(hosts)}"
    finally:
        context.close()
