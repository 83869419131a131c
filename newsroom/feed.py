"""The Atom feed of the newest articles, so that a reader can follow the site in a feed reader.

The maintained MkDocs plugin for feeds (mkdocs-rss-plugin) writes RSS and JSON
Feed with one description per item, so it cannot carry both the standfirst as a
summary and the full article text, and it dates items from git history. Atom
has a place for each: <summary> holds the standfirst, <content> the article's
HTML exactly as the page shows it, and the dates come from the front matter
(`date`, and `updated` when a correction is dated), with their times and offsets, so the
feed is reproducible. Each entry's id is permanent (`entry_id`), a `tag:` URI, not its address.
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

from newsroom.articles import Article, first_address
from newsroom.moments import local_day

ATOM = "http://www.w3.org/2005/Atom"
ElementTree.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    """One article as the feed carries it."""

    title: str
    summary: str
    content: str
    url: str
    # The moment it was first published, and of its last change (a day alone: its start in the publication's zone).
    first_published: datetime.datetime
    updated: datetime.datetime
    # Its permanent id (`entry_id`): the same after a rename or a move to a new domain.
    id: str
    # The lead photo's figure, shown first.
    lead: str = ""
    # The article's authors: name, and their page's address if they have one.
    authors: list[tuple[str, str | None]] = field(default_factory=list)
    # Its type of work (newsroom.work), as Atom's category: the key and the label readers read.
    category: tuple[str, str] | None = None


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


def _timestamp(moment: datetime.datetime) -> str:
    """An Atom date (RFC 3339): the moment with its offset in the publication's zone."""
    return moment.isoformat()


def entry_id(tagging_entity: str, article: Article) -> str:
    """An article's permanent id (Atom requires one that never changes, RFC 4287 4.2.6; its address changes with a
    rename or a new domain): `tag:<domain>,<first publication day>:<address at first publication>` (RFC 4151), the
    domain from the `feed_id_authority` setting, the day in the publication's zone. Correcting the publication date
    itself gives a new id."""
    authority = tagging_entity.split(",", 1)[0]
    return f"tag:{authority},{local_day(article.meta.date, article.zone).isoformat()}:{first_address(article)}"


def feed_id(tagging_entity: str, path: str) -> str:
    """The feed's own permanent id: `tag:<the feed_id_authority setting>:<the feed's path>`."""
    return f"tag:{tagging_entity}:{path}"


def atom_feed(config: MkDocsConfig, path: str, entries: list[Entry], tagging_entity: str, title: str | None = None) -> bytes:
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
    # Permanent ids, not addresses: a feed reader keeps what it has shown across a rename or a new domain.
    add(feed, "id", feed_id(tagging_entity, path))
    add(feed, "updated", _timestamp(max(entry.updated for entry in entries)))
    # Atom requires an author for the feed, or for every entry; an article may have no byline, so the publication
    # stands as the feed's.
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    add(author, "name", config.site_name)
    for article in entries:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        add(entry, "title", article.title)
        add(entry, "link", rel="alternate", type="text/html", href=article.url)
        add(entry, "id", article.id)
        add(entry, "published", _timestamp(article.first_published))
        add(entry, "updated", _timestamp(article.updated))
        for name, url in article.authors:
            author = ElementTree.SubElement(entry, f"{{{ATOM}}}author")
            add(author, "name", name)
            if url:
                add(author, "uri", url)
        if article.category is not None:
            term, label = article.category
            add(entry, "category", term=term, label=label)
        add(entry, "summary", article.summary)
        add(entry, "content", article.lead + article.content, type="html")
    ElementTree.indent(feed)
    document: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
