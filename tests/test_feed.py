"""The Atom feed: every page points to it, a real feed parser reads it, and it carries the article as published.

Parsed with feedparser (the library most feed readers' Python tooling uses) and
checked against the original text and the front matter: the headline, the
standfirst as the summary, the full article as the content, the publication
date and the date of the last correction (only when the maintainer wrote one),
all with absolute addresses from site_url.
"""

from __future__ import annotations

from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import Site


@pytest.fixture
def feed(article_site: Site) -> feedparser.FeedParserDict:
    """The built feed, parsed."""
    parsed = feedparser.parse((article_site.dir / article_site.config["extra"]["feed"]).read_bytes())
    assert not parsed.bozo, f"the feed is not well-formed: {parsed.get('bozo_exception')}"
    return parsed


@pytest.mark.parametrize("name", ["index.html", "404.html"])
def test_every_page_points_to_the_feed(site: Site, name: str) -> None:
    """Should link the feed from the <head> of every page, as feed readers discover it."""
    page = site.soup(name)
    links = [link for link in page.head.find_all("link", rel="alternate") if link.get("type") == "application/atom+xml"]
    assert len(links) == 1, f"{name} should link one Atom feed, found {links}"
    assert urljoin(site.url + name, links[0]["href"]) == site.url + site.config["extra"]["feed"]


def test_feed_describes_the_site(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should be an Atom feed titled with the site's name, linking the site and itself absolutely."""
    site, config = article_site, article_site.config
    assert feed.version == "atom10"
    assert feed.feed.title == config["site_name"]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": site.url, "self": site.url + config["extra"]["feed"]}


def test_entry_is_the_article_as_published(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should carry one entry: the headline, the standfirst as summary, the full text as content."""
    site = article_site
    assert len(feed.entries) == 1
    entry, meta = feed.entries[0], site.meta
    assert entry.title == meta["title"]
    assert entry.link == site.url and entry.id == site.url
    assert entry.summary == meta["description"]
    content = BeautifulSoup(entry.content[0].value, "html.parser")
    assert [p.get_text() for p in content.find_all("p")] == site.paragraphs, (
        "the feed's content is not the original article, paragraph for paragraph"
    )


def test_entry_dates_come_from_the_front_matter(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should date the entry by its publication, and update it only when a correction is dated."""
    entry, meta = feed.entries[0], article_site.meta
    assert entry.published.startswith(str(meta["date"]))
    assert entry.updated.startswith(str(meta.get("updated") or meta["date"]))
    assert feed.feed.updated == entry.updated
