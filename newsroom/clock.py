"""The build's clock: the one place that reads "now".

What a build publishes depends on the moment it runs (newsroom.schedule: a scheduled article is
published by the first build after its time; the news sitemap lists the last two days'
articles), so the moment is an input like the articles: `NEWSROOM_NOW`, an ISO date-time with
its offset (`2026-11-26T06:00:00-09:00` or `…Z`), when it is set, else the real time. The
tests set it, and a build is byte-for-byte the same for a given clock (tests/test_reproducible.py).
"""

from __future__ import annotations

import datetime
import os

from mkdocs.exceptions import PluginError

VARIABLE = "NEWSROOM_NOW"


def now() -> datetime.datetime:
    """The build's moment, aware: `NEWSROOM_NOW` when set, else the real time (UTC)."""
    given = os.environ.get(VARIABLE, "").strip()
    if not given:
        return datetime.datetime.now(datetime.UTC)
    try:
        moment = datetime.datetime.fromisoformat(given)
    except ValueError as error:
        raise PluginError(f"{VARIABLE}: {given!r} is not an ISO date-time, such as 2026-11-26T06:00:00-09:00") from error
    if moment.utcoffset() is None:
        raise PluginError(f"{VARIABLE}: {given!r} has no offset, which makes it ambiguous; add one, such as +00:00 or Z")
    return moment
