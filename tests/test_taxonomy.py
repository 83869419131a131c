"""Sections, tags and people: the pages that list a section's, a tag's and an author's articles, and what each article
links of them (its section, its tags, related articles), on one copy built with all of them at once.

The copy holds the project's articles and `COUNT` more, each in a section of the project's sections file, with
tags from a small list (one tag written two ways, the way most articles write it to be shown), by the two authors
the copy's authors file names, listed `PER_PAGE` to a page. Every expectation is computed here from the
copy's front matter and files, never by the plugin's own functions; the helpers' units are checked on their own.
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from playwright.sync_api import Browser

from article_edit import ArticleEditor, set_setting
from conftest import Site, copy_project, served
from harness.project import ProjectArticle
from legit_edits import lead_photo_added
from newsroom.articles import Article as BuiltArticle
from newsroom.cli import approve
from newsroom.front_matter import ArticleMeta
from newsroom.taxonomy import CANDIDATES, Section, Taxonomy, group_tags, listing_pages, read_sections, tag_slug

COUNT = 23
PER_PAGE = 5
# The spelling most of the copy's articles give the first tag, and the other one a few give it.
MOST, FEW = "Vladimir Putin", "vladimir putin"
TOPICS = ["Ukraine", "Arctic", "Sanctions", "Energy"]
AUTHORS = {"mlind": {"name": "Maria Lindqvist", "url": "https://example.org/staff/maria-lindqvist",
                     "description": "Covers Russia and the Arctic.", "role": "Arctic correspondent",
                     "expertise": ["Russia", "the Arctic"], "location": "Anchorage, Alaska",
                     "languages": ["English", "Swedish"], "email": "maria.lindqvist@example.org",
                     "same_as": ["https://social.example/@mlindqvist"]},
           "okane": {"name": "Oisín Kane"}}
# What an author's page labels each fact about them with, in its order.
PROFILE = {"role": "Role", "expertise": "Covers", "location": "Based in", "languages": "Languages", "email": "Email"}
# Budget for one listing page, gzipped (the issue's).
LISTING_GZIP_BYTES = 25_000


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The copy, built and served."""
    folder = tmp_path_factory.mktemp("taxonomy")
    project = copy_project(folder / "project")
    lead = ArticleEditor(project)
    sections = list(yaml.safe_load((project / "sections.yml").read_text(encoding="utf-8"))["sections"])
    (project / "authors.yml").write_text(yaml.safe_dump({"authors": AUTHORS}, allow_unicode=True), encoding="utf-8")
    set_setting(project, "listing_page_articles", PER_PAGE)
    published = lead.front_matter().date
    chooser = random.Random(31)
    for number in range(1, COUNT + 1):
        path = project / "docs" / f"filed-{number:02}.md"
        path.write_text(lead.markdown.read_text(encoding="utf-8"), encoding="utf-8")
        added = ArticleEditor(project, path)
        added.set_key("title", f"Filed report {number} from the desk")
        added.set_key("date", published - datetime.timedelta(days=number))
        added.set_key("section", sections[number % len(sections)])
        # The first tag in most articles as MOST writes it, in every fourth as FEW does.
        tags = [FEW if number % 4 == 0 else MOST, *chooser.sample(TOPICS, k=number % 3)]
        added.set_key("tags", tags)
        added.set_key("authors", ["mlind"] if number % 2 else ["mlind", "okane"])
        added.write(paragraphs=added.paragraphs()[:1])
        if number == 3:
            lead_photo_added(added)
        approve(path, project / "mkdocs.yml")
    with served(project, folder / "site", "the copy with sections, tags and authors") as site:
        yield site


def _listed(site: Site, name: str) -> list[str]:
    """The addresses a listing page links as its articles, in order, relative to the site."""
    url = site.url + name.removesuffix("index.html")
    return [urljoin(url, a["href"]).removeprefix(site.url) for a in site.soup(name).select(".listing h2 a")]


def _every_page(site: Site, first: str) -> list[str]:
    """A listing's pages, from its first, by following its "Older articles" links."""
    pages, name = [], first
    while name:
        pages.append(name)
        older = site.soup(name).find("a", string="Older articles")
        name = urljoin(site.url + name, older["href"]).removeprefix(site.url) + "index.html" if older else ""
        assert name not in pages, f"{first}: the pages' links go round in a circle"
    return pages


def _newest_first(articles: list[ProjectArticle]) -> list[str]:
    return [a.address for a in sorted(articles, key=lambda a: (-a.meta.date.toordinal(), a.name))]


def test_each_section_lists_its_articles_newest_first_over_pages(filed: Site) -> None:
    """Should give each section of the sections file a page listing every article in it, newest first, the pages
    linked newer to older and back: each older page PER_PAGE articles counted from the oldest, labelled with the days
    it spans, and the section's own page the rest (fewer than twice PER_PAGE)."""
    sections = yaml.safe_load((filed.project / "sections.yml").read_text(encoding="utf-8"))["sections"]
    for key, section in sections.items():
        pages = _every_page(filed, f"section/{key}/index.html")
        listed = [address for page in pages for address in _listed(filed, page)]
        assert listed == _newest_first([a for a in filed.articles if a.meta.section == key]), key
        assert len(_listed(filed, pages[0])) < 2 * PER_PAGE, key
        assert all(len(_listed(filed, page)) == PER_PAGE for page in pages[1:]), key
        # Counted from the oldest: the last page is page 1, and each older page's address says which it is.
        assert [page.removeprefix(f"section/{key}/").removesuffix("index.html") for page in pages[1:]] == \
            [f"{number}/" for number in range(len(pages) - 1, 0, -1)], key
        by_address = {a.address: a for a in filed.articles}
        for page in pages[1:]:
            days = sorted(by_address[address].meta.date for address in _listed(filed, page))
            label = filed.soup(page).select_one(".listing__pages span").get_text()
            assert str(days[0].day) in label and str(days[-1].day) in label and str(days[-1].year) in label, (page, label)
        first = filed.soup(pages[0])
        assert first.h1.get_text() == section["name"] and section["description"] in first.get_text()
        for newer, older in itertools.pairwise(pages):
            back = filed.soup(older).find("a", string="Newer articles")
            assert back and urljoin(filed.url + older, back["href"]) == filed.url + newer.removesuffix("index.html")


def test_each_section_has_its_own_feed(filed: Site) -> None:
    """Should link from each section's page a feed of that section's newest articles, newest first."""
    for feed_file in sorted(filed.dir.glob("section/*/feed.xml")):
        key = feed_file.parent.name
        head = filed.soup(f"section/{key}/index.html").select_one('head link[type="application/atom+xml"][href="feed.xml"]')
        assert head is not None, f"section/{key}/ does not link its feed"
        atom = "{http://www.w3.org/2005/Atom}"
        entries = [entry.find(f"{atom}link").get("href") for entry in ElementTree.parse(feed_file).iter(f"{atom}entry")]
        wanted = _newest_first([a for a in filed.articles if a.meta.section == key])[:filed.settings.feed_articles]
        assert entries == [filed.url + address for address in wanted], key


def test_spellings_of_one_tag_share_one_page_under_the_commonest(filed: Site) -> None:
    """Should list every article tagged either way on one page, named as most of them write it."""
    tagged = [a for a in filed.articles if any(t.lower() == MOST.lower() for t in a.meta.tags)]
    spelled = sum(1 for a in tagged for t in a.meta.tags if t == MOST)
    assert spelled > len(tagged) / 2, "the fixture should write the tag as MOST in most articles"
    pages = _every_page(filed, "tag/vladimir-putin/index.html")
    assert [address for page in pages for address in _listed(filed, page)] == _newest_first(tagged)
    assert filed.soup(pages[0]).h1.get_text() == MOST
    assert not (filed.dir / "tag" / "vladimir-putin-2").exists()


def test_each_author_has_a_page(filed: Site) -> None:
    """Should give each author a page with their name, description, what the authors file says of them (role,
    expertise, location, languages, each under its label, and their e-mail address as a mailto: link named by the
    address; nothing of it for an author named alone), their own page and their articles."""
    for key, author in AUTHORS.items():
        pages = _every_page(filed, f"author/{key}/index.html")
        first = filed.soup(pages[0])
        assert first.h1.get_text() == author["name"]
        if "description" in author:
            assert author["description"] in first.get_text()
        facts = [(label, ", ".join(value) if isinstance(value, list) else value)
                 for field, label in PROFILE.items() if (value := author.get(field))]
        shown = [(term.get_text(), term.find_next_sibling("dd").get_text()) for term in first.select(".listing__profile dt")]
        assert shown == facts, key
        mail = [(a["href"], a.get_text()) for a in first.select(".listing__profile a")]
        assert mail == ([(f"mailto:{author['email']}", author["email"])] if "email" in author else []), key
        own = [a["href"] for a in first.select(".listing__links a")]
        assert own == ([author["url"]] if "url" in author else []), key
        listed = [address for page in pages for address in _listed(filed, page)]
        assert listed == _newest_first([a for a in filed.articles if key in a.meta.authors]), key


def test_articles_link_their_section_tags_and_related_articles(filed: Site) -> None:
    """Should link each article's section above its headline and its tags under it, and list up to four related
    articles, all published before it (so that a new article changes no older page), those sharing more of its tags
    first."""
    by_address = {a.address: a for a in filed.articles}
    for article in filed.articles:
        page = filed.soup(f"{article.name}/index.html")
        url = filed.url + article.address
        section = page.select_one(".article-section a")
        assert (urljoin(url, section["href"]) if section else None) == \
            (f"{filed.url}section/{article.meta.section}/" if article.meta.section else None)
        tags = {urljoin(url, a["href"]) for a in page.select(".article-tags a")}
        assert len(tags) == len({t.lower() for t in article.meta.tags}), article.name
        related = [urljoin(url, a["href"]).removeprefix(filed.url) for a in page.select(".article-related a")]
        # Every article of the copy shares its first tag, so each lists as many as there are before it, up to four.
        earlier = [other for other in filed.articles if other.meta.date < article.meta.date]
        assert len(related) == min(4, len(earlier)), (article.name, related)
        assert {by_address[address].address for address in related} <= {other.address for other in earlier}, article.name
        own = {t.lower() for t in article.meta.tags}
        counts = [len({t.lower() for t in by_address[address].meta.tags} & own) for address in related]
        assert counts == sorted(counts, reverse=True), (article.name, related, counts)
        assert all(count or by_address[address].meta.section == article.meta.section
                   for count, address in zip(counts, related, strict=True)), (article.name, related)


def test_machines_read_section_tags_and_authors(filed: Site) -> None:
    """Should give articleSection, keywords, article:section, article:tag and each author's page as the Person's url."""
    for article in filed.articles:
        page = filed.soup(f"{article.name}/index.html")
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert data.get("articleSection") == (page.select_one(".article-section a").get_text()
                                              if article.meta.section else None)
        shown_tags = [a.get_text() for a in page.select(".article-tags a")]
        assert data.get("keywords", []) == shown_tags
        assert [m["content"] for m in page.find_all("meta", property="article:tag")] == shown_tags
        persons = {person["url"] for person in data.get("author", [])}
        assert persons == {f"{filed.url}author/{key}/" for key in article.meta.authors}


def test_listing_pages_are_in_the_sitemap_and_not_in_search(filed: Site) -> None:
    """Should list every section, tag and author page in the sitemap, and index only the articles for search."""
    sitemap = (filed.dir / "sitemap.xml").read_text(encoding="utf-8")
    for name in filed.listing_pages:
        assert f"<loc>{filed.url}{name.removesuffix('index.html')}</loc>" in sitemap, name
    indexed = sum(language["page_count"] for entry in filed.dir.glob("pagefind/**/pagefind-entry.json")
                  for language in json.loads(entry.read_text(encoding="utf-8"))["languages"].values())
    assert indexed == len(filed.articles)


def test_listing_pages_stay_small(filed: Site) -> None:
    """Should keep every section, tag and author page under the budget, gzipped, and show each listed article's lead
    photo small and lazily loaded."""
    photographed = {a.address for a in filed.articles if a.meta.image}
    assert photographed, "the fixture should give an article a lead photo"
    for name in filed.listing_pages:
        html = (filed.dir / name).read_bytes()
        assert len(gzip.compress(html)) < LISTING_GZIP_BYTES, name
        soup = BeautifulSoup(html, "html.parser")
        for entry in soup.select(".listing li"):
            address = urljoin(filed.url + name, entry.h2.a["href"]).removeprefix(filed.url)
            images = entry.select("img")
            assert len(images) == (address in photographed), (name, address)
            assert all(img.get("loading") == "lazy" and img.get("alt") == "" for img in images), name


def test_every_page_links_every_section(filed: Site) -> None:
    """Should link every section from every page, under its header, in a plain list that needs no script."""
    sections = list(yaml.safe_load((filed.project / "sections.yml").read_text(encoding="utf-8"))["sections"])
    for name in filed.html_pages:
        links = [urljoin(filed.url + name, a["href"]) for a in filed.soup(name).select("nav.site-sections a")]
        assert links == [f"{filed.url}section/{key}/" for key in sections], name


# --- The helpers on their own -----------------------------------------------------------------------------------


def _article(name: str, day: int, tags: list[str], section: str | None = None) -> BuiltArticle:
    meta = ArticleMeta()
    meta.load_dict({"title": name, "description": name, "date": datetime.date(2010, 1, 1) + datetime.timedelta(day),
                    "tags": tags, **({"section": section} if section else {})})
    failed, _ = meta.validate()
    assert not failed, failed
    return BuiltArticle(f"docs/{name}.md", f"{name}.md", f"{name}/", meta, "")


def test_tag_slugs() -> None:
    """Should fold case, accents and punctuation into one URL-safe address, and make none of punctuation alone."""
    assert tag_slug("Vladimir Putin") == tag_slug("vladimir  putin") == "vladimir-putin"
    assert tag_slug("Russia–US relations") == "russia-us-relations"
    assert tag_slug("Zelenskyy’s “peace plan”") == "zelenskyy-s-peace-plan"
    assert tag_slug("Türkiye") == "turkiye"
    assert tag_slug("?!") == tag_slug("Путин") == ""


def test_a_tied_tag_takes_the_earliest_articles_spelling() -> None:
    """Should show a tag written two ways equally often as the earliest-published article writes it."""
    articles = [_article("newer", 2, ["NATO"]), _article("older", 1, ["Nato"])]
    assert group_tags(articles)["nato"].name == "Nato"
    articles.append(_article("newest", 3, ["NATO"]))
    assert group_tags(articles)["nato"].name == "NATO"


def test_a_tag_without_letters_is_refused_naming_the_file() -> None:
    with pytest.raises(PluginError, match=r"docs/bad\.md: front matter 'tags' holds '\.\.\.'"):
        Taxonomy.of([_article("bad", 1, ["..."])], {}, {}, require_section=False, sections_file="sections.yml")


def test_related_scans_a_bounded_number_of_candidates() -> None:
    """Should rank by shared tags, then section, then recency, never list the article, and count both tags of an
    article sharing two though it is beyond the newest CANDIDATES of the common one (found through the rare one)."""
    common = [_article(f"common-{n}", 1000 - n, ["Common"]) for n in range(CANDIDATES * 3)]
    pair = _article("pair", 1, ["Common", "Rare"])
    same_section = _article("desk", 2000, ["Other"], section="world")
    target = _article("target", 3000, ["Common", "Rare"], section="world")
    articles = sorted([*common, pair, same_section, target], key=lambda a: -a.meta.date.toordinal())
    taxonomy = Taxonomy.of(articles, {"world": _section("world")}, {}, False, "sections.yml")
    related = [a.name for a in taxonomy.related(target)]
    assert related[0] == "pair", related
    assert "target" not in related
    # Then those sharing one tag, newest first, before the one sharing only the section.
    assert related[1:] == ["common-0", "common-1", "common-2"], related


def test_related_articles_are_published_before_it() -> None:
    """Should list only articles published before it, so that a newer article changes no older article's page."""
    articles = sorted([_article(f"day-{day}", day, ["Common"]) for day in range(1, 8)], key=lambda a: -a.meta.date.toordinal())
    taxonomy = Taxonomy.of(articles, {}, {}, False, "sections.yml")
    by_name = {article.name: article for article in articles}
    assert [a.name for a in taxonomy.related(by_name["day-6"])] == ["day-5", "day-4", "day-3", "day-2"]
    assert [a.name for a in taxonomy.related(by_name["day-2"])] == ["day-1"]
    assert taxonomy.related(by_name["day-1"]) == []


def _pages(listed: list[BuiltArticle], withdrawn: list[BuiltArticle], per_page: int) -> dict[int, list[str]]:
    return {page.number: [a.name for a in page.articles] for page in listing_pages(listed, withdrawn, per_page)}


def test_listing_pages_keep_their_articles() -> None:
    """Should show the newest on the listing's own page (page 0) and PER_PAGE a page from the oldest (page 1), so that a
    newer article changes page 0 alone (or adds one more page every PER_PAGE articles) and a withdrawn one, which
    keeps its place, changes only the page that held it."""
    articles = [_article(f"day-{day:02}", day, ["Common"]) for day in range(1, 23)]
    newest = sorted(articles, key=lambda a: -a.meta.date.toordinal())
    pages = _pages(newest, [], 5)
    # 22 articles: pages 1 to 3 hold the 15 oldest, five each, and page 0 the 7 newest.
    assert pages == {0: [f"day-{day:02}" for day in range(22, 15, -1)], 3: [f"day-{day:02}" for day in range(15, 10, -1)],
                     2: [f"day-{day:02}" for day in range(10, 5, -1)], 1: [f"day-{day:02}" for day in range(5, 0, -1)]}
    later = [_article("day-23", 23, ["Common"]), *newest]
    assert {n: names for n, names in _pages(later, [], 5).items() if n} == {n: names for n, names in pages.items() if n}
    # The 25th article makes page 4 of page 0's five oldest, and pages 1 to 3 keep theirs.
    more = [_article("day-25", 25, ["Common"]), _article("day-24", 24, ["Common"]), *later]
    grown = _pages(more, [], 5)
    assert grown[4] == [f"day-{day:02}" for day in range(20, 15, -1)] and len(grown[0]) == 5
    assert all(grown[n] == pages[n] for n in (1, 2, 3))
    # Withdrawing day-08 (on page 2) changes page 2 alone.
    shown = [a for a in newest if a.name != "day-08"]
    withdrawn_from = _pages(shown, [next(a for a in newest if a.name == "day-08")], 5)
    assert withdrawn_from[2] == ["day-10", "day-09", "day-07", "day-06"]
    assert all(withdrawn_from[n] == pages[n] for n in (0, 1, 3))
    assert _pages([], [], 5) == {0: []}


def _section(key: str) -> Section:
    return Section(key, key.title(), f"The {key} desk.")


def test_the_committed_sections_file_reads() -> None:
    """Should read the project's own sections file."""
    project = Path(__file__).resolve().parent.parent
    assert read_sections(project / "sections.yml", project), "the committed sections file declares no section"
    assert re.fullmatch(r"[a-z0-9-]+", next(iter(read_sections(project / "sections.yml", project))))


@pytest.mark.browser
@pytest.mark.parametrize("scripts", [True, False], ids=["with its script", "without scripts"])
def test_sections_fit_a_phone_and_take_the_keyboard(browser: Browser, filed: Site, scripts: bool) -> None:
    """Should keep a 360 px phone's page from scrolling sideways with the sections under the header, and reach each
    section's link with Tab, drawing a focus ring, with and without the page's script."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=scripts)
    try:
        page = context.new_page()
        page.goto(filed.pages[1].url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a 360 px phone"
        wanted = page.evaluate("[...document.querySelectorAll('nav.site-sections a')].map(a => a.href)")
        assert wanted, "no sections under the header"
        reached: dict[str, str] = {}
        for _ in range(40):
            page.keyboard.press("Tab")
            where = page.evaluate("""(() => { const e = document.activeElement;
                return e.closest('nav.site-sections') ? [e.href, getComputedStyle(e).outlineStyle] : null; })()""")
            if where:
                reached[where[0]] = where[1]
            if len(reached) == len(wanted):
                break
        assert sorted(reached) == sorted(wanted), f"Tab reached {sorted(reached)} of {wanted}"
        assert all(style != "none" for style in reached.values()), f"section links without a focus ring: {reached}"
    finally:
        context.close()


@pytest.mark.browser
def test_a_list_over_pages_reads_as_its_html(browser: Browser, filed: Site) -> None:
    """Should show the commonest tag's first page and its oldest page to the reader as their HTML holds them, block by block,
    on a phone and on paper, their links to newer and older pages the site's own words (the gate's DOM read-back of a
    listing, newsroom.verify.dom.page_problems): a push that pages a list must not fail the gate."""
    from browser_visit import visit
    from newsroom.verify.dom import Shown, page_problems, page_view

    pages = _every_page(filed, f"tag/{tag_slug(MOST)}/index.html")
    assert len(pages) > 1, f"the tag {MOST} fits one page: the copy files too few articles under it to page it"
    for name in (pages[0], pages[-1]):
        shown = Shown.of((filed.dir / name).read_text(encoding="utf-8"))
        with visit(browser, filed.url + name.removesuffix("index.html"), "phone") as loaded:
            on_screen = page_problems(page_view(loaded.page), shown)
            loaded.page.emulate_media(media="print")
            on_paper = page_problems(page_view(loaded.page), shown)
        assert not on_screen and not on_paper, f"{name}: on a phone {on_screen}; on paper {on_paper}"
