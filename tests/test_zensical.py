"""The safety net: Zensical, Material's maintained successor, builds the same project intact.

Material for MkDocs reaches end of life on 2027-05-05 and MkDocs 1.x is
unmaintained. Zensical reads the same mkdocs.yml and template overrides but
runs no third-party plugin, so this checks that what matters lives where both look.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from article_text import text_problems
from conftest import copy_project, meta_content
from harness.project import ProjectArticle, lead_article

SITE_URL = "https://example.github.io/anchorage-summit/"


@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the corpus's seed article."""
    return copy_project(tmp_path_factory.mktemp("zensical") / "project")


@pytest.fixture(scope="module")
def lead(zensical_project: Path) -> ProjectArticle:
    """The copy's article, as the MkDocs build reads it."""
    return lead_article(zensical_project)


@pytest.fixture(scope="module")
def zensical_page(zensical_project: Path, lead: ProjectArticle) -> BeautifulSoup:
    """Build the copy with Zensical and parse the newest article's page.

    Zensical runs no third-party plugin, so it makes no front page and
    honours no `slug`: each article is at its file name's address.
    """
    project = zensical_project
    zensical = Path(sys.executable).parent / "zensical"
    result = subprocess.run(
        [zensical, "build", "--strict"], cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SITE_URL": SITE_URL},
    )
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}{result.stderr}"
    page = project / "site" / lead.path.stem / "index.html"
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
