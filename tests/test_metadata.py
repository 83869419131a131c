"""Sharing and discovery: social tags, structured data, canonical, sitemap, robots, favicon, card."""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
import yaml
from PIL import Image

from conftest import SUB_PATH, WORK_TYPES, Site, SitePage, meta_content
from newsroom import social_card
from newsroom.figures import PHOTO_FOLDER
from newsroom.front_matter import ArticleMeta


def card(site: Site, page: SitePage) -> str:
    """The image a page's og:image names: its article's lead photo cropped to 16:9, else its card, drawn from the
    headline (the front page: the newest article's)."""
    photo = site.lead_photo(page.article)
    if photo is not None:
        return f"{site.url}{PHOTO_FOLDER}{photo.crops['16x9'].name}"
    return f"{site.url}{site.settings.social_cards}{page.article.name}.png"


def card_size(site: Site, page: SitePage) -> tuple[str, str]:
    """The size og:image gives: the lead photo's 16:9 crop's, else the card's."""
    photo = site.lead_photo(page.article)
    width, height = (photo.crops["16x9"].width, photo.crops["16x9"].height) if photo else social_card.SIZE
    return str(width), str(height)


# What each tag holds on an article's page, and on the front page (which describes the publication).
TAGS: dict[str, tuple[Callable[[Site, SitePage], Any], Callable[[Site, SitePage], Any]]] = {
    "og:type": (lambda site, page: "article", lambda site, page: "website"),
    "og:title": (lambda site, page: page.article.meta.title, lambda site, page: site.config["site_name"]),
    "og:description": (lambda site, page: page.article.meta.description,
                       lambda site, page: " ".join(site.config["site_description"].split())),
    "og:url": (lambda site, page: page.url, lambda site, page: page.url),
    "og:image": (card, card),
    "og:image:width": (lambda site, page: card_size(site, page)[0],) * 2,
    "og:image:height": (lambda site, page: card_size(site, page)[1],) * 2,
    "og:image:type": (lambda site, page: "image/jpeg" if page.article.meta.image else "image/png",) * 2,
    "og:image:alt": (lambda site, page: page.article.meta.image.alt if page.article.meta.image
                     else f"The headline: {page.article.meta.title}",) * 2,
    "twitter:image:alt": (lambda site, page: page.article.meta.image.alt if page.article.meta.image
                          else f"The headline: {page.article.meta.title}",) * 2,
    "robots": (lambda site, page: "max-image-preview:large",) * 2,
    "og:site_name": (lambda site, page: site.config["site_name"],) * 2,
    "og:locale": (lambda site, page: site.settings.og_locale,) * 2,
    "article:published_time": (lambda site, page: site.machine_date(page.article.meta.date), lambda site, page: None),
    "twitter:card": (lambda site, page: "summary_large_image",) * 2,
}


@pytest.mark.parametrize("key", TAGS)
def test_social_tags(article_site: Site, key: str) -> None:
    """Should carry each Open Graph and Twitter card tag on every page, with absolute URLs."""
    for page in article_site.pages:
        expected = TAGS[key][page.front](article_site, page)
        assert meta_content(article_site.soup(page.name), key) == expected, f"{page}: {key}"


def test_json_ld(article_site: Site) -> None:
    """Should describe each article as JSON-LD of its type of work (a NewsArticle) matching its visible headline, and the
    front page as the WebSite, both naming the publisher."""
    site = article_site
    for page in site.pages:
        soup = site.soup(page.name)
        scripts = soup.find_all("script", type="application/ld+json")
        assert len(scripts) == 1, page.name
        data = json.loads(scripts[0].string)
        assert data["@context"] == "https://schema.org"
        if page.front:
            assert data == {"@context": "https://schema.org", "@type": "WebSite", "name": site.config["site_name"],
                            "description": " ".join(site.config["site_description"].split()), "url": site.url,
                            "inLanguage": site.config["theme"]["language"], "publisher": site.publisher_data()}
            continue
        meta = page.article.meta
        # The schema.org type of its type of work (newsroom.work): a subtype of NewsArticle.
        assert data["@type"] == WORK_TYPES[site.work_type(page.article)][1]
        assert data["headline"] == soup.find("h1").get_text() == meta.title
        assert data["description"] == meta.description
        photo = site.lead_photo(page.article)
        images = [f"{site.url}{PHOTO_FOLDER}{photo.crops[ratio].name}" for ratio in ("16x9", "4x3", "1x1")] if photo \
            else [card(site, page)]
        assert data["image"] == images and data["url"] == data["mainEntityOfPage"] == page.url
        assert data["datePublished"] == site.machine_date(meta.date)
        # Only true dates, and nothing invented: a modified date only when the maintainer dated
        # a change (`updated`, a correction, a withdrawal); authors only when the front matter names them
        # (test_reader_tools.py).
        assert data.get("dateModified") == site.modified(meta)
        assert meta_content(soup, "article:modified_time") == site.modified(meta)
        assert data.get("correction", []) == [{"@type": "CorrectionComment", "datePublished": site.machine_date(correction.date),
                                               "text": site.correction_as_read(correction).split(": ", 1)[1]}
                                              for correction in meta.corrections]
        assert ("author" in data) == bool(meta.authors)
        # Where it was reported from: the dateline's place, as the front matter gives it.
        assert data.get("locationCreated") == ({"@type": "Place", "name": meta.dateline} if meta.dateline else None), page


@pytest.mark.parametrize("name", ["index.html", "404.html"])
def test_browser_colours_follow_the_scheme(site: Site, name: str) -> None:
    """Should declare both colour schemes and an address-bar colour for each: the header's, from extra.css."""
    page = site.soup(name)
    assert meta_content(page, "color-scheme") == "light dark"
    colours = {tag["media"]: tag["content"] for tag in page.find_all("meta", attrs={"name": "theme-color"})}
    wanted = site.header_colours()
    assert colours == {f"(prefers-color-scheme: {scheme})": colour for scheme, colour in wanted.items()}


def test_canonical_link(site: Site) -> None:
    """Should name each page's absolute address as canonical."""
    for page in site.pages:
        assert site.soup(page.name).find("link", rel="canonical")["href"] == page.url


def test_sitemap_dates_each_page_by_its_article(article_site: Site) -> None:
    """Should list every page once, each dated by its article's last change (the front page: the latest of all)."""
    site = article_site
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    tree = ElementTree.parse(site.dir / "sitemap.xml")
    dated = {url.findtext(f"{namespace}loc"): url.findtext(f"{namespace}lastmod") for url in tree.iter(f"{namespace}url")}
    # Each page by the latest change among its articles: the moment (RFC 3339, with its offset) of an update, a
    # correction or a withdrawal, else of publication. The front page and search list no withdrawn article.
    def latest(among: list[ArticleMeta]) -> str:
        return max(site.last_change(meta) for meta in among).isoformat()

    listed = [a.meta for a in site.listed]
    assert dated == {**{page.url: latest(listed if page.front else [page.article.meta]) for page in site.pages},
                     # A withdrawn article's address stays, dated by its withdrawal (newsroom.desk).
                     **{page.url: latest([page.article.meta]) for page in site.withdrawn_pages},
                     **{site.url + page.address: latest([a.meta for a in page.articles]) for page in site.archive},
                     site.url + "search/": latest(listed),
                     site.url + "corrections/": latest([a.meta for a in site.articles]), **_listing_dates(site),
                     # The publisher's pages, each by the day it was last updated (newsroom.publisher).
                     **{site.url + policy.address: site.machine_date(_updated(policy.path)) for policy in site.policies}}


def _updated(path: Path) -> datetime.date:
    """A publisher's page's `updated`, from its front matter."""
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(meta["updated"], datetime.date), path
    return meta["updated"]


def _listing_dates(site: Site) -> dict[str, str | None]:
    """Each section, tag and author page by its address, dated by the latest change of the articles it links (none
    for a page that lists none), as the front matter gives them."""
    changed = {site.url + article.address: site.last_change(article.meta) for article in site.articles}
    dates: dict[str, str | None] = {}
    for name in site.listing_pages:
        url = site.url + name.removesuffix("index.html")
        linked = {urljoin(url, a["href"]) for a in site.soup(name).select(".listing h2 a")}
        latest = max((changed[link] for link in linked), default=None)
        dates[url] = latest.isoformat() if latest else None
    return dates


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


def test_each_article_has_its_own_current_card(article_site: Site) -> None:
    """Should build one PNG card per article without a lead photo, of the size og:image gives, drawn from its headline
    on the header's colour (an article with a lead photo is shared with the photo)."""
    site = article_site
    folder = site.dir / site.settings.social_cards
    carded = [a for a in site.articles if a.meta.image is None]
    drawn_cards = sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
    assert drawn_cards == sorted(f"{a.name}.png" for a in carded)
    background = site.header_colours()["light"]
    for article in carded:
        drawn = (folder / f"{article.name}.png").read_bytes()
        image = Image.open(io.BytesIO(drawn))
        assert (image.format, image.size) == ("PNG", social_card.SIZE)
        expected = social_card.png(social_card.draw_card(article.meta.title, site.config["site_name"], background))
        assert drawn == expected, f"the card of {article.where} is not drawn from its current headline"


def test_404_assets_use_the_sub_path(site: Site) -> None:
    """Should point the 404 page's styles and scripts at the /REPO/ path, so they load at any depth."""
    page = site.soup("404.html")
    assets = [t["href"] for t in page.find_all("link", rel="stylesheet")] + [t["src"] for t in page.find_all("script", src=True)]
    assert assets and all(a.startswith(SUB_PATH) for a in assets), assets
