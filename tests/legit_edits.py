"""Legitimate edits: the changes a maintainer may make, which the suite must accept.

The other half of the bad-input catalogue. conftest.py's `article_site` fixture
builds a copy of the project after each edit, made the way the README says (the
article and the fixture together where the text changes), and every check that
depends on the article's content (its text, headline, dates, points, metadata,
feed, card, policy, and what the browser renders) runs on each of those builds
as on the committed article. A check that held the project to today's text
instead of its rules fails on one of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from article_edit import Article, words


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
