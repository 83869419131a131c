"""What readers' tools make of every article: Reader View, structured data, feed readers and screen readers.

Read with the libraries those tools use, never a regex of our own: Mozilla Readability
(Firefox's Reader View and Pocket) on jsdom for the built HTML and injected into Chromium
for the live page; extruct (a structured-data extractor, as search engines read JSON-LD)
for the JSON-LD; Chromium's accessibility tree for what a screen reader announces. Each
article's expected byline, date line, dateline and points come from the tests' own rules and
the front matter; the authors, and each author's page as a profile, from the authors file.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import extruct
import pytest
from playwright.sync_api import Browser

from article_text import text_paragraphs
from browser_visit import visit
from conftest import Site, SitePage, dateline_of, node_tool

# Readability.js itself, installed into the live page; parsed on an inert copy of the live DOM
# (the page's policy would report the copy's inline styles otherwise).
PARSE_LIVE = """() => {
  const copy = new DOMParser().parseFromString(document.documentElement.outerHTML, "text/html");
  const article = new Readability(copy).parse();
  if (!article) return null;
  const content = new DOMParser().parseFromString(article.content, "text/html");
  const squash = text => (text || "").replace(/\\s+/g, " ").trim();
  return {title: article.title, byline: article.byline, textContent: squash(article.textContent),
          blocks: [...content.querySelectorAll("h1,h2,h3,h4,h5,h6,p,li,figcaption")]
            .map(element => ({tag: element.tagName.toLowerCase(), text: squash(element.textContent)}))};
}"""


SCRIPT = Path(__file__).parent / "readability.mjs"


@pytest.fixture(scope="session")
def readings(every_site: list[Site]) -> dict[tuple[str, str], dict[str, Any]]:
    """Readability's reading of every page of every site (by the site's label and the page's name), in one run of
    Node for all of them: starting Node and jsdom costs more than reading a page."""
    node_tool("jsdom", "package.json")  # installs the checkers from package-lock.json when missing
    pages = [(site.label, page.name, str(site.dir / page.name), page.url) for site in every_site for page in site.pages]
    request = json.dumps([{"path": path, "url": url} for _, _, path, url in pages])
    result = subprocess.run(["node", str(SCRIPT)], input=request, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"Readability failed:\n{result.stderr[-3000:]}"
    return {(label, name): reading for (label, name, _, _), reading in zip(pages, json.loads(result.stdout), strict=True)}


def _check_reading(site: Site, page: SitePage, reading: dict[str, Any], how: str) -> None:
    """What Reader View must show of a page: headline, byline, points after the standfirst, text, no printed address."""
    where = f"{page} ({how})"
    meta = page.article.meta
    assert not reading.get("error"), f"{where}: {reading.get('error')}"
    if page.front:
        # The front page describes the publication (its title is the site's): the headline leads its text.
        assert meta.title in (reading["title"], *(block["text"] for block in reading["blocks"])), f"{where}: no headline"
    else:
        assert reading["title"] == meta.title, f"{where}: Reader View's title is {reading['title']!r}"
    authors = site.authors_of(page.article)
    if authors:
        assert reading["byline"], f"{where}: Reader View finds no byline"
        missing = [author.name for author in authors if author.name not in reading["byline"]]
        assert not missing, f"{where}: Reader View's byline {reading['byline']!r} leaves out {missing}"
    else:
        assert not reading["byline"], f"{where}: a byline {reading['byline']!r} on an article without authors"
    blocks = [block["text"] for block in reading["blocks"]]
    text = reading["textContent"]
    dateline = dateline_of(meta.dateline)
    order = [text.find(meta.description), *(text.find(point) for point in meta.glance),
             *([text.find(dateline)] if dateline else []),
             *(text.find(paragraph) for paragraph in text_paragraphs(page.article.approved_paragraphs()))]
    assert -1 not in order, (f"{where}: Reader View loses the standfirst, a point 'At a glance', the dateline or a "
                             f"paragraph: {[i for i, at in enumerate(order) if at == -1]} of {len(order)}; it shows:\n{blocks}")
    assert order == sorted(order), (f"{where}: Reader View shows the standfirst, the points, the dateline and the text "
                                    "out of order")
    if dateline:
        # A block of its own, before the text's first paragraph, which stays the approved paragraph.
        assert dateline in blocks, f"{where}: Reader View does not keep the dateline {dateline!r} as a block: {blocks}"
    if meta.glance:
        assert "At a glance" in blocks, f"{where}: Reader View drops the heading 'At a glance': {blocks}"
    for part in site.date_line(page.article).split(" · "):
        assert part in text, f"{where}: Reader View drops {part!r} from the date line"
    assert "Read online at" not in text, f"{where}: Reader View shows the address meant for paper"


def test_reader_view_keeps_the_whole_article(article_site: Site, readings: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Should give Reader View (Readability on the built HTML) the headline, the byline, the standfirst, the date line,
    every point 'At a glance' in its place and every paragraph, and not the address printed on paper."""
    for page in article_site.pages:
        _check_reading(article_site, page, readings[(article_site.label, page.name)], "built HTML")


@pytest.mark.browser
@pytest.mark.parametrize("which", ["the corpus", "with bylines and photos"])
def test_reader_view_on_the_live_page(browser: Browser, site: Site, bylined: Site, photographed: Site, which: str) -> None:
    """Should give Readability the same in the browser, after the page's scripts have run (as Firefox reads it):
    on a page of each kind the corpus has, and on copies with bylines and with a lead photo (the static check covers
    every page of every build)."""
    source = node_tool("@mozilla", "readability", "Readability.js").read_text(encoding="utf-8")
    for built in [site] if which == "the corpus" else [bylined, photographed]:
        for page in [page for page in built.kinds if page.article.meta.withdrawn is None]:
            with visit(browser, page.url) as loaded:
                loaded.page.evaluate("() => {" + source + "\n;window.Readability = Readability; }")
                reading = loaded.page.evaluate(PARSE_LIVE)
            assert reading is not None, f"{page}: Readability found no article in the live page"
            _check_reading(built, page, reading, "live page")


def test_structured_data_names_authors_and_publisher(article_site: Site) -> None:
    """Should name, in each article's JSON-LD as a structured-data extractor reads it, its authors as Persons (with
    their pages) and the publication as the publisher; and the authors in <meta name="author">."""
    site = article_site
    for page in site.pages:
        html = (site.dir / page.name).read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=page.url, syntaxes=["json-ld"], uniform=True)["json-ld"]
        assert len(data) == 1, f"{page}: {len(data)} JSON-LD blocks"
        authors = site.authors_of(page.article)
        author_meta = site.soup(page.name).find("meta", attrs={"name": "author"})
        assert (author_meta["content"] if author_meta else None) == (", ".join(a.name for a in authors) or None)
        if page.front:
            continue
        article = data[0]
        assert article["publisher"] == site.publisher_data()
        # Each author's page on this site is their url; their role, where the file gives one, their jobTitle.
        described = site.authors_file()
        expected = [_person(site, a.key, described[a.key]) for a in authors]
        assert article.get("author", []) == expected, f"{page}: JSON-LD author {article.get('author')}"


def _person(site: Site, key: str, fields: dict[str, Any], profile: bool = False) -> dict[str, Any]:
    """The schema.org Person the authors file describes: their page on this site as url, their role as jobTitle, their
    own page and other profiles as sameAs (one address alone, several as a list); on their own page (`profile`) also
    what they know about, where they work, their languages and their e-mail address."""
    person: dict[str, Any] = {"@type": "Person", "name": fields["name"], "url": f"{site.url}author/{key}/"}
    if "role" in fields:
        person["jobTitle"] = fields["role"]
    elsewhere = [*([fields["url"]] if "url" in fields else []), *fields.get("same_as", [])]
    if elsewhere:
        person["sameAs"] = elsewhere[0] if len(elsewhere) == 1 else elsewhere
    if not profile:
        return person
    if fields.get("expertise"):
        person["knowsAbout"] = fields["expertise"]
    if "location" in fields:
        person["workLocation"] = {"@type": "Place", "name": fields["location"]}
    if fields.get("languages"):
        person["knowsLanguage"] = [{"@type": "Language", "name": language} for language in fields["languages"]]
    if "email" in fields:
        person["email"] = fields["email"]
    return person


def test_author_pages_are_profile_pages(site: Site) -> None:
    """Should describe each author's page, as a structured-data extractor reads it, as a ProfilePage whose mainEntity is
    the author's Person with everything the authors file says of them (on the corpus, whose authors file describes one
    author in every field and one by name alone)."""
    described = site.authors_file()
    assert any(set(fields) == {"name"} for fields in described.values()), "the corpus has no author with a name alone"
    assert any({"role", "expertise", "location", "languages", "email", "same_as"} <= set(fields)
               for fields in described.values()), "the corpus has no author described in every field"
    for key, fields in described.items():
        url = f"{site.url}author/{key}/"
        html = (site.dir / "author" / key / "index.html").read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
        assert len(data) == 1 and data[0]["@type"] == "ProfilePage" and data[0]["url"] == url, f"author/{key}/: {data}"
        assert data[0]["mainEntity"] == _person(site, key, fields, profile=True), f"author/{key}/: {data[0]['mainEntity']}"


def test_byline_reads_as_written(article_site: Site) -> None:
    """Should print the byline under the headline, the authors file's names in the front matter's order
    ("By Jane Doe and John Roe"), each author linked to their page on this site as rel="author"."""
    for page in article_site.pages:
        shown = article_site.soup(page.name).select_one(".article-byline")
        authors = article_site.authors_of(page.article)
        if not authors:
            assert shown is None, f"{page}: a byline on an article without authors"
            continue
        assert shown is not None and shown.get_text() == article_site.byline(page.article), f"{page}: {shown}"
        links = [(a.get_text(), urljoin(page.url, a["href"]), a.get("rel")) for a in shown.find_all("a")]
        pages = [(author.name, f"{article_site.url}author/{author.key}/", ["author"]) for author in authors]
        assert links == pages, f"{page}: {links}"


@pytest.mark.browser
def test_screen_readers_hear_headings_as_written(browser: Browser, site: Site) -> None:
    """Should name every heading in the accessibility tree exactly as the HTML writes it (no capitals from a style)."""
    with visit(browser, site.pages[1].url, "phone") as loaded:
        cdp = loaded.page.context.new_cdp_session(loaded.page)
        tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
        cdp.detach()
        written = loaded.page.evaluate("[...document.querySelectorAll('h1, h2, h3')].map(h => h.textContent.trim())")
    announced = [node["name"]["value"] for node in tree
                 if node.get("role", {}).get("value") == "heading" and node.get("name", {}).get("value")]
    # The tree lists the headings in its own order; each must be announced as written.
    assert sorted(announced) == sorted(written), f"screen readers hear {announced}; the page writes {written}"
