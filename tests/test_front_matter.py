"""The front matter schema (`ArticleMeta`), case by case: what it accepts and what it refuses, saying why."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from newsroom.front_matter import check_page, day_of, latest, today_somewhere, validate_meta

TODAY = today_somewhere()
DAY = datetime.timedelta(days=1)
VALID: dict[str, Any] = {
    "title": "A headline",
    "description": "A standfirst.",
    "date": TODAY - 10 * DAY,
    "glance": ["One point.", "Two points.", "Three points."],
}

# Each: what changes in the valid front matter (None drops the key), and what the message must say.
REFUSED: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "no headline": ({"title": None}, ("'title' is missing", "the headline")),
    "a blank headline": ({"title": "  "}, ("'title' is missing",)),
    "no standfirst": ({"description": None}, ("'description' is missing", "standfirst")),
    "no date": ({"date": None}, ("'date' is missing",)),
    "a headline that is a number": ({"title": 42}, ("'title' must be text", "got int")),
    "a date that is text": ({"date": "soon"}, ("'date' must be a date", "got str 'soon'")),
    "a date with a time": ({"date": datetime.datetime(2026, 1, 1, 10, 30)}, ("'date' must be a calendar date without a time",)),
    "a date in the future": ({"date": TODAY + 2 * DAY}, ("'date'", "is in the future")),
    "a correction before publication": ({"updated": TODAY - 20 * DAY}, ("'updated'", "is earlier than the publication 'date'")),
    "a correction in the future": ({"updated": TODAY + 30 * DAY}, ("'updated'", "is in the future")),
    "a correction that is not a date": ({"updated": "recently"}, ("'updated' must be a date",)),
    "two points at a glance": ({"glance": ["One.", "Two."]}, ("'glance'", "three or four points")),
    "five points at a glance": ({"glance": ["1.", "2.", "3.", "4.", "5."]}, ("'glance'", "three or four points")),
    "a blank point": ({"glance": ["One.", " ", "Three."]}, ("'glance'", "three or four points")),
    "a point that is not text": ({"glance": ["One.", 2, "Three."]}, ("'glance'",)),
    "an unknown key": ({"updatd": TODAY}, ("unknown key 'updatd'",)),
    # The desk's keys (newsroom.desk).
    "corrections that are not a list": ({"corrections": "A name was misspelt."}, ("'corrections' must be a list",)),
    "a correction that is text alone": ({"corrections": ["A name was misspelt."]}, ("'corrections' entry 1 must be a mapping",)),
    "a correction without a date": ({"corrections": [{"text": "A name."}]}, ("'corrections' entry 1 has no 'date'",)),
    "a correction with a blank text": ({"corrections": [{"date": TODAY, "text": " "}]}, ("entry 1 has no 'text'",)),
    "an old address given as text": ({"redirect_from": "old-name"}, ("'redirect_from' must be a list, such as [old-name]",)),
    "an old address with a slash": ({"redirect_from": ["2026/old-name"]}, ("'redirect_from'", "not URL-safe")),
    "a withdrawal that is text alone": ({"withdrawn": "Taken down."}, ("'withdrawn'", "must be a mapping")),
    "a withdrawal in the future": ({"withdrawn": {"date": TODAY + 30 * DAY, "notice": "Withdrawn."}},
                                   ("'withdrawn'", "is in the future")),
}

ACCEPTED: dict[str, dict[str, Any]] = {
    "as it is": {},
    "no points at all": {"glance": None},
    "four points": {"glance": ["1.", "2.", "3.", "4."]},
    "a correction the same day": {"updated": TODAY - 10 * DAY},
    "published today": {"date": TODAY},
    "Material's hide key": {"hide": ["navigation"]},
    "corrections on the day of publication and today": {"corrections": [
        {"date": TODAY - 10 * DAY, "text": "A *name* was [misspelt](https://example.org/)."},
        {"date": TODAY, "text": "A date was wrong.\nIt is right now."}]},
    "old addresses": {"redirect_from": ["old-name", "older-name-2"]},
    "a withdrawal": {"withdrawn": {"date": TODAY, "notice": "Withdrawn at the request of a court."}},
}


def _meta(change: dict[str, Any]) -> dict[str, Any]:
    meta = {**VALID, **change}
    return {key: value for key, value in meta.items() if value is not None}


@pytest.mark.parametrize(("change", "says"), REFUSED.values(), ids=REFUSED.keys())
def test_refused(change: dict[str, Any], says: tuple[str, ...]) -> None:
    """Should refuse the front matter with a message naming the file, the key and the problem."""
    with pytest.raises(PluginError) as refused:
        validate_meta(_meta(change), "docs/example.md")
    message = str(refused.value)
    assert message.startswith("docs/example.md: front matter ")
    assert all(part in message for part in says), message


@pytest.mark.parametrize("change", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted(change: dict[str, Any]) -> None:
    """Should accept every front matter the README allows, and give its values typed."""
    meta = validate_meta(_meta(change), "docs/example.md")
    assert meta.title == VALID["title"] and isinstance(meta.date, datetime.date)


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("", "the page is empty"),
        ("---\ntitle: [never closed\n---\nText.\n", "front matter is not valid YAML (line 2"),
        ("---\ndate: 2026-02-30\n---\nText.\n", "'date' is 2026-02-30, which is not a calendar date"),
        ("---\ntitle: x\n", "the block opened by '---' on line 1 is never closed"),
    ],
    ids=["empty", "broken YAML", "impossible date", "never closed"],
)
def test_page_level_refusals(source: str, says: str) -> None:
    """Should refuse an empty page and front matter MkDocs would drop without a word."""
    with pytest.raises(PluginError, match=r"docs/example\.md: ") as refused:
        check_page(source, {}, source, "docs/example.md")
    assert says in str(refused.value)


def test_text_below_the_front_matter_is_required() -> None:
    """Should refuse front matter with no article under it."""
    with pytest.raises(PluginError, match="no text below its front matter"):
        check_page("---\n---\n", _meta({}), "\n", "docs/example.md")


def test_the_desks_keys_are_typed() -> None:
    """Should give corrections, old addresses and a withdrawal as typed values, in the front matter's order."""
    corrections = ACCEPTED["corrections on the day of publication and today"]
    meta = validate_meta(_meta({**corrections, **ACCEPTED["old addresses"], **ACCEPTED["a withdrawal"]}), "docs/example.md")
    assert [(c.date, c.text) for c in meta.corrections] == [(c["date"], c["text"]) for c in corrections["corrections"]]
    assert meta.redirect_from == ACCEPTED["old addresses"]["redirect_from"]
    assert meta.withdrawn is not None and meta.withdrawn.notice == ACCEPTED["a withdrawal"]["withdrawn"]["notice"]
    assert validate_meta(_meta({}), "docs/example.md").corrections == []


def test_dates_compare_by_their_day() -> None:
    """Should compare a date and a date-time by their day (the desk's checks, whatever precision `date` takes)."""
    morning = datetime.datetime(2026, 11, 26, 9, 30, tzinfo=datetime.UTC)
    assert day_of(morning) == datetime.date(2026, 11, 26) and day_of(datetime.date(2026, 11, 26)) == datetime.date(2026, 11, 26)
    assert latest(datetime.date(2026, 11, 25), morning, datetime.date(2026, 11, 24)) == morning
    assert latest(datetime.date(2026, 11, 27), morning) == datetime.date(2026, 11, 27)
