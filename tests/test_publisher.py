"""Who stands behind the publication: the publisher's pages and the publisher in every page's structured data
(newsroom.publisher).

On the corpus, whose publisher file names a page of every kind: each page at its kind's address with its approved text,
title, description and the day it was last updated; linked from every page's footer; in the sitemap and the search
index, and in no feed, archive, listing or news sitemap; the publisher one NewsMediaOrganization with one `@id` on
every page, each page linked by its property; the masthead's people; the corrections page linking its policy. What
each must carry is stated here from the corpus's files and the README's table (conftest.POLICIES), never with the
build's code (no browser).
"""

from __future__ import annotations

import gzip
import json
from urllib.parse import urljoin
from xml.etree import ElementTree

import extruct
import feedparser
import pytest
import yaml
from playwright.sync_api import Browser

from article_text import text_problems
from browser_visit import visit
from conftest import POLICIES, Site, written_date
from newsroom.front_matter import paragraphs_of
from newsroom.search import BUNDLE


def _front_matter(path: object) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    return yaml.safe_load(text.split("---\n")[1])


def test_the_corpus_has_a_page_of_every_kind(site: Site) -> None:
    """Should hold a publisher's page of every kind, so that every check below sees each."""
    assert [policy.kind for policy in site.policies] == list(POLICIES)


def test_each_page_is_at_its_address_with_its_approved_text(site: Site) -> None:
    """Should publish each page at its kind's address whatever its file is called, under its title, its description and
    the day it was last updated, its text exactly its approved text (published/<address>.txt) and its file's."""
    approved_texts = site.project / site.settings.approved_texts
    for policy in site.policies:
        meta = _front_matter(policy.path)
        soup = site.soup(policy.name)
        approved = (approved_texts / f"{policy.address.rstrip('/')}.txt").read_text(encoding="utf-8").split("\n")
        assert approved == paragraphs_of(policy.path.read_text(encoding="utf-8").split("---\n", 2)[2]), policy.kind
        assert not text_problems(soup, approved), (policy.kind, text_problems(soup, approved))
        assert [h.get_text() for h in soup.find_all("h1")] == [meta["title"]]
        assert soup.select_one(".article-standfirst").get_text() == meta["description"]
        assert soup.select_one(".article-meta").get_text().strip() == f"Last updated {written_date(meta['updated'], site.zone)}"


def test_every_page_links_them_from_its_footer(site: Site) -> None:
    """Should link each of the publisher's pages, in the file's order, by its label, from every page's footer."""
    wanted = [(POLICIES[policy.kind][1], site.url + policy.address) for policy in site.policies]
    for name in site.html_pages:
        url = site.url + name.removesuffix("index.html")
        links = [(a.get_text(), urljoin(url, a["href"])) for a in site.soup(name).select("footer nav.site-policies a")]
        assert links == wanted, name


def test_they_are_no_articles(site: Site) -> None:
    """Should leave them out of the feed, the archive, the listings and the news sitemap, and put them in the sitemap,
    dated by their last update, and in the search index, after the articles."""
    addresses = {site.url + policy.address for policy in site.policies}
    feed = feedparser.parse((site.dir / site.settings.feed).read_bytes())
    assert not addresses & {entry.link for entry in feed.entries}
    lists = ["index.html", *(f"{page.address}index.html" for page in site.archive), *site.listing_pages]
    for name in lists:
        url = site.url + name.removesuffix("index.html")
        assert not addresses & {urljoin(url, a["href"]) for a in site.soup(name).select(".article-list a")}, name
    news = (site.dir / "news-sitemap.xml").read_text(encoding="utf-8")
    assert not any(address in news for address in addresses)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    dated = {url.findtext(f"{namespace}loc"): url.findtext(f"{namespace}lastmod")
             for url in ElementTree.parse(site.dir / "sitemap.xml").iter(f"{namespace}url")}
    for policy in site.policies:
        assert dated[site.url + policy.address] == site.machine_date(_front_matter(policy.path)["updated"]), policy.kind
    # Pagefind's fragments (gzip, then its `pagefind_dcd` signature, then JSON) name each page it indexed, in every section.
    indexed = {json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
               for fragment in (site.dir / BUNDLE).rglob("*.pf_fragment")}
    assert {"/" + policy.address for policy in site.policies} <= indexed, indexed


def test_the_publisher_is_one_news_media_organization(site: Site) -> None:
    """Should name the publisher in every article's structured data, as extruct reads it, as one NewsMediaOrganization
    (one `@id` on every page) with the publisher file's name and each of its pages linked by its property."""
    name = yaml.safe_load((site.project / site.settings.publisher).read_text(encoding="utf-8"))["publisher"]["name"]
    wanted = {"@type": "NewsMediaOrganization", "@id": site.url + "#publisher", "name": name, "url": site.url}
    for policy in site.policies:
        for prop in POLICIES[policy.kind][2]:
            wanted[prop] = site.url + policy.address
    for page in [*site.pages, *site.withdrawn_pages]:
        (data,) = extruct.extract((site.dir / page.name).read_text(encoding="utf-8"), base_url=page.url,
                                  syntaxes=["json-ld"])["json-ld"]
        assert data["publisher"] == wanted, page.name


def test_the_masthead_names_the_people(site: Site) -> None:
    """Should list on the masthead every person of the authors file, in its order, each linked to their page here."""
    masthead = next(policy for policy in site.policies if policy.kind == "masthead")
    people = site.authors_file()
    url = site.url + masthead.address
    listed = [(a.get_text(), urljoin(url, a["href"])) for a in site.soup(masthead.name).select(".masthead li a")]
    assert listed == [(person["name"], f"{site.url}author/{key}/") for key, person in people.items()]


def test_the_corrections_page_links_the_corrections_policy(site: Site) -> None:
    """Should link the corrections policy from the page that lists every correction."""
    policy = next(policy for policy in site.policies if policy.kind == "corrections")
    links = {urljoin(site.url + "corrections/", a["href"]) for a in site.soup("corrections/index.html").select("a[href]")}
    assert site.url + policy.address in links


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "light"), ("desktop", "dark")])
def test_the_masthead_passes_axe(browser: Browser, site: Site, viewport: str, scheme: str) -> None:
    """Should pass axe, and fit the screen, on a publisher's page (the masthead, with its people), footer included."""
    from test_browser import _axe_violations, _describe

    masthead = next(policy for policy in site.policies if policy.kind == "masthead")
    with visit(browser, site.url + masthead.address, viewport, scheme) as loaded:
        violations = _axe_violations(loaded.page)
        overflow = loaded.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert not violations, "axe-core violations:\n" + _describe(violations)
    assert overflow <= 0, f"the masthead is {overflow}px wider than the viewport"
