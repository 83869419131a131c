"""Open a page in a fresh browser context and record what a reader's browser would see go wrong."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

from newsroom.verify.pixels import VIEWPORTS

SCHEMES = ("light", "dark")

# Fonts with Arial's metrics, which is what readers' system font stacks resolve to
# (Helvetica, Arial; San Francisco and Segoe UI set close to them). Layout measured
# in any other font (DejaVu Sans, 15% wider) says nothing about what readers see.
MEASURING_FONTS = ("Liberation Sans", "Arimo", "Arial")
MEASURING_FONT_PACKAGE = "fonts-liberation"

# How long the network must stay quiet, after the load event, before a page counts as loaded. Playwright's
# "networkidle" waits for 500 ms without a request: half a second of nothing on each of the suite's hundreds of page
# loads, when on the loopback server every request a page makes has started and ended well within 100 ms.
QUIET_MS = 100
# The longest a page may keep its network busy after its load event.
SETTLE_MS = 10_000


def settled(page: Page, navigation: Callable[[], Response | None]) -> Response | None:
    """Run `navigation` (a goto or a reload) to the load event, then wait until no request has been in flight, nor
    started, for QUIET_MS: what the page fetches after its load (a lazy photo in view, a script's fetch) is then done."""
    in_flight: set[Request] = set()
    started = 0

    def begin(request: Request) -> None:
        nonlocal started
        started += 1
        in_flight.add(request)

    def end(request: Request) -> None:
        in_flight.discard(request)

    page.on("request", begin)
    page.on("requestfinished", end)
    page.on("requestfailed", end)
    try:
        response = navigation()
        deadline = time.monotonic() + SETTLE_MS / 1000
        while True:
            seen = started
            page.wait_for_timeout(QUIET_MS)
            if not in_flight and started == seen:
                return response
            if time.monotonic() > deadline:
                raise AssertionError(f"{page.url} still fetching {SETTLE_MS} ms after its load: "
                                     + ", ".join(request.url for request in in_flight))
    finally:
        page.remove_listener("request", begin)
        page.remove_listener("requestfinished", end)
        page.remove_listener("requestfailed", end)


def load(page: Page, url: str) -> Response | None:
    """Go to `url` and wait until it has loaded and its network is quiet (`settled`)."""
    return settled(page, lambda: page.goto(url, wait_until="load"))


def reload(page: Page) -> Response | None:
    """Reload the page and wait until it has loaded and its network is quiet (`settled`)."""
    return settled(page, lambda: page.reload(wait_until="load"))


@dataclass
class Visit:
    """One page load: the page, and every request, failure and console error it caused."""

    page: Page
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to any host but the loopback server's."""
        return [url for url in self.requests if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith("data:")]


@contextmanager
def visit(browser: Browser, url: str, viewport: str = "desktop", scheme: str = "light",
          expect_status: int = 200) -> Iterator[Visit]:
    """Load `url` like a first-time reader and yield what happened; the context always closes."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    record = Visit(page)

    def on_response(response: Response) -> None:
        if response.status >= 400 and not (response.url == url and response.status == expect_status):
            record.failures.append(f"{response.status} {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not (expect_status == 404 and "404" in message.text):
            record.console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("request", lambda request: record.requests.append(request.url))
    page.on("requestfailed", lambda request: record.failures.append(f"{request.failure} {request.url}"))
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: record.console_errors.append(f"uncaught: {error}"))
    try:
        response = load(page, url)
        assert response is not None and response.status == expect_status, (
            f"{url} answered {response.status if response else 'nothing'}, expected {expect_status}"
        )
        yield record
    finally:
        context.close()


def fonts_used(page: Page, selector: str) -> list[str]:
    """The platform fonts Chromium really drew the text of `selector` with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no element matches {selector!r}"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return [font["familyName"] for font in sorted(fonts, key=lambda font: -font["glyphCount"])]


def require_measuring_font(page: Page, selector: str) -> None:
    """Fail, saying what to install, unless `selector`'s text is drawn in an Arial-metric font."""
    used = fonts_used(page, selector)
    if not used or used[0] not in MEASURING_FONTS:
        pytest.fail(
            f"The text of {selector!r} is drawn in {used[0] if used else 'no font'!r} on this machine, but the "
            f"layout tests measure with an Arial-metric font ({', '.join(MEASURING_FONTS)}), as readers' "
            f"system fonts are. Install Debian's {MEASURING_FONT_PACKAGE} (apt-get install "
            f"{MEASURING_FONT_PACKAGE}; .ci/prerequisites does) and run the tests again."
        )


def wait_until(page: Page, expression: str, timeout_ms: float = 10_000) -> None:
    """Poll `expression` in the page until it is true.

    Playwright's wait_for_function evaluates its predicate with eval(), which the
    page's Content-Security-Policy forbids; page.evaluate goes through the DevTools
    protocol, which the policy does not govern.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout_ms:.0f} ms for {expression}")
        page.wait_for_timeout(50)


def every_search_result(page: Page) -> list[str]:
    """The addresses the search page lists once its search has ended, after asking for more results (the mouse's
    way) until every one is listed."""
    wait_until(page, "/found|No article/.test(document.querySelector('.article-search__status').textContent)")
    while page.is_visible(".article-search__more button"):
        listed = page.locator(".article-search__results li").count()
        page.click(".article-search__more button")
        wait_until(page, f"document.querySelectorAll('.article-search__results li').length > {listed}")
    addresses: list[str] = page.eval_on_selector_all(".article-search__results li a",
                                                     "links => links.map(a => a.getAttribute('href'))")
    return addresses
