"""Every article verbatim at its own address, under its headline and standfirst, and the front page leading with the newest.

Checked on the built HTML of every page that shows an article (the front page and
each article's own), against each article's approved text (published/<address>.txt)
and front matter; nothing here names today's article.
"""

from __future__ import annotations

import re

import pytest

from article_text import photo_line, text_problems
from conftest import Site, SitePage, dateline_of, written_date
from harness.project import articles


def _approve(article_where: str) -> str:
    return f"if the change is meant, approve it: uv run newsroom approve {article_where}"


def test_every_article_has_its_approved_text(article_site: Site) -> None:
    """Should hold one approved text per article, one paragraph per line (one without an article stops the build)."""
    site = article_site
    for article in site.articles:
        path = article.approved_file
        approve = _approve(article.where)
        assert path.is_file(), f"{article.where} has no approved text ({path.relative_to(site.project)}); {approve}"
        text = path.read_text(encoding="utf-8")
        assert "\r" not in text and not text.endswith("\n"), f"{path.name}: CR line endings or a final newline; {approve}"
        for number, paragraph in enumerate(text.split("\n"), 1):
            assert paragraph.strip() and paragraph == paragraph.strip() and "  " not in paragraph, (
                f"{path.name}: paragraph {number} is empty or has stray white space; {_approve(article.where)}"
            )


def test_markdown_body_is_the_approved_text(article_site: Site) -> None:
    """Should keep each article's Markdown body as its approved paragraphs, one blank line apart."""
    for article in article_site.articles:
        assert article.paragraphs == article.approved_paragraphs(), (
            f"{article.where}: the text below the front matter is not its approved text "
            f"({article.approved_file.relative_to(article_site.project)}); {_approve(article.where)}"
        )


def test_every_paragraph_is_one_p_in_order(article_site: Site) -> None:
    """Should render each approved paragraph as the text of exactly one <p>, in order, on every page that shows it."""
    for page in article_site.pages:
        problems = text_problems(article_site.soup(page.name), page.article.approved_paragraphs())
        assert not problems, f"{page} does not hold {page.article.where} verbatim:\n" + "\n".join(problems)


def test_article_body_holds_only_the_article(article_site: Site) -> None:
    """Should hold, in the article body, each approved paragraph as a <p> and each photo as a figure with its alt
    text and caption, in order, and nothing else (no headline, standfirst or points) but the dateline before them."""
    for page in article_site.pages:
        body = article_site.soup(page.name).select_one(".article-body")
        assert body is not None, f"no .article-body in {page}"
        # The dateline, an element of its own (test_dateline_starts_the_text_apart_from_it).
        blocks = [block for block in body.find_all(True, recursive=False) if "article-place" not in block.get("class", [])]
        approved = page.article.approved_paragraphs()
        assert len(blocks) == len(approved), f"{page}: {len(blocks)} blocks in the body for {len(approved)} paragraphs"
        for number, (block, paragraph) in enumerate(zip(blocks, approved, strict=True), 1):
            photo = photo_line(paragraph)
            if photo is None:
                assert (block.name, block.get_text()) == ("p", paragraph), f"{page}: paragraph {number}"
                continue
            caption = block.find("figcaption")
            assert block.name == "figure" and block.img is not None, f"{page}: paragraph {number} is a photo, not a figure"
            assert block.img["alt"] == photo.alt, f"{page}: the photo in paragraph {number} lost its alt text"
            assert (caption.get_text() if caption else None) == photo.caption, f"{page}: paragraph {number}'s caption"


def test_one_h1_equal_to_the_headline(article_site: Site) -> None:
    """Should have exactly one <h1> on each page, the headline of the article it shows."""
    for page in article_site.pages:
        h1s = article_site.soup(page.name).find_all("h1")
        assert [h.get_text() for h in h1s] == [page.article.meta.title], page.name


def test_language_and_title(article_site: Site) -> None:
    """Should declare lang="en" and carry the headline in <title>."""
    for page in article_site.pages:
        soup = article_site.soup(page.name)
        assert soup.html.get("lang") == "en"
        assert soup.title and page.article.meta.title in soup.title.get_text(), page.name


def test_meta_description_is_the_standfirst(article_site: Site) -> None:
    """Should use the standfirst, shown under the headline, as the meta description."""
    for page in article_site.pages:
        soup = article_site.soup(page.name)
        standfirst = page.article.meta.description
        assert soup.find("meta", attrs={"name": "description"})["content"] == standfirst, page.name
        shown = soup.select_one(".article-standfirst")
        assert shown is not None and shown.get_text() == standfirst, page.name
        assert len(re.findall(r"[.!?](\s|$)", standfirst)) == 1, f"{page.article.where}: the standfirst should be one sentence"


def test_every_article_at_its_own_address(article_site: Site) -> None:
    """Should publish each article at its file name's or slug's address, canonical there, and the front page at the root."""
    for page in article_site.pages:
        assert (article_site.dir / page.name).is_file(), f"{page.article.where} is not published at {page.name}"
        canonical = article_site.soup(page.name).find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == page.url, page.name
        if not page.front:
            expected = page.article.meta.slug or page.article.path.stem
            assert page.name == f"{expected}/index.html", f"{page.article.where} should be at {expected}/"


@pytest.mark.parametrize("what", ["headline", "list"])
def test_front_page_leads_with_the_newest_and_lists_the_next(article_site: Site, what: str) -> None:
    """Should lead the front page with the newest article, its headline a link to it, list the next ones, newest first,
    as many as the `front_page_articles` setting says, and link the archive's newest year."""
    site = article_site
    front = site.soup()
    newest = site.lead
    if what == "headline":
        link = front.select_one("h1 a")
        assert link is not None and link.get_text() == newest.meta.title, "the front page's headline should link the newest"
        assert site.url + link["href"] == site.url + newest.address
        return
    listed = front.select(".article-list li")
    # A withdrawn article is on no list (newsroom.desk).
    following = site.listed[1:1 + site.settings.front_page_articles]
    assert [(li.h3.a["href"], li.h3.get_text(), li.p.get_text(), li.time["datetime"]) for li in listed] == [
        (a.address, a.meta.title, a.meta.description, site.machine_date(a.meta.date)) for a in following
    ], "the front page should list the articles after its lead, newest first, with headline, standfirst and date"
    archive = front.select_one(".article-list__archive a")
    newest_year = f"archive/{site.local_day(site.lead.meta.date).year}/"
    assert archive is not None and archive["href"] == newest_year, "the front page should link the archive's newest year"


def test_date_and_reading_time(article_site: Site) -> None:
    """Should label the publication date (and a dated correction, only if there is one) and show a reading time."""
    for page in article_site.pages:
        _check_date_line(article_site, page)


def _check_date_line(site: Site, page: SitePage) -> None:
    meta = site.soup(page.name).select_one(".article-meta")
    assert meta is not None, page.name
    matter = page.article.meta
    times = meta.find_all("time")
    assert times[0]["datetime"] == site.machine_date(matter.date)
    assert times[0].get_text() == f"Published on this site {written_date(matter.date, site.zone)}", page.name
    if matter.updated:
        assert len(times) == 2 and times[1]["datetime"] == site.machine_date(matter.updated)
        assert times[1].get_text() == f"Updated {written_date(matter.updated, site.zone)}", page.name
    else:
        assert len(times) == 1 and "Updated" not in meta.get_text(), f"{page}: an 'Updated' line with no `updated` date"
    assert f"{site.reading_minutes(page.article)} min read" in meta.get_text(), page.name


def test_at_a_glance_is_set_apart(article_site: Site) -> None:
    """Should show the three or four points in a section of the header, before the article body (not an <aside>,
    which Reader View drops)."""
    for page in article_site.pages:
        glance = article_site.soup(page.name).select_one(".article-header > section.article-glance")
        points = page.article.meta.glance
        if not points:
            assert glance is None, f"{page}: an empty 'At a glance'"
            continue
        assert glance is not None, f"{page}: no 'At a glance' section in the header"
        assert [li.get_text() for li in glance.find_all("li")] == points and 3 <= len(points) <= 4
        assert glance.find_next(class_="article-body") is not None, "'At a glance' must come before the article"


def test_dateline_starts_the_text_apart_from_it(article_site: Site) -> None:
    """Should print the front matter's dateline (the place, then an em dash) as a paragraph of its own, the article
    body's first element, never a heading, leaving paragraph 1 the approved paragraph; and none without a dateline."""
    assert article_site.label != "the corpus" or any(page.article.meta.dateline for page in article_site.pages), (
        "no article of the corpus has a dateline to check (tests/corpus/README.md)")
    for page in article_site.pages:
        soup = article_site.soup(page.name)
        shown = soup.select(".article-place")
        place = page.article.meta.dateline
        if not place:
            assert not shown, f"{page}: a dateline the front matter does not give"
            continue
        assert [(element.name, element.get_text()) for element in shown] == [("p", dateline_of(place))], page
        body = soup.select_one(".article-body")
        assert body.find(True, recursive=False) is shown[0], f"{page}: the dateline does not open the article body"
        first, approved = shown[0].find_next_sibling(), page.article.approved_paragraphs()[0]
        assert photo_line(approved) or first.get_text() == approved, f"{page}: paragraph 1 is not the approved one"


def test_project_articles_match_the_build(article_site: Site) -> None:
    """Should read the same articles as the build published (the harness and the build agree)."""
    found = articles(article_site.project)
    # Beside the articles: the site's own pages, the pages at old addresses (newsroom.desk) and the publisher's.
    others = {"assets", "search", "corrections", *(old for article in found for old in article.meta.redirect_from),
              *(policy.address.rstrip("/") for policy in article_site.policies)}
    built = sorted(path.parent.name for path in article_site.dir.glob("*/index.html") if path.parent.name not in others)
    assert built == sorted(article.name for article in found)
