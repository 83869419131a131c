"""The Google News sitemap, `news-sitemap.xml`: the articles of the last two days, for Google News.

Google's news sitemap (namespace http://www.google.com/schemas/sitemap-news/0.9) lists
only articles published in the last two days, at most 1,000, each with the publication's
name and language, its publication moment (W3C, with the time and offset) and its headline.
"The last two days" are the build's clock's (newsroom.clock), so each build lists what is
new at its moment; a publication with nothing that new still gets a valid, empty urlset.
robots.txt names it beside the sitemap (docs/robots.txt).
"""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

from newsroom.articles import Article

PATH = "news-sitemap.xml"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
# Google's limits: articles of the last two days, at most 1,000 in one file.
WINDOW = datetime.timedelta(days=2)
MOST = 1000


def recent(articles: list[Article], now: datetime.datetime) -> list[Article]:
    """The published articles (newest first) whose moment is within the two days up to `now`, at most 1,000."""
    return [article for article in articles if now - WINDOW < article.published <= now][:MOST]


def news_sitemap(articles: list[Article], now: datetime.datetime, site_url: str, name: str, language: str) -> bytes:
    """The news sitemap of `articles` (published, newest first) at `now`."""
    # The news prefix is registered for the process; the default namespace is given to this document alone, as the
    # feed (newsroom.feed) registers its own for the process.
    ElementTree.register_namespace("news", NEWS)
    urlset = ElementTree.Element(f"{{{SITEMAP}}}urlset")
    for article in recent(articles, now):
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP}}}loc").text = site_url + article.address
        news = ElementTree.SubElement(url, f"{{{NEWS}}}news")
        publication = ElementTree.SubElement(news, f"{{{NEWS}}}publication")
        ElementTree.SubElement(publication, f"{{{NEWS}}}name").text = name
        ElementTree.SubElement(publication, f"{{{NEWS}}}language").text = language
        ElementTree.SubElement(news, f"{{{NEWS}}}publication_date").text = article.published.isoformat()
        ElementTree.SubElement(news, f"{{{NEWS}}}title").text = article.meta.title
    ElementTree.indent(urlset)
    document: bytes = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True, default_namespace=SITEMAP)
    return document + b"\n"
