"""The date line under each headline, and every date as a reader reads it: written once, here.

"Published on this site 25 November 2026 · Updated 2 December 2026, 14:30 AKST · 3 min read":
the layout prints these parts, the front page and the archive print `date_label`,
and tests/test_date_line.py pins the wording (the other tests state it in their own words). A date
given as a day shows as the day alone; one given with a time shows its time in the publication's
zone (the `time_zone` setting), with the zone's abbreviation. Each part's machine-readable form,
for <time datetime>, is the full moment with its offset (newsroom.moments).

The dateline (`dateline`), news's other line of where and when, is worded here too: the place the story was reported
from, printed before its first paragraph as news prints it ("ANCHORAGE, Alaska —").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from newsroom.moments import has_time, instant, w3c


@dataclass(frozen=True)
class DatePart:
    """One part of the date line: its text, and the machine-readable date when it is one."""

    text: str
    datetime: str | None = None


def date_label(when: datetime.date, zone: datetime.tzinfo) -> str:
    """A date as the pages write it for readers: 25 November 2026, or 26 November 2026, 06:00 AKST for a time."""
    if not has_time(when):
        return f"{when.day} {when:%B %Y}"
    local = instant(when, zone)
    return f"{local.day} {local:%B %Y}, {local:%H:%M} {local.tzname()}"


def date_span(newest: datetime.date, oldest: datetime.date, zone: datetime.tzinfo) -> str:
    """The days from `oldest` to `newest` as a page of older articles is labelled, each day as the publication's zone
    has it: 26 November 2026; 3–26 November 2026; 30 October – 26 November 2026; 28 December 2025 – 3 January 2026."""
    last, first = (instant(when, zone).date() if has_time(when) else when for when in (newest, oldest))
    if first == last:
        return f"{last.day} {last:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def reading_minutes(words: int, per_minute: int) -> int:
    """The reading time of `words` words at `per_minute`: whole minutes, at least one."""
    return max(1, round(words / per_minute))


def date_line(published: datetime.date, updated: datetime.date | None, minutes: int,
              zone: datetime.tzinfo) -> list[DatePart]:
    """The parts of an article's date line, in order: a correction only when one is dated."""
    parts = [DatePart(f"Published on this site {date_label(published, zone)}", w3c(published, zone))]
    if updated is not None:
        parts.append(DatePart(f"Updated {date_label(updated, zone)}", w3c(updated, zone)))
    parts.append(DatePart(f"{minutes} min read"))
    return parts


# How the parts are joined on the page (each separator hidden from screen readers).
SEPARATOR = " · "


def date_line_text(parts: list[DatePart]) -> str:
    """The date line as a reader sees it."""
    return SEPARATOR.join(part.text for part in parts)


def dateline(place: str) -> str:
    """The dateline as printed before the article's text: the front matter's place as the editor wrote it (news sets
    the city in capitals: ANCHORAGE, Alaska), then an em dash, which the first paragraph follows."""
    return f"{place} \N{EM DASH}"
