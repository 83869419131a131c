"""Every front-matter date as a moment: a day, or a time with its offset, in the publication's time zone.

An article's `date` (and `updated`, and any other date of its front matter) is either a day,
`2026-11-26`, or a time with its offset, `2026-11-26T06:00:00-09:00` (newsroom.front_matter.Day
refuses a time without one: it would mean a different moment on every machine). The front
matter keeps what the editor wrote, a `datetime.date` or an aware `datetime.datetime` (a
subclass of it); everything that orders, groups or machine-reads a date goes through here,
with the publication's time zone (the plugin's `time_zone` setting):

- a day alone is that day in the publication's zone, from its start (00:00), for ordering
  and for the machine-readable forms; readers see the day alone (newsroom.date_line);
- a time is its moment, shown and machine-read in the publication's zone.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def has_time(when: datetime.date) -> bool:
    """Whether the front matter gave a time (with its offset), not a day alone."""
    return isinstance(when, datetime.datetime)


def instant(when: datetime.date, zone: datetime.tzinfo) -> datetime.datetime:
    """The moment a front-matter date stands for, in the publication's zone: a day alone is its start there."""
    if isinstance(when, datetime.datetime):
        return when.astimezone(zone)
    return datetime.datetime.combine(when, datetime.time(0), zone)


def local_day(when: datetime.date, zone: datetime.tzinfo) -> datetime.date:
    """The calendar day of a date in the publication's zone (a day alone is itself)."""
    return instant(when, zone).date()


def w3c(when: datetime.date, zone: datetime.tzinfo) -> str:
    """The W3C / RFC 3339 form, with the time and the publication's offset: 2026-11-26T06:00:00-09:00."""
    return instant(when, zone).isoformat()


def w3c_instant(moment: datetime.datetime) -> str:
    """An aware moment in the W3C / RFC 3339 form."""
    return moment.isoformat()


def not_earlier(later: datetime.date, earlier: datetime.date) -> bool:
    """Whether `later` is not before `earlier`, read without a time zone (the front matter is checked before the
    settings are known): two times compare as moments; otherwise their days compare, each time's day in its own offset."""
    if isinstance(later, datetime.datetime) and isinstance(earlier, datetime.datetime):
        return later >= earlier
    return _day(later) >= _day(earlier)


def _day(when: datetime.date) -> datetime.date:
    return when.date() if isinstance(when, datetime.datetime) else when


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (America/Anchorage); ValueError naming it when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValueError(f"{name!r} is not an IANA time zone name, such as America/Anchorage or Europe/London") from error
