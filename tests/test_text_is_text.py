"""Text is always text: what a maintainer types shows as the literal characters, never as markup.

Material prints the headline, the standfirst, site_name and site_description
unescaped in several places; the newsroom plugin (on_env) turns on escaping for every
template. Each case builds a copy of the project whose headline, standfirst,
points, site_name and site_description carry `<`, `>`, `&` and quotes, and checks
every place they appear: the page, <title>, the header, every <meta> tag, the
JSON-LD, the 404 page, and in the browser, that no script ran.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from article_edit import ArticleEditor, set_config_key
from browser_visit import load
from conftest import Site, copy_project, meta_content, served

CASES = {
    "an ordinary headline with an ampersand and quotes": {
        "title": 'Trump & Putin: "a feel-out"',
        "description": "Both men say they want peace; each means something else by it.",
        "glance": ["Putin wants recognition & land.", "Trump wants a “deal”.", "Europe's leaders worry."],
        "site_name": "Anchorage & Beyond",
        "site_description": 'Analysis of the "Alaska" summit.',
    },
    "markup and character references typed as text": {
        "title": 'Trump & Putin <script>document.title="pwned"</script> R&amp;D',
        "description": 'They meet <b>soon</b> & talk "frankly" about 5 > 3 and &lt;tags&gt;.',
        "glance": ["<i>Not italic</i> & not bold", "A point with \"quotes\" and 'apostrophes'", "<img src=x onerror=alert(1)>"],
        "site_name": 'Summit <Notes> & "Co"',
        "site_description": "A <b>bold</b> claim & more",
    },
}


@pytest.fixture(scope="module", params=CASES.values(), ids=CASES.keys())
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], Site]]:
    """A copy of the project with the case's text, built and served."""
    case = request.param
    workdir = tmp_path_factory.mktemp("text")
    project = copy_project(workdir / "project")
    article = ArticleEditor(project)
    for key in ("title", "description", "glance"):
        article.set_key(key, case[key])
    for key in ("site_name", "site_description"):
        set_config_key(project, key, case[key])
    with served(project, workdir / "site", "a copy with markup characters in its text") as site:
        yield case, site


def test_every_place_shows_the_literal_text(built: tuple[dict[str, Any], Site]) -> None:
    """Should show each value, in the page and in every tag, exactly as typed."""
    case, site = built
    page = site.soup(site.pages[1].name)
    title, description, name = case["title"], case["description"], case["site_name"]
    found = {
        "<h1>": page.find("h1").get_text(),
        "<title>": page.title.get_text(),
        "standfirst": page.select_one(".article-standfirst").get_text(),
        "meta description": meta_content(page, "description"),
        "og:title": meta_content(page, "og:title"),
        "og:description": meta_content(page, "og:description"),
        "og:site_name": meta_content(page, "og:site_name"),
        "JSON-LD headline": json.loads(page.find("script", type="application/ld+json").string)["headline"],
        "header title": page.select("[data-md-component=header-title] .md-ellipsis")[0].get_text().strip(),
        "header topic": page.select("[data-md-component=header-topic] .md-ellipsis")[0].get_text().strip(),
        "logo label": page.select_one(".md-logo")["aria-label"],
        "points": [li.get_text() for li in page.select(".article-glance li")],
    }
    wanted = {
        "<h1>": title, "<title>": f"{title} - {name}", "standfirst": description, "meta description": description,
        "og:title": title, "og:description": description, "og:site_name": name, "JSON-LD headline": title,
        "header title": name, "header topic": title, "logo label": name, "points": case["glance"],
    }
    wrong = {place: (found[place], wanted[place]) for place in wanted if found[place] != wanted[place]}
    assert not wrong, "\n".join(f"{place}: shows {got!r}, typed {want!r}" for place, (got, want) in wrong.items())
    front = site.soup()
    assert (front.find("h1").get_text(), meta_content(front, "og:title"), meta_content(front, "og:description")) == (
        title, name, case["site_description"]), "the front page does not show the typed text"
    not_found = site.soup("404.html")
    assert meta_content(not_found, "description") == case["site_description"]
    assert not_found.title.get_text() == name


def test_no_markup_was_made_of_the_text(built: tuple[dict[str, Any], Site]) -> None:
    """Should add no element, script or attribute from what was typed."""
    _, site = built
    for name in site.html_pages:
        page = site.soup(name)
        scripts = [s.string or "" for s in page.find_all("script") if s.get("type") != "application/ld+json"]
        assert not [s for s in scripts if "pwned" in s], f"{name}: typed text became a script"
        assert not page.find_all(["b", "i", "img", "notes"]), f"{name}: typed text became elements"
        assert not page.find_all(attrs={"onerror": True}), f"{name}: typed text became an event handler"


@pytest.mark.browser
def test_browser_runs_nothing_that_was_typed(built: tuple[dict[str, Any], Site], browser: Browser) -> None:
    """Should show the headline as typed in the tab and the page, and open no dialog."""
    case, site = built
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        load(page, site.url)
        assert page.title() == f"{case['title']} - {case['site_name']}"
        assert page.locator("h1").inner_text() == case["title"]
        assert not dialogs, f"typed text ran as a script: {dialogs}"
    finally:
        context.close()
