"""Defence in depth: every page carries a Content-Security-Policy that allows only what the site ships.

GitHub Pages cannot send headers, so the policy is a <meta> element written by the
page pipeline (newsroom.pipeline, step 6) with the hashes of each page's
own inline scripts and style. Checked in the HTML (what it allows) and in the
browser: the page and its controls work under it without a single violation,
and a script injected into the page, from another site or inline, is not run.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from browser_visit import load, wait_until
from conftest import Site

# Collects the browser's reports of anything the policy blocked, from the first moment of the page.
LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));"""


def _policy(page: BeautifulSoup) -> dict[str, list[str]]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None, "no Content-Security-Policy <meta>"
    return {d.split()[0]: d.split()[1:] for d in meta["content"].split(";") if d.strip()}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_policy_comes_first_and_allows_only_the_site(article_site: Site) -> None:
    """Should put the policy before any script or style, default to nothing, and never allow unsafe-inline/eval."""
    for name in article_site.html_pages:
        _check_policy(article_site, name)


def _check_policy(site: Site, name: str) -> None:
    page = site.soup(name)
    first, second = page.head.find_all(True, recursive=False)[:2]
    assert first.name == "meta" and first.get("charset"), f"{name}: <meta charset> must come first"
    assert second.get("http-equiv") == "Content-Security-Policy", (
        f"{name}: the policy must come right after <meta charset>, before every script and style; found {second}"
    )
    policy = _policy(page)
    assert policy["default-src"] == ["'none'"], policy
    everything = " ".join(" ".join(values) for values in policy.values())
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "'self'", "data:", "http:", "https:"):
        assert unsafe not in everything.split(), f"{name}: the policy allows {unsafe}: {policy}"
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
    for source in (s for values in policy.values() for s in values if "://" in s):
        assert source.startswith(site.url) or source.endswith("/robots.txt"), f"{name}: {source} is not the site's own"


def test_policy_hashes_exactly_the_inline_scripts_and_style(article_site: Site) -> None:
    """Should allow each inline script and the inline style by its hash, and no other hash, on every page."""
    for name in article_site.html_pages:
        _check_hashes(article_site.soup(name))


def _check_hashes(page: BeautifulSoup) -> None:
    policy = _policy(page)
    inline = [s.string or "" for s in page.find_all("script") if not s.get("src")
              and s.get("type", "") in ("", "text/javascript", "module")]
    assert {h for h in policy["script-src"] if h.startswith("'sha256-")} == {_sha256(s) for s in inline}
    assert policy["style-src"] == [_sha256(s.string or "") for s in page.find_all("style")]
    files = [s["src"] for s in page.find_all("script", src=True)]
    # The search page imports Pagefind's script when the reader searches (newsroom.search), and runs its WebAssembly.
    searching = page.select_one("[data-pagefind]")
    imported = [searching["data-pagefind"]] if searching else []
    addresses = [h for h in policy["script-src"] if "://" in h]
    assert len(addresses) == len(files) + len(imported), policy["script-src"]
    assert all(any(address.endswith(name) for address in addresses) for name in imported), policy["script-src"]
    assert ("'wasm-unsafe-eval'" in policy["script-src"]) == bool(searching), policy["script-src"]
    fetched = [source for source in policy["connect-src"] if not source.endswith("/robots.txt")]
    assert fetched == ([address.rsplit("/", 1)[0] + "/" for address in addresses if address.endswith(imported[0])]
                       if imported else []), policy["connect-src"]




@pytest.fixture
def listening(browser: Browser, site: Site) -> Iterator[Page]:
    """The home page in a context that records every policy violation from the first moment."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    origin = f"{urlsplit(site.url).scheme}://{urlsplit(site.url).netloc}"
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    context.add_init_script(LISTEN)
    page = context.new_page()
    failures: list[str] = []
    page.on("requestfailed", lambda request: failures.append(f"{request.failure} {request.url}"))
    load(page, site.url)
    page.failures = failures
    yield page
    context.close()


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


@pytest.mark.browser
def test_page_and_controls_work_under_the_policy(listening: Page, site: Site) -> None:
    """Should report no violation while loading, cycling the palette, scrolling, following the skip link and copying the link."""
    page = listening
    before = page.get_attribute("body", "data-md-color-scheme")
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") == before, "three clicks should cycle the palette back"
    page.mouse.wheel(0, 1200)
    # The skip link (the first tab stop, test_browser.py; the palette toggle has the focus now), followed.
    page.locator(".md-skip").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Copy link").click()
    wait_until(page, "document.querySelector('.article-share [role=status]').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == site.url + site.articles[0].address, (
        "Copy link did not work under the policy"
    )
    page.wait_for_timeout(300)
    assert not _violations(page), "the page broke its own policy:\n" + "\n".join(_violations(page))


@pytest.mark.browser
def test_injected_scripts_are_blocked(listening: Page) -> None:
    """Should block a script injected from another site and an injected inline script."""
    page = listening
    page.evaluate("""() => {
      const remote = document.createElement('script');
      remote.src = 'https://tracker.example/collect.js';
      document.head.append(remote);
      const inline = document.createElement('script');
      inline.textContent = 'window.__injected = true; document.querySelector("h1").textContent = "Injected"';
      document.body.append(inline);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__injected") is None, "an injected inline script ran"
    failed = "\n".join(page.failures)
    assert "csp https://tracker.example/collect.js" in failed, (
        f"the third-party script was not blocked before any request was made:\n{failed}"
    )
    blocked = "\n".join(_violations(page))
    assert "tracker.example" in blocked and "inline" in blocked, f"expected both scripts reported as blocked, got:\n{blocked}"


@pytest.mark.browser
def test_404_page_works_under_its_policy(browser: Browser, site: Site) -> None:
    """Should load the 404 page under the project's sub-path with no violation."""
    context = browser.new_context()
    context.add_init_script(LISTEN)
    try:
        page = context.new_page()
        load(page, site.url + "no/such/page/")
        assert not _violations(page), "the 404 page broke its own policy:\n" + "\n".join(_violations(page))
    finally:
        context.close()
