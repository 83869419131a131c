"""No flash of the wrong colour scheme: every frame the page paints is in the reader's scheme.

Material applies a saved palette early, but on a first visit it sets the scheme
from the system's preference only when bundle.js has run at the end of the page,
so a dark system saw the page light first. the article layout now
sets it before anything paints. Here each load is slowed to Lighthouse's mobile
settings and every frame Chromium paints (its trace's screenshots, from the
page's first paint on) is checked (`harness.frames`).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from browser_visit import VIEWPORTS, load
from conftest import Site
from harness.frames import Frame, painted_frames

pytestmark = pytest.mark.browser


def _describe(frames: list[Frame]) -> str:
    return ", ".join(f"{frame.time_ms:.0f} ms {'light' if frame.light else 'dark'}" for frame in frames)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_first_visit_paints_only_the_system_scheme(browser: Browser, site: Site, scheme: str, viewport: str) -> None:
    """Should paint every frame of a first visit in the system's scheme."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    try:
        frames = painted_frames(browser, context.new_page(), site.url)
    finally:
        context.close()
    assert frames, "no frame was recorded"
    wrong = [frame for frame in frames if frame.light != (scheme == "light")]
    assert not wrong, f"a first visit on a {scheme} system painted frames in the other scheme: {_describe(frames)}"


def test_returning_reader_keeps_their_choice(browser: Browser, site: Site) -> None:
    """Should paint every frame light for a reader who chose light on a dark system."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], color_scheme="dark")
    try:
        page = context.new_page()
        load(page, site.url)
        # The toggle cycles system, light, dark: stop on an explicit light.
        for _ in range(3):
            if page.evaluate("document.body.getAttribute('data-md-color-media')") == "(prefers-color-scheme: light)":
                break
            page.locator("form[data-md-component=palette] label:visible").first.click()
        assert page.get_attribute("body", "data-md-color-scheme") == "default", "could not choose light"
        frames = painted_frames(browser, page, site.url)
    finally:
        context.close()
    dark = [frame for frame in frames if not frame.light]
    assert frames and not dark, f"a reader who chose light saw dark frames on returning: {_describe(frames)}"
