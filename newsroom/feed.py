"""The Atom feed of the newest articles, so that a reader can follow the site in a feed reader.

The maintained MkDocs plugin for feeds (mkdocs-rss-plugin) writes RSS and JSON
Feed with one description per item, so it cannot carry both the standfirst as a
summary and the full article text, and it dates items from git history. Atom
has a place for each: <summary> holds the standfirst, <content> the article's
HTML exactly as the page shows it, and the dates come from the front matter
(`date`, and `updated` when a correction is dated), so the feed is reproducible.
Each entry names the article's authors (newsroom.authors). Every page links the
feed from its <head>; each article's page keeps its entry as it renders
(newsroom.pages), and the pipeline writes the newest (`feed_articles`) after the
build, in the front page's order: newest first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin
from xml.etree import ElementTree

from mkdocs.config.defaults import MkDocsConfig

ATOM = "http://www.w3.org/2005/Atom"
ElementTree.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    """One article as the feed carries it."""

    title: str
    summary: str
    content: str
    url: str
    # The day it was first published, and of its last change.
    first_published: datetime.date
    updated: datetime.date
    # The lead photo's figure, shown first.
    lead: str = ""
    # The article's authors: name, and their page's address if they have one.
    authors: list[tuple[str, str | None]] = field(default_factory=list)


# An address in rendered Markdown or a figure: always a double-quoted href, src or srcset.
ADDRESS = re.compile(r'\b(href|src|srcset)="([^"]*)"')


def absolute_addresses(html: str, base: str) -> str:
    """Every address in `html` made absolute against `base`, the page's own address.

    A feed reader shows an entry away from its page, so a relative address (a
    link to another article, a photo's files) would point nowhere.
    """
    def absolute(match: re.Match[str]) -> str:
        attribute, value = match.groups()
        if attribute == "srcset":
            candidates = (candidate.strip().split(" ", 1) for candidate in value.split(","))
            value = ", ".join(" ".join([urljoin(base, parts[0]), *parts[1:]]) for parts in candidates)
        else:
            value = urljoin(base, value)
        return f'{attribute}="{value}"'

    return ADDRESS.sub(absolute, html)


def _timestamp(date: datetime.date) -> str:
    """An Atom date: the day, at midnight UTC (the front matter holds days, not times)."""
    return f"{date.isoformat()}T00:00:00Z"


def atom_feed(config: MkDocsConfig, path: str, entries: list[Entry], title: str | None = None) -> bytes:
    """The feed at `path` in the site: the site (or a part of it, `title`), and its articles in the order given
    (newest first)."""
    site_url = config.site_url or ""
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": config.theme["language"]})

    def add(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> None:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text

    add(feed, "title", title or config.site_name)
    add(feed, "subtitle", config.site_description or "")
    add(feed, "link", rel="alternate", type="text/html", href=site_url)
    add(feed, "link", rel="self", type="application/atom+xml", href=site_url + path)
    # The feed's own address identifies it; each article's address, its entry.
    add(feed, "id", site_url + path)
    add(feed, "updated", _timestamp(max(entry.updated for entry in entries)))
    # Atom requires an author for the feed, or for every entry; an article may have no byline, so the publication
    # stands as the feed's.
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    add(author, "name", config.site_name)
    for article in entries:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        add(entry, "title", article.title)
        add(entry, "link", rel="alternate", type="text/html", href=article.url)
        add(entry, "id", article.url)
        add(entry, "published", _timestamp(article.first_published))
        add(entry, "updated", _timestamp(article.updated))
        for name, url in article.authors:
            author = ElementTree.SubElement(entry, f"{{{ATOM}}}author")
            add(author, "name", name)
            if url:
                add(author, "uri", url)
        add(entry, "summary", article.summary)
        add(entry, "content", article.lead + article.content, type="html")
    ElementTree.indent(feed)
    document: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
