"""Drafts and scheduled articles: which articles are published at a moment, and the workflow's "due" check.

An article with `draft: true` is never published; an article dated later than the build's
clock (newsroom.clock) is scheduled, and the first build after its moment publishes it. Until
then neither reaches any part of a built site: its page, card, photos, feed entry, sitemap and
news sitemap entries, search index, archive and front page listings are all made from the
published articles alone (the plugin hands `published_at`'s list to everything else).
`mkdocs serve` shows both, each marked on its page (`preview_notice`), so that an editor can
read them as they will look. `is_published` is the one answer to "is this article published
at this moment?" for every tool: the build, the approve command, the tests, `main` below.

Refusals, each one line naming the file and the key: a date further ahead of the clock than
the `schedule_days_ahead` setting (a mistyped year, almost always), a change (`updated`, a
correction, a withdrawal) dated after the clock, an approved text (the record of published addresses) for a draft, and a
link from an article to one that will not be published when it is.

`python -m newsroom.schedule [--site-url URL]` is the publishing workflow's first step on a
schedule: it says whether any article published now is missing from the live site's
sitemap.xml (so a late or dropped run is caught up by the next), and writes `due=true` or
`due=false` to $GITHUB_OUTPUT for the jobs that build and deploy.
"""

from __future__ import annotations

import argparse
import datetime
import os
import posixpath
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from mkdocs.exceptions import PluginError

from newsroom import clock
from newsroom.articles import Article
from newsroom.date_line import date_label
from newsroom.moments import instant


def is_published(article: Article, now: datetime.datetime) -> bool:
    """Whether the article is published at `now`: not a draft, and its moment has come."""
    return not article.meta.draft and article.published <= now


def published_at(articles: Iterable[Article], now: datetime.datetime) -> list[Article]:
    """The articles published at `now`, in the order given."""
    return [article for article in articles if is_published(article, now)]


def preview_notice(article: Article, now: datetime.datetime) -> str | None:
    """What `mkdocs serve` shows near the headline of an article no build publishes yet; None for a published one."""
    if article.meta.draft:
        return "Draft: not published"
    if article.published > now:
        return f"Scheduled: published {date_label(article.meta.date, article.zone)}"
    return None


def check_schedule(articles: Iterable[Article], now: datetime.datetime, days_ahead: int) -> None:
    """Refuse a date further ahead of the clock than `days_ahead` days, and a correction dated after the clock."""
    for article in articles:
        if article.meta.draft:
            continue  # a draft's dates are checked when it stops being one
        ahead = article.published - now
        if ahead > datetime.timedelta(days=days_ahead):
            raise PluginError(
                f"{article.where}: front matter 'date' {article.meta.date} is {ahead.days} days after the build's clock "
                f"({now.isoformat(timespec='minutes')}); an article may be scheduled at most {days_ahead} days ahead (the "
                "schedule_days_ahead setting): is the year right?")
        meta = article.meta
        changes = [("updated", meta.updated), *(("corrections", correction.date) for correction in meta.corrections),
                   ("withdrawn", meta.withdrawn.date if meta.withdrawn else None)]
        for key, when in changes:
            if when is not None and instant(when, article.zone) > now:
                raise PluginError(
                    f"{article.where}: front matter '{key}' is dated {when}, after the build's clock "
                    f"({now.isoformat(timespec='minutes')}); a change is dated when it is made, and a scheduled article "
                    "has none yet")


def check_drafts_unapproved(articles: Iterable[Article], published: Path, root: Path) -> None:
    """Refuse an approved text (the record of published addresses) for a draft: a draft is not approved for publication,
    and an article published once and marked a draft later would silently leave the site."""
    for article in articles:
        approved = published / f"{article.name}.txt"
        if article.meta.draft and approved.is_file():
            where = approved.relative_to(root) if approved.is_relative_to(root) else approved
            raise PluginError(
                f"{article.where}: front matter 'draft' is true, but {where} records {article.address} as approved for "
                "publication; remove 'draft' to publish it, or delete the approved text if it was never published")


# The targets of a Markdown inline link or image, a reference definition, and an HTML href or src.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|\b(?:href|src)=[\"']([^\"']+)", re.M)


def linked_articles(article: Article, by_source: dict[str, Article], by_address: dict[str, Article],
                    site_url: str) -> list[Article]:
    """The other articles `article`'s text links to: by their file (`other.md`), their address (`../other/`), or
    their absolute address on this site (`by_source` and `by_address`: every article, by its file and its address)."""
    found: dict[str, Article] = {}
    for match in _LINK.finditer(article.source):
        target = re.split(r"[#?]", next(group for group in match.groups() if group is not None), maxsplit=1)[0]
        if not target or (urlsplit(target).scheme and not target.startswith(site_url)):
            continue
        if target.startswith(site_url):
            path = target[len(site_url):]
        elif target.endswith(".md"):
            other = by_source.get(posixpath.normpath(posixpath.join(posixpath.dirname(article.src_uri), target)))
            if other is not None:
                found[other.src_uri] = other
            continue
        else:
            path = posixpath.normpath(posixpath.join(article.address, target))
        other = by_address.get(path.strip("/") + "/")
        if other is not None and other is not article:
            found[other.src_uri] = other
    return list(found.values())


def check_links(articles: list[Article], now: datetime.datetime, site_url: str) -> None:
    """Refuse a link from an article to one that is not published when it is (a draft, or scheduled later): the
    published page would point at an address that does not exist yet, and give away what is coming."""
    if all(not article.meta.draft and article.published <= now for article in articles):
        return  # everything is published: no link can lead to what is not (reading every text cost large builds)
    by_source = {article.src_uri: article for article in articles}
    by_address = {article.address: article for article in articles}
    for article in articles:
        if article.meta.draft:
            continue  # a draft may link to anything: it reaches no reader
        live_from = max(article.published, now)
        for other in linked_articles(article, by_source, by_address, site_url):
            if other.meta.draft or other.published > live_from:
                state = ("a draft" if other.meta.draft else
                         f"scheduled for {date_label(other.meta.date, other.zone)}")
                raise PluginError(
                    f"{article.where}: links to {other.where}, which is {state} and not published when this article "
                    "is; remove the link until it is published, or schedule this article after it")


# --- The workflow's "due" check ----------------------------------------------------------------

SITEMAP = "sitemap.xml"
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def live_addresses(site_url: str, timeout: float = 20) -> set[str] | None:
    """Every address the live site's sitemap lists; None when it cannot be read (never deployed, or unreachable)."""
    try:
        with urllib.request.urlopen(site_url + SITEMAP, timeout=timeout) as response:
            document = ElementTree.fromstring(response.read())
    except (urllib.error.URLError, OSError, ElementTree.ParseError):
        return None
    return {(loc.text or "").strip() for loc in document.iter(f"{_SITEMAP_NS}loc")}


def due_articles(articles: Iterable[Article], now: datetime.datetime, live: set[str], site_url: str) -> list[Article]:
    """The articles published at `now` that the live site does not list yet."""
    return [article for article in published_at(articles, now) if site_url + article.address not in live]


def main(arguments: list[str] | None = None) -> int:
    """Say whether a build is due: whether an article published now is not on the live site yet."""
    from mkdocs.config import load_config

    from newsroom.articles import project_articles
    from newsroom.authors import read_authors
    from newsroom.moments import time_zone
    from newsroom.plugin import NewsroomPlugin

    parser = argparse.ArgumentParser(prog="python -m newsroom.schedule", description=main.__doc__)
    parser.add_argument("--config-file", default="mkdocs.yml", help="the project's mkdocs.yml")
    parser.add_argument("--site-url", help="the live site's address (default: mkdocs.yml's site_url, or SITE_URL)")
    options = parser.parse_args(arguments)
    try:
        config = load_config(options.config_file)
        plugin = config.plugins["newsroom"]
        assert isinstance(plugin, NewsroomPlugin)
        settings = plugin.config
        root = Path(options.config_file).resolve().parent
        found = project_articles(config, read_authors(Path(settings.authors), root), time_zone(settings.time_zone),
                                 settings.default_type)
        now = clock.now()
    except (PluginError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    site_url = (options.site_url or config.site_url or "").rstrip("/") + "/"
    live = live_addresses(site_url)
    if live is None:
        due = published_at(found, now)
        print(f"{site_url}{SITEMAP} could not be read: a build is due to publish what is published now")
    else:
        due = due_articles(found, now, live, site_url)
        for article in due:
            print(f"due: {article.where}, published {date_label(article.meta.date, article.zone)}, is not on {site_url}")
        if not due:
            print(f"nothing due: every article published at {now.isoformat(timespec='minutes')} is on {site_url}")
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"due={'true' if due else 'false'}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
