"""The reduced stylesheet looks exactly like Material's whole one, in every state a reader reaches.

The post-build pipeline inlines only the CSS rules each page can use
(newsroom.pipeline). Here a second build of the same project with
the plugin's `stylesheet_reduction: false` inlines Material's stylesheets whole; both are
served at the same address and screenshotted in the same states (phone and
desktop, light and dark, scrolled, palette toggled, keyboard focus, print, the 404
page). Any visible difference fails the test, and both screenshots and their
difference are saved for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page

from browser_visit import VIEWPORTS, load, wait_until
from conftest import Site, copy_project, mkdocs_build
from harness.pages_server import PagesServer

pytestmark = pytest.mark.browser

# Chromium antialiases the rounded corners of a focus ring a little differently from one
# paint to the next (seen: a few pixels, up to 8 levels of 255, more under load). A real
# difference is either strong somewhere or faint over more than a few pixels.
STRONG = 24
FAINT = 2
MOST_FAINT_PIXELS = 8


@pytest.fixture(scope="module")
def whole_css_site(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same project (the corpus) built with Material's stylesheets inlined whole, for the same address."""
    workdir = tmp_path_factory.mktemp("whole-css")
    project = copy_project(workdir / "project", corpus=True)
    config = project / "mkdocs.yml"
    text, found = re.subn(r"^(\s*stylesheet_reduction:).*$", r"\1 false", config.read_text(encoding="utf-8"), flags=re.M)
    assert found == 1, "mkdocs.yml has no stylesheet_reduction setting to turn off"
    config.write_text(text, encoding="utf-8")
    # Built for the session's address, served there in turn with the real build (below):
    # every URL printed in the page, and the addresses its security policy allows, are the same.
    build = mkdocs_build(project, workdir / "site", site_url=site.url)
    assert build.returncode == 0, build.output
    return build.site_dir


def _scroll(page: Page) -> None:
    """Scroll past the headline: the header casts its shadow and shows the headline."""
    page.mouse.wheel(0, 900)
    wait_until(page, "document.querySelector('[data-md-component=header-title]')"
                     ".classList.contains('md-header__title--active')")


def _toggle_palette(page: Page) -> None:
    """Click the palette toggle until the scheme changes (system, then light, then dark)."""
    before = page.get_attribute("body", "data-md-color-scheme")
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        if page.get_attribute("body", "data-md-color-scheme") != before:
            return
    raise AssertionError("the palette toggle never changed the scheme")


# Material's focus-visible polyfill marks the focused element in a handler of its own.
FOCUS_MARKED = """!document.documentElement.classList.contains('js-focus-visible')
  || document.activeElement.classList.contains('focus-visible')"""


def _tab(times: int) -> Callable[[Page], None]:
    def press(page: Page) -> None:
        for _ in range(times):
            page.keyboard.press("Tab")
        wait_until(page, FOCUS_MARKED)
    press.__doc__ = f"Press Tab {times} time(s): keyboard focus on the page's controls."
    return press


def _print(page: Page) -> None:
    """Render for paper."""
    page.emulate_media(media="print")


@dataclass(frozen=True)
class State:
    """A state a reader reaches, and how to reach it."""

    viewport: str
    scheme: str
    path: str = ""
    act: Callable[[Page], None] | None = None
    full_page: bool = True


STATES: dict[str, State] = {
    **{f"{v}-{s}": State(v, s) for v in VIEWPORTS for s in ("light", "dark")},
    "phone-scrolled": State("phone", "light", act=_scroll, full_page=False),
    "desktop-dark-scrolled": State("desktop", "dark", act=_scroll, full_page=False),
    "palette-toggled": State("desktop", "light", act=_toggle_palette),
    "palette-toggled-phone-dark": State("phone", "dark", act=_toggle_palette),
    "focus-skip-link": State("desktop", "light", act=_tab(1), full_page=False),
    "focus-logo": State("desktop", "dark", act=_tab(2), full_page=False),
    "focus-palette-toggle": State("phone", "light", act=_tab(3), full_page=False),
    "print": State("desktop", "light", act=_print),
    "404-phone": State("phone", "light", path="no/such/page/"),
    "404-desktop-dark": State("desktop", "dark", path="no/such/page/"),
}


def _screenshot(browser: Browser, url: str, state: State, path: Path) -> Image.Image:
    context = browser.new_context(viewport=VIEWPORTS[state.viewport], color_scheme=state.scheme)
    try:
        page = context.new_page()
        load(page, url + state.path)
        if state.act:
            state.act(page)
        # Two animation frames: whatever the act changed has been painted.
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.screenshot(path=path, full_page=state.full_page, animations="disabled", caret="hide")
    finally:
        context.close()
    return Image.open(path).convert("RGB")


@pytest.mark.parametrize("state", STATES.values(), ids=STATES.keys())
def test_reduced_css_looks_the_same(state: State, browser: Browser, site: Site, server: PagesServer,
                                    whole_css_site: Path, tmp_path: Path) -> None:
    """Should paint the same pixels with the reduced stylesheet as with Material's whole one."""
    reduced = _screenshot(browser, site.url, state, tmp_path / "reduced.png")
    with server.serving(whole_css_site):
        whole = _screenshot(browser, site.url, state, tmp_path / "whole.png")
    assert reduced.size == whole.size, (
        f"the page is {reduced.size} with the reduced CSS and {whole.size} with the whole stylesheet; "
        f"screenshots in {tmp_path}"
    )
    # The largest difference of the three colour channels, pixel by pixel.
    red, green, blue = ImageChops.difference(reduced, whole).split()
    difference = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    faint = difference.point(lambda value: 255 if value > FAINT else 0)
    faint_pixels = faint.histogram()[255]
    strong = difference.point(lambda value: 255 if value > STRONG else 0).getbbox()
    box = faint.getbbox() if strong or faint_pixels > MOST_FAINT_PIXELS else None
    if box:
        faint.save(tmp_path / "difference.png")
    assert box is None, (
        f"the reduced stylesheet changes what a reader sees in the area {box}: a rule it dropped is needed "
        f"(see RUNTIME_CLASSES in newsroom.state). reduced.png, whole.png and difference.png are in {tmp_path}"
    )
