"""The wording of the date line, the dateline and the byline, pinned once (no browser).

newsroom.date_line and newsroom.authors write every date, reading time, dateline and byline a
reader reads. Every other test states what a page must show in its own words
(conftest.py's `written_date`, `dateline_of`, `byline_of`, `minutes_to_read`) from the fixture and
the front matter; these tests hold the build's functions to that same wording.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import byline_of, dateline_of, minutes_to_read, written_date
from newsroom.authors import Author, byline, byline_text
from newsroom.date_line import date_label, date_line, date_line_text, date_span, dateline, reading_minutes

# A publication's time zone, as the `time_zone` setting names it; its abbreviations are AKST and AKDT.
ANCHORAGE = ZoneInfo("America/Anchorage")


@pytest.mark.parametrize(("day", "written"), [
    (datetime.date(2026, 11, 26), "26 November 2026"),
    (datetime.date(2027, 1, 1), "1 January 2027"),
    (datetime.date(2025, 8, 15), "15 August 2025"),
], ids=["November", "first of January", "August"])
def test_dates_are_written_out(day: datetime.date, written: str) -> None:
    """Should write a date as day without a leading zero, the month's English name and the year."""
    assert date_label(day, ANCHORAGE) == written
    assert written_date(day, ANCHORAGE) == written


@pytest.mark.parametrize(("moment", "written"), [
    (datetime.datetime(2026, 11, 26, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-9))),
     "26 November 2026, 06:00 AKST"),
    # Given in UTC, read in the publication's zone: the evening before, there.
    (datetime.datetime(2026, 11, 26, 4, 30, tzinfo=datetime.UTC), "25 November 2026, 19:30 AKST"),
    (datetime.datetime(2026, 7, 4, 12, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=-8))),
     "4 July 2026, 12:05 AKDT"),
], ids=["in the zone", "from UTC", "summer time"])
def test_times_are_written_in_the_publications_zone(moment: datetime.datetime, written: str) -> None:
    """Should write a date with a time as its day and 24-hour time in the publication's zone, with the zone's
    abbreviation."""
    assert date_label(moment, ANCHORAGE) == written
    assert written_date(moment, ANCHORAGE) == written


def test_every_month_has_its_name() -> None:
    """Should name each of the twelve months as the tests' own table does."""
    for month in range(1, 13):
        day = datetime.date(2026, month, 9)
        assert date_label(day, ANCHORAGE) == written_date(day, ANCHORAGE), month


@pytest.mark.parametrize(("newest", "oldest", "written"), [
    (datetime.date(2026, 11, 26), datetime.date(2026, 11, 26), "26 November 2026"),
    (datetime.date(2026, 11, 26), datetime.date(2026, 11, 3), "3–26 November 2026"),
    (datetime.date(2026, 11, 26), datetime.date(2026, 10, 30), "30 October – 26 November 2026"),
    (datetime.date(2026, 1, 3), datetime.date(2025, 12, 28), "28 December 2025 – 3 January 2026"),
    # A time is its day in the publication's zone: 04:30 UTC on the 26th is still the 25th in Anchorage.
    (datetime.datetime(2026, 11, 26, 4, 30, tzinfo=datetime.UTC), datetime.date(2026, 11, 3), "3–25 November 2026"),
], ids=["one day", "one month", "one year", "two years", "a time"])
def test_an_older_page_is_labelled_by_the_days_it_spans(newest: datetime.date, oldest: datetime.date,
                                                      written: str) -> None:
    """Should label a listing's older page with the days it spans, the month and year written once where shared."""
    assert date_span(newest, oldest, ANCHORAGE) == written


def test_date_line_reads_published_then_reading_time() -> None:
    """Should read "Published on this site <date> · <n> min read", the date machine-readable, without a correction."""
    parts = date_line(datetime.date(2026, 11, 26), None, 3, ANCHORAGE)
    assert date_line_text(parts) == "Published on this site 26 November 2026 · 3 min read"
    # A day alone is that day from its midnight in the publication's zone.
    assert [part.datetime for part in parts] == ["2026-11-26T00:00:00-09:00", None]


def test_date_line_says_updated_between() -> None:
    """Should put "Updated <date>" between the publication date and the reading time when a correction is dated."""
    updated = datetime.datetime(2026, 12, 2, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-9)))
    parts = date_line(datetime.date(2026, 11, 25), updated, 1, ANCHORAGE)
    assert date_line_text(parts) == ("Published on this site 25 November 2026 · Updated 2 December 2026, 14:30 AKST"
                                     " · 1 min read")
    assert [part.datetime for part in parts] == ["2026-11-25T00:00:00-09:00", "2026-12-02T14:30:00-09:00", None]


@pytest.mark.parametrize(("words", "per_minute", "minutes"), [
    (0, 200, 1), (50, 200, 1), (400, 200, 2), (700, 200, 4), (1000, 250, 4),
], ids=["empty", "short", "exact", "rounded up", "another pace"])
def test_reading_time_in_whole_minutes(words: int, per_minute: int, minutes: int) -> None:
    """Should round the reading time to whole minutes, never less than one."""
    assert reading_minutes(words, per_minute) == minutes
    assert minutes_to_read(words, per_minute) == minutes


@pytest.mark.parametrize(("place", "written"), [
    ("ANCHORAGE, Alaska", "ANCHORAGE, Alaska \N{EM DASH}"),
    ("MOSCOW", "MOSCOW \N{EM DASH}"),
    ("JUNEAU, Alaska, and WASHINGTON", "JUNEAU, Alaska, and WASHINGTON \N{EM DASH}"),
], ids=["city and state", "city", "two places"])
def test_dateline_wording(place: str, written: str) -> None:
    """Should print the dateline as the place written in the front matter (its capitals kept), a space and an em dash,
    which the first paragraph follows."""
    assert dateline(place) == written
    assert dateline_of(place) == written


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
