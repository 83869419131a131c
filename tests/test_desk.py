"""The desk: corrections printed in the open, old addresses kept alive, withdrawals (newsroom.desk).

One copy of the project, built once with the clock set, holds all three: the committed
article with two corrections, an older article renamed with `redirect_from` (its approved
text moved to its new address, as the README says), and a newer article with a lead photo,
withdrawn. Every expectation comes from the copy's front matter and approved texts.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from article_edit import ArticleEditor
from article_text import text_problems
from browser_visit import visit
from conftest import SUB_PATH, Site, copy_project, meta_content, node_tool
from harness.pages_server import PagesServer
from harness.project import ProjectArticle, lead_article, mkdocs_build
from legit_edits import _add_article, _photo
from newsroom.cli import approve
from newsroom.front_matter import Correction
from newsroom.verify.dom import reader_problems, reader_view

# The renamed article's address before and after, and the withdrawn article's.
OLD_NAME, NEW_NAME, WITHDRAWN_NAME = "earlier-look", "anchorage-earlier-look", "retracted-report"


@dataclass(frozen=True)
class Desk:
    """The built copy, and its three articles of interest, read as the build reads them."""

    site: Site
    corrected: ProjectArticle
    renamed: ProjectArticle
    withdrawn: ProjectArticle

    def soup(self, article: ProjectArticle) -> BeautifulSoup:
        return self.site.soup(f"{article.name}/index.html")


def _make_desk(project: Path) -> datetime.date:
    """Edit the copy as an editor would (README); return the day the build runs on."""
    lead = ArticleEditor(project, lead_article(project).path)
    published = lead.front_matter()["date"]
    days = [published + datetime.timedelta(days=n) for n in (1, 2, 3)]
    # An older article, published and approved, then renamed: its file and approved text move, its old address stays.
    _add_article(lead, OLD_NAME, published - datetime.timedelta(days=30), lead.paragraphs()[:2],
                 title="An earlier look at the Anchorage talks")
    old = project / "docs" / f"{OLD_NAME}.md"
    new = old.rename(old.with_name(f"{NEW_NAME}.md"))
    ArticleEditor(project, new).set_key("redirect_from", [OLD_NAME])
    (project / "published" / f"{OLD_NAME}.txt").unlink()
    approve(new, project / "mkdocs.yml")
    # A newer article with a lead photo, approved, then withdrawn: the front page must not lead with it.
    _add_article(lead, WITHDRAWN_NAME, days[0], ["Officials in Juneau described a draft agreement that no delegation "
                 "has since confirmed.", "Two people familiar with the talks were quoted."], title="A report the desk withdrew")
    withdrawn = ArticleEditor(project, project / "docs" / f"{WITHDRAWN_NAME}.md")
    withdrawn.set_key("description", "A draft agreement described by officials in Juneau.")
    withdrawn.set_key("image", {"src": _photo(lead, "retina.jpg", "withdrawn-lead.jpg"), "alt": "A retina",
                                "credit": "Mikael Häggström (CC0)"})
    withdrawn.set_key("withdrawn", {"date": days[1], "notice": "This report was withdrawn: its sources recanted."})
    # Two corrections of the committed article, the first with emphasis and a link to another article by its file.
    lead.set_key("corrections", [
        {"date": days[0],
         "text": f"An earlier version of this article misstated *the venue*; [the earlier look]({NEW_NAME}.md) has it right."},
        {"date": days[2], "text": "An earlier version gave the wrong day for the second round of talks."},
    ])
    return days[2]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    project = copy_project(tmp_path_factory.mktemp("desk") / "project")
    lead = lead_article(project)
    today = _make_desk(project)
    pages = PagesServer(SUB_PATH)
    try:
        build = mkdocs_build(project, project.parent / "site", site_url=pages.url, clock=today.isoformat())
        assert build.returncode == 0, f"the desk's copy did not build:\n{build.output}"
        pages.start(build.site_dir)
        site = Site(build.site_dir, pages.url, project, "the desk", pages)
        by_name = {article.name: article for article in site.articles}
        yield Desk(site, by_name[lead.name], by_name[NEW_NAME], by_name[WITHDRAWN_NAME])
    finally:
        pages.stop()


def _plain(correction: Correction) -> str:
    """A correction's text without its Markdown (the copy's use *emphasis* and [links](…))."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", correction.text)
    return re.sub(r"(\*\*|\*|__|_|`)", "", text)


def _json_ld(html: str, url: str) -> dict[str, object]:
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]
    assert len(found) == 1, found
    data: dict[str, object] = found[0]
    return data


def _feed(desk: Desk) -> feedparser.FeedParserDict:
    return feedparser.parse((desk.site.dir / desk.site.settings.feed).read_bytes())


def _sitemap(desk: Desk) -> dict[str, str]:
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    tree = ElementTree.parse(desk.site.dir / "sitemap.xml")
    return {url.findtext(f"{namespace}loc") or "": url.findtext(f"{namespace}lastmod") or ""
            for url in tree.iter(f"{namespace}url")}


# --- Corrections ------------------------------------------------------------------------------------------------


def test_corrections_are_printed_at_the_end_in_order_and_flagged_at_the_top(desk: Desk) -> None:
    """Should print each correction after the text, in order, headed with its date, and flag them under the date line."""
    soup, meta = desk.soup(desk.corrected), desk.corrected.meta
    section = soup.select_one("section.article-corrections#corrections")
    assert section is not None, "no corrections section"
    assert soup.select_one(".article-body").find_next("section", class_="article-corrections") is section, \
        "the corrections come after the article's text"
    printed = [p.get_text() for p in section.find_all("p") if p.find("time")]
    assert printed == [desk.site.correction_as_read(correction) for correction in meta.corrections]
    assert [p.time["datetime"] for p in section.find_all("p") if p.find("time")] == \
        [desk.site.machine_date(c.date) for c in meta.corrections]
    first = section.find_all("p")[0]
    assert first.em is not None, "the correction's Markdown emphasis is lost"
    assert urljoin(desk.site.url, first.a["href"]) == desk.site.url + desk.renamed.address
    notice = soup.select_one(".article-header .article-correction-notice a")
    assert notice is not None and notice["href"] == "#corrections"
    assert section.find("a", href=re.compile(r"corrections/$")), "the corrected article links the corrections page"
    # The approved text is still the article's, word for word: the corrections are not part of it.
    assert text_problems(soup, desk.corrected.approved_paragraphs()) == []


def test_corrections_date_the_article_everywhere(desk: Desk) -> None:
    """Should give each correction as a CorrectionComment and date the article's last change by the latest one."""
    meta, url = desk.corrected.meta, desk.site.url + desk.corrected.address
    latest = desk.site.last_change(meta).isoformat()
    html = (desk.site.dir / desk.corrected.name / "index.html").read_text(encoding="utf-8")
    data = _json_ld(html, url)
    assert data["correction"] == [{"@type": "CorrectionComment", "datePublished": desk.site.machine_date(c.date),
                                   "text": _plain(c)} for c in meta.corrections]
    assert data["dateModified"] == latest == meta_content(desk.soup(desk.corrected), "article:modified_time")
    entry = next(entry for entry in _feed(desk).entries if entry.link == url)
    assert entry.updated == latest
    assert all(_plain(c) in BeautifulSoup(entry.content[0].value, "html.parser").get_text() for c in meta.corrections)
    assert _sitemap(desk)[url] == latest


def test_corrections_page_lists_every_note_newest_first(desk: Desk) -> None:
    """Should list every correction and withdrawal, newest first, each with its article's headline linking to it."""
    soup = desk.site.soup("corrections/index.html")
    withdrawal = desk.withdrawn.meta.withdrawn
    assert withdrawal is not None
    notes = [(desk.site.moment(c.date), desk.corrected, _plain(c)) for c in desk.corrected.meta.corrections]
    notes.append((desk.site.moment(withdrawal.date), desk.withdrawn, withdrawal.notice))
    expected = [(article.meta.title, desk.site.url + article.address, day.isoformat(), text)
                for day, article, text in sorted(notes, key=lambda note: note[0], reverse=True)]
    listed = [(li.h2.get_text(), urljoin(desk.site.url + "corrections/", li.h2.a["href"]), li.time["datetime"],
               li.p.get_text().split(": ", 1)[1]) for li in soup.select(".corrections-log li")]
    assert listed == expected
    for name in [page for page in desk.site.html_pages if page.startswith("archive/")]:
        links = [urljoin(desk.site.url + name, a["href"]) for a in desk.site.soup(name).find_all("a")]
        assert desk.site.url + "corrections/" in links, f"{name} does not link the corrections page"


def test_reader_view_keeps_the_corrections_with_the_article(desk: Desk) -> None:
    """Should keep the whole article in Reader View (Readability on jsdom), the corrections after the text."""
    node_tool("jsdom", "package.json")
    path, url = desk.site.dir / desk.corrected.name / "index.html", desk.site.url + desk.corrected.address
    result = subprocess.run(["node", str(Path(__file__).parent / "readability.mjs")], capture_output=True, text=True,
                            input=json.dumps([{"path": str(path), "url": url}]), timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    text = json.loads(result.stdout)[0]["textContent"]
    order = [text.find(paragraph) for paragraph in desk.corrected.approved_paragraphs()]
    order += [text.find(_plain(correction)) for correction in desk.corrected.meta.corrections]
    assert -1 not in order and order == sorted(order), f"Reader View loses or reorders the article: {order}"


# --- Redirects --------------------------------------------------------------------------------------------------


def test_old_address_sends_the_reader_on_without_a_script(desk: Desk) -> None:
    """Should answer at the old address with a refresh, a canonical link, noindex and a visible link, and no script."""
    target = desk.site.url + desk.renamed.address
    page = desk.site.soup(f"{OLD_NAME}/index.html")
    assert meta_content(page, "robots") == "noindex"
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"] == f"0; url={target}"
    assert page.find("link", rel="canonical")["href"] == target
    assert [a["href"] for a in page.body.find_all("a")] == [target]
    assert page.find("script") is None
    # The site's policy, as every page has it (test_csp.py), allowing no script and no style.
    from test_csp import _check_policy

    _check_policy(desk.site, f"{OLD_NAME}/index.html")
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'none'" in policy and "style-src 'none'" in policy
    assert desk.site.url + OLD_NAME + "/" not in _sitemap(desk)
    assert all(entry.link != desk.site.url + OLD_NAME + "/" for entry in _feed(desk).entries)


def test_renamed_article_keeps_its_approved_text_at_its_new_address(desk: Desk) -> None:
    """Should have moved the approved text with the article, and publish it word for word at the new address."""
    published = desk.site.project / "published"
    assert not (published / f"{OLD_NAME}.txt").exists() and desk.renamed.approved_file.is_file()
    assert text_problems(desk.soup(desk.renamed), desk.renamed.approved_paragraphs()) == []


@pytest.mark.browser
def test_old_address_ends_at_the_new_one_in_chromium(desk: Desk, browser: Browser) -> None:
    """Should take a reader from the old address to the new one, the old page fetching and running nothing."""
    target = desk.site.url + desk.renamed.address
    with visit(browser, desk.site.url + OLD_NAME + "/") as seen:
        seen.page.wait_for_url(target)
        assert seen.requests[:2] == [desk.site.url + OLD_NAME + "/", target], seen.requests
        assert not seen.console_errors and not seen.failures, (seen.console_errors, seen.failures)


# --- Withdrawals ------------------------------------------------------------------------------------------------


def test_withdrawn_article_answers_with_its_notice_alone(desk: Desk) -> None:
    """Should show the headline, the dates and the notice, and nothing of the text, standfirst, points or photo."""
    meta, withdrawal = desk.withdrawn.meta, desk.withdrawn.meta.withdrawn
    assert withdrawal is not None
    html = (desk.site.dir / desk.withdrawn.name / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == meta.title
    assert [t["datetime"] for t in soup.select(".article-meta time")] == [desk.site.machine_date(meta.date),
                                                                       desk.site.machine_date(withdrawal.date)]
    assert soup.select_one(".article-withdrawn p").get_text() == withdrawal.notice
    for gone in [meta.description, *meta.glance, *desk.withdrawn.paragraphs]:
        assert gone not in html, f"the withdrawn page still carries {gone!r}"
    assert not soup.find(["img", "picture", "figure"]) and meta_content(soup, "og:image") is None
    assert meta_content(soup, "description") == meta_content(soup, "og:description") == withdrawal.notice
    assert meta_content(soup, "og:type") == "article" and meta_content(soup, "og:url") == desk.site.url + desk.withdrawn.address
    data = _json_ld(html, desk.site.url + desk.withdrawn.address)
    assert "image" not in data and "description" not in data
    assert data["creativeWorkStatus"] == "Withdrawn" and data["dateModified"] == desk.site.machine_date(withdrawal.date)
    assert data["correction"] == [{"@type": "CorrectionComment", "datePublished": desk.site.machine_date(withdrawal.date),
                                   "text": withdrawal.notice}]
    # Its address stays on the record: its approved text is kept.
    assert desk.withdrawn.approved_file.is_file()


def test_withdrawn_article_leaves_every_other_part_of_the_site(desk: Desk) -> None:
    """Should publish none of its photo's renditions or card, and leave it out of the front page, the archive, the
    feed and the search index; the sitemap keeps its address, dated by the withdrawal."""
    site, article = desk.site, desk.withdrawn
    photo = site.lead_photo(article)
    assert photo is not None
    published = {path.name for path in site.dir.rglob("*") if path.is_file()}
    made = {crop.name for crop in photo.crops.values()} | {name for name in published if name.startswith(article.name)}
    assert not made & published - {"index.html"}, f"the withdrawn article's photo or card is published: {made & published}"
    assert site.soup().h1.get_text() == site.lead.meta.title != article.meta.title, "the front page leads with it"
    for name in ["index.html", *(page for page in site.html_pages if page.startswith("archive/"))]:
        assert article.meta.title not in site.soup(name).get_text(), f"{name} lists the withdrawn article"
    assert all(entry.link != site.url + article.address for entry in _feed(desk).entries)
    entry = json.loads((site.dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    assert indexed == len([a for a in site.articles if a.meta.withdrawn is None]), "the search index holds it"
    assert article.meta.withdrawn is not None
    assert _sitemap(desk)[site.url + article.address] == site.machine_date(article.meta.withdrawn.date)


@pytest.mark.browser
def test_reader_sees_the_editors_notes_as_the_front_matter_says(desk: Desk, browser: Browser) -> None:
    """Should show the reader exactly the article and its corrections, and on the withdrawn page only the notice
    (the verbatim check, in Chromium, with the desk's additions compared as the date line is)."""
    for page in [*desk.site.pages[1:], *desk.site.withdrawn_pages]:
        with visit(browser, page.url) as seen:
            problems = reader_problems(reader_view(seen.page), desk.site.expected(page))
        assert not problems, f"{page}: {problems}"



def test_the_desks_pages_pass_the_nu_html_checker(desk: Desk) -> None:
    """Should report zero errors on the corrected article, the corrections page, the old address and the withdrawn
    page (the committed site's corrections page is in test_html_valid.py's run)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed to run the Nu Html Checker: install Java 17+ (Debian: openjdk-17-jre-headless)")
    names = [f"{desk.corrected.name}/index.html", "corrections/index.html", f"{OLD_NAME}/index.html",
             f"{desk.withdrawn.name}/index.html"]
    result = subprocess.run([java, "-jar", str(node_tool("vnu-jar", "build", "dist", "vnu.jar")), "--format", "json",
                             "--errors-only", *(str(desk.site.dir / name) for name in names)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}: {m['message']}" for m in messages
              if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, errors


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_desks_pages_pass_axe(desk: Desk, browser: Browser, scheme: str) -> None:
    """Should pass axe-core's WCAG A and AA rules on the corrected article, the corrections page and the withdrawn page,
    in each scheme, with no console error (a policy violation included)."""
    from test_browser import _axe_violations, _describe

    for address in (desk.corrected.address, "corrections/", desk.withdrawn.address):
        with visit(browser, desk.site.url + address, scheme=scheme) as seen:
            violations = _axe_violations(seen.page)
            assert not violations, f"{address} ({scheme}):\n{_describe(violations)}"
            assert not seen.console_errors, seen.console_errors
