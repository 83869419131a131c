"""The desk's notes to readers: corrections printed in the open, old addresses kept alive, withdrawals.

The front matter holds them (newsroom.front_matter: `corrections`, `redirect_from`,
`withdrawn`); this module turns them into what readers and machines get:

- each correction's text, one paragraph of Markdown rendered with the site's
  Markdown settings, is printed on the article (layouts/article.html), carried in
  its structured data (`correction`), its feed entry and on the corrections page
  (`corrections/`, layouts/corrections.html), newest first;
- each old address gets a page that sends the reader on at once (`redirect_page`),
  written by the pipeline (newsroom.pipeline.write_redirects) under the same
  per-page policy as every page, and outside the sitemap, search and feed;
- a withdrawn article keeps its address, answering with its headline, dates and the
  notice (newsroom.pages.WithdrawnPage); nothing else of it is published.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from markdown import Markdown
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from newsroom.articles import CORRECTIONS, Article
from newsroom.date_line import date_label
from newsroom.front_matter import Correction
from newsroom.moments import instant, w3c

# The corrections page's source in the site (a generated page), and its address.
CORRECTIONS_PAGE = f"{CORRECTIONS}.md"
CORRECTIONS_ADDRESS = f"{CORRECTIONS}/"


@dataclass(frozen=True)
class PrintedCorrection:
    """A correction as readers get it: its day, machine-readable and as read, and its text as HTML (one paragraph's
    content, links absolute)."""

    date: str
    date_label: str
    html: Markup
    # Its moment, for ordering (newest first on the corrections page).
    moment: datetime.datetime

    @property
    def label(self) -> str:
        """What heads it: "Correction, 26 November 2026"."""
        return f"Correction, {self.date_label}"


# A link in rendered Markdown: its address.
_HREF = re.compile(r'\bhref="([^"]*)"')


def render_correction(correction: Correction, number: int, article: Article, config: MkDocsConfig,
                      addresses: dict[str, str]) -> PrintedCorrection:
    """A correction's text rendered with the site's Markdown settings (mkdocs.yml's `markdown_extensions`), raw
    HTML shown as typed, its links absolute; refused, naming the file and the key, unless it is one paragraph of
    text or its links lead somewhere.

    `addresses` maps each article's file under docs/ (alaska-summit.md) to its absolute address: a correction
    links another article as the text does, by its file (a link MkDocs would not check here), or by an absolute
    http(s) address. The page's own address is the base of any other link.
    """
    where = f"{article.where}: front matter 'corrections' entry {number}"
    # The site's extensions by name: the photo extension (an object) renders the article's figures, not this.
    names = [name for name in config.markdown_extensions if isinstance(name, str)]
    markdown = Markdown(extensions=names, extension_configs=config.mdx_configs)
    # Raw HTML is shown as the characters typed, as every other front matter value is.
    markdown.preprocessors.deregister("html_block")
    markdown.inlinePatterns.deregister("html")
    rendered = markdown.convert(correction.text).strip()
    found = re.fullmatch(r"<p>(.*)</p>", rendered, re.S)
    if found is None or "<p>" in found.group(1) or "<img" in rendered:
        raise PluginError(f"{where}: 'text' must be one paragraph of text (emphasis and links, no heading, list, "
                          "quotation or image)")
    base = config.site_url or ""

    def absolute(match: re.Match[str]) -> str:
        address = html.unescape(match.group(1))
        file, _, anchor = address.partition("#")
        if file in addresses:
            address = addresses[file] + (f"#{anchor}" if anchor else "")
        elif urlsplit(address).scheme in ("http", "https", "mailto"):
            pass
        else:
            raise PluginError(f"{where}: 'text' links {address!r}, which is neither an article's file in docs/ "
                              "(such as other-article.md) nor an absolute http(s) address")
        return f'href="{html.escape(urljoin(base, address))}"'

    return PrintedCorrection(w3c(correction.date, article.zone), date_label(correction.date, article.zone),
                             Markup(_HREF.sub(absolute, found.group(1))), instant(correction.date, article.zone))


def printed_corrections(article: Article, config: MkDocsConfig, addresses: dict[str, str]) -> list[PrintedCorrection]:
    """The article's corrections in its front matter's order, rendered (`render_correction`); `addresses` maps each
    article's file under docs/ to its absolute address (BuildState.article_addresses, made once per build)."""
    return [render_correction(correction, number, article, config, addresses)
            for number, correction in enumerate(article.meta.corrections, 1)]


def feed_corrections(corrections: list[PrintedCorrection]) -> str:
    """The corrections as the article's feed entry carries them, after the text: a feed reader shows them too."""
    return "".join(f"<p><strong>{html.escape(c.label)}:</strong> {c.html}</p>" for c in corrections)


def corrections_data(corrections: list[PrintedCorrection]) -> list[dict[str, str]]:
    """The structured data's `correction`: a schema.org CorrectionComment for each, dated, its text without markup."""
    return [{"@type": "CorrectionComment", "datePublished": c.date, "text": html.unescape(re.sub(r"<[^>]+>", "", c.html))}
            for c in corrections]


@dataclass(frozen=True)
class LoggedCorrection:
    """One entry of the corrections page: the article's headline and address, the note's day and text."""

    title: str
    address: str
    date: str
    date_label: str
    label: str
    html: Markup
    # Its moment, for ordering (newest first).
    moment: datetime.datetime


def corrections_log(articles: list[Article], withdrawn: list[Article], config: MkDocsConfig,
                    addresses: dict[str, str]) -> list[LoggedCorrection]:
    """Every correction of the published articles, and every withdrawal, newest first (then in the articles' reading
    order, and each article's corrections in its own order)."""
    entries: list[LoggedCorrection] = []
    for article in articles:
        for printed in printed_corrections(article, config, addresses):
            entries.append(LoggedCorrection(article.meta.title, article.address, printed.date, printed.date_label,
                                            printed.label, printed.html, printed.moment))
    for article in withdrawn:
        notice = article.meta.withdrawn
        assert notice is not None
        label = date_label(notice.date, article.zone)
        entries.append(LoggedCorrection(article.meta.title, article.address, w3c(notice.date, article.zone), label,
                                        f"Withdrawn, {label}", Markup(html.escape(notice.notice)),
                                        instant(notice.date, article.zone)))
    # sorted() keeps the order above among entries of one moment.
    return sorted(entries, key=lambda entry: entry.moment, reverse=True)


def redirect_page(target: str, title: str, site_name: str, language: str) -> str:
    """The page at an old address: it sends the reader to `target` (absolute) at once, by the browser's refresh,
    without a script, and says where to for a browser that does not follow it. Search engines take the canonical
    link as the article's one address and leave this page out of their index (robots noindex)."""
    to, headline = html.escape(target), html.escape(title)
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={to}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>Moved: {headline} - {html.escape(site_name)}</title>\n"
        f'<link rel="canonical" href="{to}">\n</head>\n<body>\n<main>\n'
        f'<p>This article has moved to <a href="{to}">{headline}</a>.</p>\n</main>\n</body>\n</html>\n'
    )
