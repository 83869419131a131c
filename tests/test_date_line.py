"""The wording of the date line and the byline, pinned once (no browser).

newsroom.date_line and newsroom.authors write every date, reading time and byline a
reader reads. Every other test states what a page must show in its own words
(conftest.py's `written_date`, `byline_of`, `minutes_to_read`) from the fixture and
the front matter; these tests hold the build's functions to that same wording.
"""

from __future__ import annotations

import datetime

import pytest

from conftest import byline_of, minutes_to_read, written_date
from newsroom.authors import Author, byline, byline_text
from newsroom.date_line import date_label, date_line, date_line_text, reading_minutes


@pytest.mark.parametrize(("day", "written"), [
    (datetime.date(2026, 11, 26), "26 November 2026"),
    (datetime.date(2027, 1, 1), "1 January 2027"),
    (datetime.date(2025, 8, 15), "15 August 2025"),
], ids=["November", "first of January", "August"])
def test_dates_are_written_out(day: datetime.date, written: str) -> None:
    """Should write a date as day without a leading zero, the month's English name and the year."""
    assert date_label(day) == written
    assert written_date(day) == written


def test_every_month_has_its_name() -> None:
    """Should name each of the twelve months as the tests' own table does."""
    for month in range(1, 13):
        day = datetime.date(2026, month, 9)
        assert date_label(day) == written_date(day), month


def test_date_line_reads_published_then_reading_time() -> None:
    """Should read "Published on this site <date> · <n> min read", the date machine-readable, without a correction."""
    parts = date_line(datetime.date(2026, 11, 26), None, 3)
    assert date_line_text(parts) == "Published on this site 26 November 2026 · 3 min read"
    assert [part.datetime for part in parts] == ["2026-11-26", None]


def test_date_line_says_updated_between() -> None:
    """Should put "Updated <date>" between the publication date and the reading time when a correction is dated."""
    parts = date_line(datetime.date(2026, 11, 25), datetime.date(2026, 12, 2), 1)
    assert date_line_text(parts) == "Published on this site 25 November 2026 · Updated 2 December 2026 · 1 min read"
    assert [part.datetime for part in parts] == ["2026-11-25", "2026-12-02", None]


@pytest.mark.parametrize(("words", "per_minute", "minutes"), [
    (0, 200, 1), (50, 200, 1), (400, 200, 2), (700, 200, 4), (1000, 250, 4),
], ids=["empty", "short", "exact", "rounded up", "another pace"])
def test_reading_time_in_whole_minutes(words: int, per_minute: int, minutes: int) -> None:
    """Should round the reading time to whole minutes, never less than one."""
    assert reading_minutes(words, per_minute) == minutes
    assert minutes_to_read(words, per_minute) == minutes


JANE = Author("jdoe", "Jane Doe", "https://example.org/jane")
JOHN = Author("jroe", "John Roe")
ANA = Author("alima", "Ana Lima")


@pytest.mark.parametrize(("authors", "written"), [
    ([], ""),
    ([JANE], "By Jane Doe"),
    ([JANE, JOHN], "By Jane Doe and John Roe"),
    ([JANE, JOHN, ANA], "By Jane Doe, John Roe and Ana Lima"),
], ids=["none", "one", "two", "three"])
def test_byline_wording(authors: list[Author], written: str) -> None:
    """Should read "By A", "By A and B", "By A, B and C" in the front matter's order; nothing without authors."""
    assert byline_text(byline(authors)) == written
    assert byline_of([author.name for author in authors]) == written


def test_byline_links_only_authors_with_a_page() -> None:
    """Should give a link to each author with a page, and none to the words between names."""
    linked = [(part.text, part.url) for part in byline([JANE, JOHN]) if part.url]
    assert linked == [("Jane Doe", "https://example.org/jane")]
