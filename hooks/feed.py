"""Write an Atom feed of the article, so that a reader can follow the site in a feed reader.

The maintained MkDocs plugin for feeds (mkdocs-rss-plugin) writes RSS and JSON
Feed with one description per item, so it cannot carry both the standfirst as a
summary and the full article text, and it dates items from git history. Atom
has a place for each: <summary> holds the standfirst, <content> the article's
HTML exactly as the page shows it, and the dates come from the front matter
(`date`, and `updated` when a correction is dated), so the feed is reproducible.
Every page links it from its <head> (overrides/layouts/article.html).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from xml.etree import ElementTree

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ATOM = "http://www.w3.org/2005/Atom"
ElementTree.register_namespace("", ATOM)

# The home page's article, captured as it is rendered, written after the build.
_entry: dict[str, object] = {}


def _timestamp(date: datetime.date) -> str:
    """An Atom date: the day, at midnight UTC (the front matter holds days, not times)."""
    return f"{date.isoformat()}T00:00:00Z"


def on_pre_build(config: MkDocsConfig) -> None:
    """Forget the previous build's article (mkdocs serve rebuilds in one process)."""
    _entry.clear()


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Remember the home page's headline, standfirst, dates, address and rendered text."""
    if page.is_homepage:
        _entry.update(
            title=page.meta["title"], summary=page.meta["description"], content=str(html),
            published=page.meta["date"], updated=page.meta.get("updated") or page.meta["date"],
            url=page.canonical_url,
        )
    return html


def atom_feed(config: MkDocsConfig) -> bytes:
    """The feed: the site, and the article as its one entry."""
    site_url = config.site_url or ""
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": config.theme["language"]})

    def add(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> None:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text

    add(feed, "title", config.site_name)
    add(feed, "subtitle", config.site_description or "")
    add(feed, "link", rel="alternate", type="text/html", href=site_url)
    add(feed, "link", rel="self", type="application/atom+xml", href=site_url + config.extra["feed"])
    # The feed's own address identifies it; the article's, its entry (the two would coincide otherwise).
    add(feed, "id", site_url + config.extra["feed"])
    add(feed, "updated", _timestamp(_entry["updated"]))  # type: ignore[arg-type]
    # Atom requires an author; the article names none, so the publication stands as one.
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    add(author, "name", config.site_name)
    entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
    add(entry, "title", str(_entry["title"]))
    add(entry, "link", rel="alternate", type="text/html", href=str(_entry["url"]))
    add(entry, "id", str(_entry["url"]))
    add(entry, "published", _timestamp(_entry["published"]))  # type: ignore[arg-type]
    add(entry, "updated", _timestamp(_entry["updated"]))  # type: ignore[arg-type]
    add(entry, "summary", str(_entry["summary"]))
    add(entry, "content", str(_entry["content"]), type="html")
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def on_post_build(config: MkDocsConfig) -> None:
    """Write the feed where every page's <link rel="alternate"> points."""
    if not _entry:
        raise PluginError("hooks/feed.py: the site has no home page to make a feed of")
    target = Path(config.site_dir) / config.extra["feed"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(atom_feed(config))
