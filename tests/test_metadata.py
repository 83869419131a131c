"""Sharing and discovery: social tags, structured data, canonical, sitemap, robots, favicon, card."""

from __future__ import annotations

import importlib.util
import io
import json
import re
from xml.etree import ElementTree

import pytest
from PIL import Image

from conftest import REPO_ROOT, SUB_PATH, Site, front_matter, meta_content, site_config

CARD = "assets/social-card.png"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("og:type", lambda site, meta: "article"),
        ("og:title", lambda site, meta: meta["title"]),
        ("og:description", lambda site, meta: meta["description"]),
        ("og:url", lambda site, meta: site.url),
        ("og:image", lambda site, meta: site.url + CARD),
        ("og:image:width", lambda site, meta: "1200"),
        ("og:image:height", lambda site, meta: "630"),
        ("og:site_name", lambda site, meta: site_config()["site_name"]),
        ("og:locale", lambda site, meta: site_config()["extra"]["og_locale"]),
        ("article:published_time", lambda site, meta: str(meta["date"])),
        ("twitter:card", lambda site, meta: "summary_large_image"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_social_tags(site: Site, key: str, expected) -> None:  # type: ignore[no-untyped-def]
    """Should carry each Open Graph and Twitter card tag, with absolute URLs."""
    assert meta_content(site.soup(), key) == expected(site, front_matter())


def test_json_ld_news_article(site: Site) -> None:
    """Should describe the article as NewsArticle JSON-LD that matches the visible headline."""
    page = site.soup()
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    meta = front_matter()
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == page.find("h1").get_text() == meta["title"]
    assert data["description"] == meta["description"]
    assert data["image"] == [site.url + CARD] and data["url"] == site.url
    assert data["datePublished"] == str(meta["date"])
    # Only true dates, and nothing invented: a modified date only when the maintainer dated
    # a correction (`updated`), and no author or publisher.
    assert data.get("dateModified") == (str(meta["updated"]) if meta.get("updated") else None)
    assert meta_content(page, "article:modified_time") == (str(meta["updated"]) if meta.get("updated") else None)
    assert not {"author", "publisher"} & data.keys()


@pytest.mark.parametrize("name", ["index.html", "404.html"])
def test_browser_colours_follow_the_scheme(site: Site, name: str) -> None:
    """Should declare both colour schemes and an address-bar colour for each, from mkdocs.yml."""
    page = site.soup(name)
    assert meta_content(page, "color-scheme") == "light dark"
    colours = {tag["media"]: tag["content"] for tag in page.find_all("meta", attrs={"name": "theme-color"})}
    wanted = site_config()["extra"]["theme_color"]
    assert colours == {f"(prefers-color-scheme: {scheme})": colour for scheme, colour in wanted.items()}


def test_canonical_link(site: Site) -> None:
    """Should name the page's absolute address as canonical."""
    assert site.soup().find("link", rel="canonical")["href"] == site.url


def test_sitemap_lists_the_article(site: Site) -> None:
    """Should write a sitemap whose only page is the article's absolute address."""
    tree = ElementTree.parse(site.dir / "sitemap.xml")
    locations = [element.text for element in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations == [site.url]


def test_robots_names_the_sitemap(site: Site) -> None:
    """Should allow crawling and give the sitemap's absolute address."""
    robots = (site.dir / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^User-agent: \*$", robots, re.M)
    assert f"Sitemap: {site.url}sitemap.xml" in robots.splitlines()
    assert robots.endswith("\n"), "robots.txt must end with a newline, as every text file should"


def test_favicon(site: Site) -> None:
    """Should link a favicon that exists in the build."""
    icon = site.soup().find("link", rel="icon")["href"]
    assert (site.dir / icon).is_file(), f"favicon {icon} is not in the build"


def test_social_card_is_current(site: Site) -> None:
    """Should build a 1200x630 PNG card drawn from the current headline."""
    card = (site.dir / CARD).read_bytes()
    image = Image.open(io.BytesIO(card))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    spec = importlib.util.spec_from_file_location("social_card", REPO_ROOT / "hooks" / "social_card.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = io.BytesIO()
    module.draw_card(front_matter()["title"], site_config()["site_name"]).save(expected, format="PNG", optimize=True)
    assert card == expected.getvalue(), "the card in the build is not drawn from the current headline"


def test_404_assets_use_the_sub_path(site: Site) -> None:
    """Should point the 404 page's styles and scripts at the /REPO/ path, so they load at any depth."""
    page = site.soup("404.html")
    assets = [t["href"] for t in page.find_all("link", rel="stylesheet")] + [t["src"] for t in page.find_all("script", src=True)]
    assert assets and all(a.startswith(SUB_PATH) for a in assets), assets
