"""The safety net: Zensical, Material's maintained successor, builds the same project intact, and what it would publish.

Material for MkDocs reaches end of life on 2027-05-05 and MkDocs 1.x is
unmaintained. Zensical reads the same mkdocs.yml and template overrides but
runs no third-party plugin, so this checks that what matters lives where both look,
and records, from one build of the corpus, what a Zensical build publishes that the newsroom
plugin keeps back and what it lacks (the README's "Migration path" lists both).
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from article_text import text_problems
from conftest import copy_project, meta_content, project_settings
from harness.project import ProjectArticle, articles, lead_article
from newsroom.articles import ARCHIVE, CORRECTIONS, LISTINGS, SEARCH
from newsroom.clock import VARIABLE as NEWSROOM_NOW
from newsroom.figures import PHOTO_FOLDER, RASTER, VECTOR
from newsroom.news_sitemap import PATH as NEWS_SITEMAP

SITE_URL = "https://example.github.io/anchorage-summit/"


@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the whole corpus: every kind of article, a draft, a scheduled and a withdrawn one."""
    return copy_project(tmp_path_factory.mktemp("zensical") / "project", corpus=True)


@pytest.fixture(scope="module")
def every_article(zensical_project: Path) -> list[ProjectArticle]:
    """The copy's articles, drafts and scheduled ones included, as the MkDocs build reads them."""
    return articles(zensical_project, unpublished=True)


@pytest.fixture(scope="module")
def clock_before_newest(every_article: list[ProjectArticle]) -> datetime.datetime:
    """A build clock a minute before the newest article that is not a draft: the MkDocs build holds that one back."""
    return max(article.built.published for article in every_article if not article.meta.draft) - datetime.timedelta(minutes=1)


@pytest.fixture(scope="module")
def lead(zensical_project: Path) -> ProjectArticle:
    """The copy's newest article at the session's clock, as the MkDocs build reads it."""
    return lead_article(zensical_project)


@pytest.fixture(scope="module")
def zensical_site(zensical_project: Path, clock_before_newest: datetime.datetime) -> Path:
    """Build the copy with Zensical (a second), at a build clock at which the MkDocs build holds the newest article back.

    Zensical runs no third-party plugin, so it makes no front page, reads no clock and
    honours no `slug`: each article is at its file name's address.
    """
    project = zensical_project
    zensical = Path(sys.executable).parent / "zensical"
    result = subprocess.run(
        [zensical, "build", "--strict"], cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SITE_URL": SITE_URL, NEWSROOM_NOW: clock_before_newest.isoformat()},
    )
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}{result.stderr}"
    return project / "site"


@pytest.fixture(scope="module")
def zensical_page(zensical_site: Path, lead: ProjectArticle) -> BeautifulSoup:
    """The newest article's page in Zensical's build."""
    page = zensical_site / lead.path.stem / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_article_paragraphs_intact(zensical_page: BeautifulSoup, lead: ProjectArticle) -> None:
    """Should hold every paragraph of the original verbatim, each one <p>, in order."""
    problems = text_problems(zensical_page, lead.approved_paragraphs())
    assert not problems, "Zensical's build altered the article:\n" + "\n".join(problems)


def test_headline_intact(zensical_page: BeautifulSoup, lead: ProjectArticle) -> None:
    """Should render the headline as the page's only <h1>."""
    assert [h.get_text() for h in zensical_page.find_all("h1")] == [lead.meta.title]


def test_social_metadata_intact(zensical_page: BeautifulSoup, lead: ProjectArticle) -> None:
    """Should carry the Open Graph, Twitter card and JSON-LD metadata from the template override."""
    meta = lead.meta

    def content(key: str) -> str | None:
        return meta_content(zensical_page, key)

    assert content("og:type") == "article"
    assert content("og:title") == meta["title"]
    assert content("og:description") == content("description") == meta["description"]
    assert content("og:url") == SITE_URL + lead.path.stem + "/"
    # og:image names the card the newsroom plugin gives the page; Zensical runs no plugin, so there is none to check.
    assert content("twitter:card") == "summary_large_image"
    data = json.loads(zensical_page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle" and data["headline"] == meta["title"]


def test_publishes_drafts_and_scheduled_articles(zensical_site: Path, every_article: list[ProjectArticle],
                                                 clock_before_newest: datetime.datetime) -> None:
    """Should publish what the MkDocs build keeps back: each draft's page, in its search index too, and an article
    scheduled after the build's clock."""
    drafts = [article for article in every_article if article.meta.draft]
    scheduled = [article for article in every_article if not article.meta.draft and article.built.published > clock_before_newest]
    assert drafts and scheduled, "the corpus should hold a draft, and an article after this clock"
    kept_back = [article.where for article in drafts + scheduled
                 if not (zensical_site / article.path.stem / "index.html").is_file()]
    assert not kept_back, f"Zensical kept these back, as the newsroom plugin does: {kept_back}"
    indexed = {item["location"] for item in json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"]}
    assert {f"{draft.path.stem}/" for draft in drafts} <= indexed


def test_publishes_withdrawn_text_and_photo_originals(zensical_site: Path, zensical_project: Path,
                                                      every_article: list[ProjectArticle]) -> None:
    """Should publish a withdrawn article's text without its notice, and every photo as its original file, byte for
    byte (with whatever the camera recorded in it)."""
    withdrawn = [article for article in every_article if article.built.withdrawn]
    assert withdrawn, "the corpus should hold a withdrawn article"
    for article in withdrawn:
        page = BeautifulSoup((zensical_site / article.path.stem / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert not text_problems(page, article.approved_paragraphs()), f"{article.where}: its text is not on its page"
        assert article.meta.withdrawn is not None and article.meta.withdrawn.notice not in page.get_text()
    # The originals the MkDocs build keeps out (newsroom.pipeline.keep_photo_originals_out): all but what it publishes.
    docs, publish = zensical_project / "docs", project_settings(zensical_project).publish
    photos = [path for path in docs.rglob("*") if path.suffix.lower() in (*RASTER, VECTOR) and path.is_file()
              and not any(fnmatch.fnmatchcase(path.relative_to(docs).as_posix(), pattern) for pattern in publish)]
    assert photos, "the corpus should hold photos"
    copied = [path for path in photos if (zensical_site / path.relative_to(docs)).read_bytes() == path.read_bytes()]
    assert copied == photos, f"not published as they came: {sorted(set(photos) - set(copied))}"


def test_lacks_what_the_plugin_makes(zensical_site: Path, zensical_project: Path, every_article: list[ProjectArticle]) -> None:
    """Should lack every page and file the newsroom plugin makes (the front page, the archive, the search page, the
    corrections, section, tag and author pages, the feed, the news sitemap, cards and photo renditions, old addresses,
    addresses from `slug`) and list no page in its sitemap."""
    settings = project_settings(zensical_project)
    made = ["index.html", settings.feed, NEWS_SITEMAP, settings.social_cards, PHOTO_FOLDER,
            *(f"{folder}/" for folder in (ARCHIVE, SEARCH, CORRECTIONS, *LISTINGS)),
            *(f"{article.built.name}/" for article in every_article if article.meta.slug),
            *(f"{old}/" for article in every_article for old in article.meta.redirect_from)]
    assert not [name for name in made if (zensical_site / name).exists()], "Zensical made what the plugin makes"
    assert "<loc>" not in (zensical_site / "sitemap.xml").read_text(encoding="utf-8")


def test_pages_lack_the_policy_and_the_card(zensical_page: BeautifulSoup) -> None:
    """Should give the article's page no Content-Security-Policy and an empty og:image: the plugin writes both."""
    assert zensical_page.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is None
    assert meta_content(zensical_page, "og:image") == ""
