"""An honest "updated" line: shown, and emitted as metadata, only when the maintainer dates a correction.

The current article may or may not have `updated:` in its front matter; the other
tests follow whichever it has. Here a copy of the project gets one, and every
place it must appear is checked: the date line, article:modified_time, the
JSON-LD's dateModified and the feed. Refusals (earlier than the publication date,
in the future, with a time) are in the bad-input catalogue.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup

from article_edit import ArticleEditor, today
from conftest import copy_project, meta_content, mkdocs_build, plugin_settings, site_config, written_date
from harness.project import lead_article

SITE_URL = "https://example.github.io/anchorage-summit/"


def _zone() -> ZoneInfo:
    return ZoneInfo(plugin_settings(site_config()).time_zone)


def _moment(day: datetime.date) -> str:
    """A day as the machine-readable dates carry it: its midnight in the publication's zone, with the offset."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=_zone()).isoformat()


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> tuple[datetime.date, Path]:
    """A copy of the project whose article was corrected the day after publication (or today, if that is later)."""
    workdir = tmp_path_factory.mktemp("updated")
    project = copy_project(workdir / "project")
    article = ArticleEditor(project)
    published = article.front_matter()["date"]
    updated = min(published + datetime.timedelta(days=1), today(project))
    article.set_key("updated", updated)
    build = mkdocs_build(project, workdir / "site", site_url=SITE_URL)
    assert build.returncode == 0, build.output
    # The article's own page: the front page describes the publication, not the article.
    return updated, build.site_dir / lead_article(project).name


def test_date_line_says_updated(corrected: tuple[datetime.date, Path]) -> None:
    """Should show 'Updated <date>' beside the publication date, as a <time>."""
    updated, site = corrected
    line = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(".article-meta")
    stamp = line.find_all("time")[1]
    assert stamp["datetime"] == _moment(updated)
    assert stamp.get_text() == f"Updated {written_date(updated, _zone())}"


def test_metadata_carries_the_modified_date(corrected: tuple[datetime.date, Path]) -> None:
    """Should emit article:modified_time and dateModified with the correction's date."""
    updated, site = corrected
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert meta_content(page, "article:modified_time") == _moment(updated)
    assert json.loads(page.find("script", type="application/ld+json").string)["dateModified"] == _moment(updated)


def test_feed_is_updated(corrected: tuple[datetime.date, Path]) -> None:
    """Should date the feed's entry and the feed itself by the correction."""
    updated, site = corrected
    feed = feedparser.parse((site.parent / plugin_settings(site_config()).feed).read_bytes())
    assert feed.entries[0].updated == feed.feed.updated == _moment(updated)
