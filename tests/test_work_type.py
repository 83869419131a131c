"""What kind of work each article is: its label above the headline and in every list, its structured data, its feed
entry and Open Graph's opinion flag (newsroom.work).

Checked on the corpus, whose articles are news (by the `default_type` setting), analysis, background, opinion and
sponsored content (with its sponsor). What each must carry is stated here in the tests' own words, from the front
matter and the setting, never with the build's code: the labels and schema.org types are the Trust Project's and
schema.org's (no browser).
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

import extruct
import feedparser
import pytest

from conftest import WORK_TYPES, Site, meta_content
from harness.project import ProjectArticle

KINDS = WORK_TYPES


def kind(site: Site, article: ProjectArticle) -> str:
    """The article's type of work: its front matter's, else the publication's default."""
    return site.work_type(article)


def test_the_corpus_has_every_kind_a_list_must_tell_apart(site: Site) -> None:
    """Should hold news by default, analysis, opinion and sponsored content, so that every check below sees them."""
    assert {"news", "analysis", "opinion", "sponsored"} <= {kind(site, article) for article in site.listed}
    assert any(article.meta.type is None for article in site.listed), "no article takes the default type"


def test_every_article_says_what_it_is_above_its_headline(site: Site) -> None:
    """Should label each article's page, and the front page's lead, with its type of work before the headline, and
    name who paid for sponsored content there, linked to them."""
    for page in site.pages:
        soup = site.soup(page.name)
        label = soup.select_one(".article-header .article-type")
        headline = soup.select_one("#headline")
        assert label is not None and label.get_text() == KINDS[kind(site, page.article)][0], page.name
        assert label.find_next("h1") is headline, f"{page}: the label is not above the headline"
        sponsor = page.article.meta.sponsor
        shown = soup.select_one(".article-header .article-sponsor")
        if sponsor is None:
            assert shown is None, page.name
            continue
        assert shown is not None and sponsor.name in shown.get_text() and "paid for by" in shown.get_text(), page.name
        if sponsor.url:
            assert shown.a["href"] == sponsor.url and "sponsored" in shown.a["rel"], page.name


def test_structured_data_and_open_graph_say_the_type(site: Site) -> None:
    """Should make each article's JSON-LD (as extruct reads it) the schema.org type of its kind, with the sponsor of
    sponsored content, and flag opinion for Open Graph (`article:opinion`)."""
    for page in site.pages[1:]:
        html = (site.dir / page.name).read_text(encoding="utf-8")
        (data,) = extruct.extract(html, base_url=page.url, syntaxes=["json-ld"])["json-ld"]
        work = kind(site, page.article)
        assert data["@type"] == KINDS[work][1], page.name
        sponsor = page.article.meta.sponsor
        if sponsor is None:
            assert "sponsor" not in data, page.name
        else:
            assert data["sponsor"]["name"] == sponsor.name and data["sponsor"].get("url") == sponsor.url
        assert meta_content(site.soup(page.name), "article:opinion") == ("true" if work == "opinion" else "false")


def test_every_list_tells_each_entry_apart(site: Site) -> None:
    """Should show each entry's type of work in every list of articles (the front page, the archive, each listing,
    related articles), sponsored content set apart by its own class."""
    by_url = {site.url + article.address: article for article in site.listed}
    lists = ["index.html", *(f"{page.address}index.html" for page in site.archive), *site.listing_pages,
             *(page.name for page in site.pages[1:])]
    seen = 0
    for name in lists:
        soup = site.soup(name)
        for entry in soup.select(".article-list li, .article-related li"):
            link = entry.select_one("a[href]")
            article = by_url.get(urljoin(site.url + name.removesuffix("index.html"), link["href"]))
            if article is None:
                continue  # an archive's month, not an article
            label = entry.select_one(".article-type")
            work = kind(site, article)
            assert label is not None and label.get_text() == KINDS[work][0], (name, article.address)
            assert ("article-type--sponsored" in label["class"]) == (work == "sponsored"), (name, article.address)
            seen += 1
    assert seen, "no list of articles was found"


@pytest.fixture(scope="module")
def feed(site: Site) -> feedparser.FeedParserDict:
    return feedparser.parse((site.dir / site.settings.feed).read_bytes())


def test_the_feed_files_each_entry_under_its_kind(site: Site, feed: feedparser.FeedParserDict) -> None:
    """Should give each feed entry its type of work as an Atom category, its key the term and its label the label."""
    for entry, article in zip(feed.entries, site.listed, strict=False):
        categories = [(tag.term, tag.label) for tag in entry.tags]
        assert categories == [(kind(site, article), KINDS[kind(site, article)][0])], (article.address, categories)


def test_search_results_carry_the_kind(site: Site) -> None:
    """Should index each article's type of work for the search page to show beside its date (Pagefind's meta)."""
    for page in site.pages[1:]:
        tagged = site.soup(page.name).select_one("[data-pagefind-meta^='work:']")
        assert tagged is not None, page.name
        assert json.dumps(tagged["data-pagefind-meta"]) == json.dumps(f"work:{KINDS[kind(site, page.article)][0]}")
