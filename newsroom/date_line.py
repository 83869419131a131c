"""The date line under each headline, and every date as a reader reads it: written once, here.

"Published on this site 25 November 2026 · Updated 2 December 2026 · 3 min read":
the layout prints these parts, the front page and the archive print `date_label`,
and tests/test_date_line.py pins the wording (the other tests state it in their own words).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DatePart:
    """One part of the date line: its text, and the machine-readable date when it is one."""

    text: str
    datetime: str | None = None


def date_label(day: datetime.date) -> str:
    """A date as the pages write it for readers: 25 November 2026."""
    return f"{day.day} {day:%B %Y}"


def reading_minutes(words: int, per_minute: int) -> int:
    """The reading time of `words` words at `per_minute`: whole minutes, at least one."""
    return max(1, round(words / per_minute))


def date_line(published: datetime.date, updated: datetime.date | None, minutes: int) -> list[DatePart]:
    """The parts of an article's date line, in order: a correction only when one is dated."""
    parts = [DatePart(f"Published on this site {date_label(published)}", str(published))]
    if updated is not None:
        parts.append(DatePart(f"Updated {date_label(updated)}", str(updated)))
    parts.append(DatePart(f"{minutes} min read"))
    return parts


# How the parts are joined on the page (each separator hidden from screen readers).
SEPARATOR = " · "


def date_line_text(parts: list[DatePart]) -> str:
    """The date line as a reader sees it."""
    return SEPARATOR.join(part.text for part in parts)
