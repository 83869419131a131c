"""The article is the home page, verbatim, under its headline and standfirst."""

from __future__ import annotations

import re

from article_text import text_problems
from conftest import ARTICLE_MD, ORIGINAL, Site, front_matter, original_paragraphs, site_config


def test_original_fixture_is_well_formed() -> None:
    """Should hold one paragraph per line: none empty, none with stray white space, no final newline."""
    text = ORIGINAL.read_text(encoding="utf-8")
    assert "\r" not in text, f"{ORIGINAL} has CR line endings; the original is stored with LF"
    assert not text.endswith("\n"), f"{ORIGINAL} ends with a newline, which would read as an empty paragraph"
    for number, paragraph in enumerate(original_paragraphs(), 1):
        assert paragraph.strip(), f"{ORIGINAL}: line {number} is empty; paragraphs are one per line, no blank lines"
        assert paragraph == paragraph.strip() and "  " not in paragraph, (
            f"{ORIGINAL}: paragraph {number} has stray white space (leading, trailing or doubled)"
        )


def test_markdown_body_is_the_original() -> None:
    """Should keep the Markdown body as the original's paragraphs, one blank line apart."""
    body = ARTICLE_MD.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip("\n")
    assert body.split("\n\n") == original_paragraphs(), (
        f"{ARTICLE_MD}: the text below the front matter is not the original article "
        "(tests/fixtures/original.txt) paragraph for paragraph"
    )


def test_every_paragraph_is_one_p_in_order(site: Site) -> None:
    """Should render each original paragraph as the text of exactly one <p>, in order."""
    problems = text_problems(site.soup(), original_paragraphs())
    assert not problems, "The built home page does not hold the article verbatim:\n" + "\n".join(problems)


def test_article_body_holds_only_the_article(site: Site) -> None:
    """Should keep the editor's additions (headline, standfirst, points) out of the article body."""
    body = site.soup().select_one(".article-body")
    assert body is not None, "no .article-body in the home page"
    assert [p.get_text() for p in body.find_all(True)] == original_paragraphs()


def test_one_h1_equal_to_the_headline(site: Site) -> None:
    """Should have exactly one <h1>, the front matter's headline."""
    h1s = site.soup().find_all("h1")
    assert [h.get_text() for h in h1s] == [front_matter()["title"]]


def test_language_and_title(site: Site) -> None:
    """Should declare lang="en" and carry the headline in <title>."""
    page = site.soup()
    assert page.html.get("lang") == "en"
    assert page.title and front_matter()["title"] in page.title.get_text()


def test_meta_description_is_the_standfirst(site: Site) -> None:
    """Should use the standfirst, shown under the headline, as the meta description."""
    page = site.soup()
    standfirst = front_matter()["description"]
    assert page.find("meta", attrs={"name": "description"})["content"] == standfirst
    shown = page.select_one(".article-standfirst")
    assert shown is not None and shown.get_text() == standfirst
    assert len(re.findall(r"[.!?](\s|$)", standfirst)) == 1, "the standfirst should be one sentence"


def test_article_is_the_site_root(site: Site) -> None:
    """Should publish the article at the site's root address."""
    assert (site.dir / "index.html").is_file()
    canonical = site.soup().find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == site.url


def test_date_and_reading_time(site: Site) -> None:
    """Should label the publication date (and a dated correction, only if there is one) and show a reading time."""
    meta = site.soup().select_one(".article-meta")
    assert meta is not None
    matter = front_matter()
    times = meta.find_all("time")
    assert times[0]["datetime"] == str(matter["date"])
    assert times[0].get_text().startswith("Published on this site ")
    if matter.get("updated"):
        assert len(times) == 2 and times[1]["datetime"] == str(matter["updated"])
        assert times[1].get_text().startswith("Updated ")
    else:
        assert len(times) == 1 and "Updated" not in meta.get_text(), "an 'Updated' line with no `updated` date"
    words = len(" ".join(original_paragraphs()).split())
    minutes = max(1, round(words / site_config()["extra"]["words_per_minute"]))
    assert f"{minutes} min read" in meta.get_text()


def test_at_a_glance_is_set_apart(site: Site) -> None:
    """Should show three or four points in an aside before the article body."""
    glance = site.soup().select_one("aside.article-glance")
    assert glance is not None, "no 'At a glance' aside"
    points = [li.get_text() for li in glance.find_all("li")]
    assert points == front_matter()["glance"] and 3 <= len(points) <= 4
    assert glance.find_next(class_="article-body") is not None, "'At a glance' must come before the article"
