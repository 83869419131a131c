"""The Atom feed: every page points to it, a real feed parser reads it, and it carries every article as published.

Parsed with feedparser (the library most feed readers' Python tooling uses) and
checked against the original text and the front matter: the headline, the
standfirst as the summary, the full article as the content, the publication
date and the date of the last correction (only when the maintainer wrote one),
all with absolute addresses from site_url.
"""

from __future__ import annotations

import datetime
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup

from article_text import photo_line, text_paragraphs
from conftest import Site


@pytest.fixture
def feed(article_site: Site) -> feedparser.FeedParserDict:
    """The built feed, parsed."""
    parsed = feedparser.parse((article_site.dir / article_site.settings.feed).read_bytes())
    assert not parsed.bozo, f"the feed is not well-formed: {parsed.get('bozo_exception')}"
    return parsed


def test_every_page_points_to_the_feed(site: Site) -> None:
    """Should link the feed from the <head> of every page, as feed readers discover it (a section's page, with an
    article, also its own feed, beside it)."""
    for name in site.html_pages:
        page = site.soup(name)
        links = [urljoin(site.url + name, link["href"]) for link in page.head.find_all("link", rel="alternate")
                 if link.get("type") == "application/atom+xml"]
        own = [site.url + name.removesuffix("index.html") + "feed.xml"] \
            if name.startswith("section/") and page.select(".listing h2 a") else []
        assert links == [site.url + site.settings.feed, *own], f"{name} should link the site's Atom feed, found {links}"


def test_feed_describes_the_site(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should be an Atom feed titled with the site's name, linking the site and itself absolutely."""
    site, config = article_site, article_site.config
    assert feed.version == "atom10"
    assert feed.feed.title == config["site_name"]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": site.url, "self": site.url + article_site.settings.feed}


def test_one_entry_per_article_newest_first(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should carry the newest articles, as many as the `feed_articles` setting says, newest first: headline, address,
    standfirst as summary and full text as content."""
    site = article_site
    assert [entry.link for entry in feed.entries] == [site.url + a.address for a in site.listed[:site.settings.feed_articles]]
    for entry, article in zip(feed.entries, site.listed, strict=False):
        assert entry.title == article.meta.title
        # Permanent: tag:<authority>,<first publication day>:<first address> (RFC 4151), never the address; a renamed
        # article's first address is the last of its old ones (README: "Renaming").
        authority = site.settings.feed_id_authority.split(",")[0]
        first = article.meta.redirect_from[-1] if article.meta.redirect_from else article.name
        assert entry.id == f"tag:{authority},{site.local_day(article.meta.date).isoformat()}:{first}"
        assert entry.summary == article.meta.description
        content = BeautifulSoup(entry.content[0].value, "html.parser")
        # The text, then its corrections as the page prints them (newsroom.desk).
        assert [p.get_text() for p in content.find_all("p")] == [
            *text_paragraphs(article.approved_paragraphs()), *map(site.correction_as_read, article.meta.corrections)], (
            f"the feed's content for {article.where} is not its approved text, paragraph for paragraph, and its corrections"
        )


def test_entry_dates_come_from_the_front_matter(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should date each entry by its publication, update it only when a correction is dated, and the feed by the latest."""
    for entry, article in zip(feed.entries, article_site.listed, strict=False):
        assert entry.published == article_site.machine_date(article.meta.date)
        assert entry.updated == article_site.last_change(article.meta).isoformat()
    assert feed.feed.updated == max((entry.updated for entry in feed.entries), key=datetime.datetime.fromisoformat)
    assert feed.feed.id == f"tag:{article_site.settings.feed_id_authority}:{article_site.settings.feed}"


def test_photos_come_first_and_absolute(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should carry each entry's photos with absolute addresses on the site, the lead photo first (a feed reader has
    no page to resolve a relative address against)."""
    for entry, article in zip(feed.entries, article_site.listed, strict=False):
        content = BeautifulSoup(entry.content[0].value, "html.parser")
        addresses = [candidate.split()[0] for tag in content.find_all(True) for name in ("src", "href", "srcset")
                     for candidate in tag.get(name, "").split(",") if candidate.strip()]
        for url in addresses:
            assert url.startswith(("http://", "https://", "mailto:")), f"{article.where}: a relative address in the feed: {url}"
        figures = content.find_all("figure")
        if article.meta.image is not None:
            assert figures and content.find(True) == figures[0], f"{article.where}: the lead photo should come first"
            assert figures[0].img["alt"] == article.meta.image.alt
        assert len(figures) == (article.meta.image is not None) + sum(
            1 for paragraph in article.approved_paragraphs() if photo_line(paragraph)), article.where


def test_entries_name_their_authors(feed: feedparser.FeedParserDict, article_site: Site) -> None:
    """Should name each entry's authors, with their pages, as the authors file gives them (none without a byline)."""
    for entry, article in zip(feed.entries, article_site.listed, strict=False):
        authors = article_site.authors_of(article)
        named = [(author.get("name"), author.get("href")) for author in entry.get("authors", []) if author.get("name")]
        if not authors:
            # feedparser lends an entry the feed's own author (the publication) when it has none.
            assert named in ([], [(article_site.config["site_name"], None)]), f"{article.where}: {named}"
            continue
        assert named == [(author.name, author.url) for author in authors], f"{article.where}: {named}"
