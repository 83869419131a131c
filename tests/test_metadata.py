"""Sharing and discovery: social tags, structured data, canonical, sitemap, robots, favicon, card."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest
from PIL import Image

from conftest import SUB_PATH, Site, meta_content
from hooks import social_card

CARD = "assets/social-card.png"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("og:type", lambda site: "article"),
        ("og:title", lambda site: site.meta.title),
        ("og:description", lambda site: site.meta.description),
        ("og:url", lambda site: site.url),
        ("og:image", lambda site: site.url + CARD),
        ("og:image:width", lambda site: str(social_card.SIZE[0])),
        ("og:image:height", lambda site: str(social_card.SIZE[1])),
        ("og:site_name", lambda site: site.config["site_name"]),
        ("og:locale", lambda site: site.config["extra"]["og_locale"]),
        ("article:published_time", lambda site: str(site.meta.date)),
        ("twitter:card", lambda site: "summary_large_image"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_social_tags(article_site: Site, key: str, expected: Callable[[Site], Any]) -> None:
    """Should carry each Open Graph and Twitter card tag, with absolute URLs."""
    assert meta_content(article_site.soup(), key) == expected(article_site)


def test_json_ld_news_article(article_site: Site) -> None:
    """Should describe the article as NewsArticle JSON-LD that matches the visible headline."""
    site = article_site
    page = site.soup()
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    meta = site.meta
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
    """Should declare both colour schemes and an address-bar colour for each: the header's, from extra.css."""
    page = site.soup(name)
    assert meta_content(page, "color-scheme") == "light dark"
    colours = {tag["media"]: tag["content"] for tag in page.find_all("meta", attrs={"name": "theme-color"})}
    wanted = site.header_colours()
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


def test_social_card_is_current(article_site: Site) -> None:
    """Should build a PNG card of the size og:image gives, drawn from the current headline on the header's colour."""
    site = article_site
    card = (site.dir / CARD).read_bytes()
    image = Image.open(io.BytesIO(card))
    assert (image.format, image.size) == ("PNG", social_card.SIZE)
    background = site.header_colours()["light"]
    expected = social_card.png(social_card.draw_card(site.meta.title, site.config["site_name"], background))
    assert card == expected, "the card in the build is not drawn from the current headline"


def test_404_assets_use_the_sub_path(site: Site) -> None:
    """Should point the 404 page's styles and scripts at the /REPO/ path, so they load at any depth."""
    page = site.soup("404.html")
    assets = [t["href"] for t in page.find_all("link", rel="stylesheet")] + [t["src"] for t in page.find_all("script", src=True)]
    assert assets and all(a.startswith(SUB_PATH) for a in assets), assets
