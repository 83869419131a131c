"""Legitimate edits: each one a maintainer may make must pass the whole suite.

The other half of the bad-input catalogue. Each case copies the repository (a
fresh git repository with this working tree), makes one edit the way the README
says to (the article and the fixture together where the text changes), commits
it, and runs the whole test suite there, this catalogue left out. A suite that
refused any of these would be holding the project to today's text, not to its
rules. Slow by nature (one full run per edit): `-m "not edits"` leaves it out.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from article_edit import Article, words
from conftest import copy_repository, git

pytestmark = pytest.mark.edits


def earlier_date(article: Article) -> None:
    """The publication date corrected to an earlier day."""
    date = article.front_matter()["date"]
    article.set_key("date", date - datetime.timedelta(days=40))


def word_changed(article: Article) -> None:
    """One word of the first paragraph replaced by another."""
    paragraphs = article.paragraphs()
    word = words(paragraphs[0])[0]
    paragraphs[0] = paragraphs[0].replace(word, "reportedly", 1)
    article.write(paragraphs=paragraphs)


def sentence_added(article: Article) -> None:
    """A sentence added at the end of the last paragraph."""
    paragraphs = article.paragraphs()
    paragraphs[-1] += " Officials on both sides declined to comment on the agenda."
    article.write(paragraphs=paragraphs)


def paragraph_added(article: Article) -> None:
    """A new paragraph after the first."""
    paragraphs = article.paragraphs()
    paragraphs.insert(1, "Neither delegation has published an agenda, and no joint statement is planned.")
    article.write(paragraphs=paragraphs)


def headline_and_standfirst_changed(article: Article) -> None:
    """A different headline and standfirst (the social card and the metadata must follow)."""
    article.set_key("title", "What Trump and Putin each want from Anchorage")
    article.set_key("description", "Two leaders arrive in Alaska with aims that barely overlap.")


def headline_with_ampersand_and_quotes(article: Article) -> None:
    """A headline with an ampersand and quotation marks, shown as typed everywhere."""
    article.set_key("title", 'Trump & Putin: "a feel-out" in Anchorage')


def correction_dated(article: Article) -> None:
    """A correction dated with `updated` (the day after publication, or today if that is sooner)."""
    published = article.front_matter()["date"]
    article.set_key("updated", min(published + datetime.timedelta(days=1), datetime.date.today()))


def three_points(article: Article) -> None:
    """Three "At a glance" points instead of four (or one fewer than today, whatever the count)."""
    points = article.front_matter()["glance"]
    article.set_key("glance", points[:3] if len(points) > 3 else points[:2] + points[-1:])


EDITS: dict[str, Callable[[Article], None]] = {
    "an earlier publication date": earlier_date,
    "a word changed": word_changed,
    "a sentence added": sentence_added,
    "a paragraph added": paragraph_added,
    "a new headline and standfirst": headline_and_standfirst_changed,
    "a headline with an ampersand and quotes": headline_with_ampersand_and_quotes,
    "a correction dated": correction_dated,
    "three points at a glance": three_points,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_legitimate_edit_passes_the_suite(edit: Callable[[Article], None], tmp_path: Path,
                                          request: pytest.FixtureRequest) -> None:
    """Should pass the whole test suite after the edit, as the maintainer would run it."""
    project = copy_repository(tmp_path / "project")
    before = Article(project).markdown.read_text(encoding="utf-8")
    edit(Article(project))
    assert Article(project).markdown.read_text(encoding="utf-8") != before, "the edit changed nothing"
    git(project, "commit", "-q", "-am", f"Edit: {edit.__doc__}")
    # Everything but this catalogue; without the browser tests if this run leaves them out.
    selection = "not edits"
    if "not browser" in request.config.getoption("markexpr"):
        selection += " and not browser"
    result = subprocess.run(
        # Its own temporary folder: pytest prunes old ones in the shared place, this run's among them.
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", selection,
         "--basetemp", str(tmp_path / "pytest")],
        cwd=project, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, (
        f"After a legitimate edit ({edit.__doc__}) the suite fails: it holds the project to today's text "
        f"instead of its rules. Output of the run in {project}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
    )
