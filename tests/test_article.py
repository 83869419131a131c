"""The article is the home page, verbatim, under its headline and standfirst."""

from __future__ import annotations

import re

from article_text import text_problems
from conftest import FIXTURE, REPO_ROOT, Site
from harness.project import article_paragraphs


def test_original_fixture_is_well_formed(article_site: Site) -> None:
    """Should hold one paragraph per line: none empty, none with stray white space, no final newline."""
    fixture = article_site.project / FIXTURE.relative_to(REPO_ROOT)
    text = fixture.read_text(encoding="utf-8")
    assert "\r" not in text, f"{fixture} has CR line endings; the original is stored with LF"
    assert not text.endswith("\n"), f"{fixture} ends with a newline, which would read as an empty paragraph"
    for number, paragraph in enumerate(article_site.paragraphs, 1):
        assert paragraph.strip(), f"{fixture}: line {number} is empty; paragraphs are one per line, no blank lines"
        assert paragraph == paragraph.strip() and "  " not in paragraph, (
            f"{fixture}: paragraph {number} has stray white space (leading, trailing or doubled)"
        )


def test_markdown_body_is_the_original(article_site: Site) -> None:
    """Should keep the Markdown body as the original's paragraphs, one blank line apart."""
    assert article_paragraphs(article_site.project) == article_site.paragraphs, (
        "docs/index.md: the text below the front matter is not the original article "
        "(tests/fixtures/original.txt) paragraph for paragraph"
    )


def test_every_paragraph_is_one_p_in_order(article_site: Site) -> None:
    """Should render each original paragraph as the text of exactly one <p>, in order."""
    problems = text_problems(article_site.soup(), article_site.paragraphs)
    assert not problems, "The built home page does not hold the article verbatim:\n" + "\n".join(problems)


def test_article_body_holds_only_the_article(article_site: Site) -> None:
    """Should keep the editor's additions (headline, standfirst, points) out of the article body."""
    body = article_site.soup().select_one(".article-body")
    assert body is not None, "no .article-body in the home page"
    assert [p.get_text() for p in body.find_all(True)] == article_site.paragraphs


def test_one_h1_equal_to_the_headline(article_site: Site) -> None:
    """Should have exactly one <h1>, the front matter's headline."""
    h1s = article_site.soup().find_all("h1")
    assert [h.get_text() for h in h1s] == [article_site.meta.title]


def test_language_and_title(article_site: Site) -> None:
    """Should declare lang="en" and carry the headline in <title>."""
    page = article_site.soup()
    assert page.html.get("lang") == "en"
    assert page.title and article_site.meta.title in page.title.get_text()


def test_meta_description_is_the_standfirst(article_site: Site) -> None:
    """Should use the standfirst, shown under the headline, as the meta description."""
    page = article_site.soup()
    standfirst = article_site.meta.description
    assert page.find("meta", attrs={"name": "description"})["content"] == standfirst
    shown = page.select_one(".article-standfirst")
    assert shown is not None and shown.get_text() == standfirst
    assert len(re.findall(r"[.!?](\s|$)", standfirst)) == 1, "the standfirst should be one sentence"


def test_article_is_the_site_root(article_site: Site) -> None:
    """Should publish the article at the site's root address."""
    assert (article_site.dir / "index.html").is_file()
    canonical = article_site.soup().find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == article_site.url


def test_date_and_reading_time(article_site: Site) -> None:
    """Should label the publication date (and a dated correction, only if there is one) and show a reading time."""
    meta = article_site.soup().select_one(".article-meta")
    assert meta is not None
    matter = article_site.meta
    times = meta.find_all("time")
    assert times[0]["datetime"] == str(matter["date"])
    assert times[0].get_text().startswith("Published on this site ")
    if matter.get("updated"):
        assert len(times) == 2 and times[1]["datetime"] == str(matter["updated"])
        assert times[1].get_text().startswith("Updated ")
    else:
        assert len(times) == 1 and "Updated" not in meta.get_text(), "an 'Updated' line with no `updated` date"
    assert f"{article_site.reading_minutes()} min read" in meta.get_text()


def test_at_a_glance_is_set_apart(article_site: Site) -> None:
    """Should show three or four points in an aside before the article body."""
    glance = article_site.soup().select_one("aside.article-glance")
    assert glance is not None, "no 'At a glance' aside"
    points = [li.get_text() for li in glance.find_all("li")]
    assert points == article_site.meta.glance and 3 <= len(points) <= 4
    assert glance.find_next(class_="article-body") is not None, "'At a glance' must come before the article"
