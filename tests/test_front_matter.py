"""The front matter schema (`ArticleMeta`), case by case: what it accepts and what it refuses, saying why."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from newsroom.front_matter import check_page, validate_meta

# Any day: the schema checks the form of dates; whether one is too far ahead is newsroom.schedule's (the clock's).
TODAY = datetime.date(2026, 11, 25)
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
    "a date that is text": ({"date": "soon"}, ("'date' is 'soon', which is not a date",)),
    "a date that is a number": ({"date": 20261125}, ("'date' must be a date", "got int")),
    "a time without an offset": ({"date": datetime.datetime(2026, 1, 1, 10, 30)},
                                 ("'date' 2026-01-01T10:30:00 has a time without an offset, which is ambiguous",)),
    "a quoted time without an offset": ({"date": "2026-01-01T10:30"}, ("'date'", "has a time without an offset")),
    "a correction's time without an offset": ({"updated": "2026-11-20 08:00:00"}, ("'updated'", "without an offset")),
    "a correction before publication": ({"updated": TODAY - 20 * DAY}, ("'updated'", "is earlier than the publication 'date'")),
    "a correction an hour before publication": (
        {"date": datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC),
         "updated": datetime.datetime(2026, 11, 25, 8, 0, tzinfo=datetime.UTC)},
        ("'updated'", "is earlier than the publication 'date'")),
    "a correction that is not a date": ({"updated": "recently"}, ("'updated' is 'recently', which is not a date",)),
    "a draft that may be one": ({"draft": "maybe"}, ("'draft' is 'maybe', but must be true or false",)),
    "a draft given as text": ({"draft": "yes"}, ("'draft'", "must be true or false")),
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
    # The dateline: one line of text, the place.
    "a dateline of two lines": ({"dateline": "ANCHORAGE,\nAlaska"}, ("'dateline' must be one line", "the place")),
    "a blank dateline": ({"dateline": " "}, ("'dateline' is empty",)),
    "a dateline that is a number": ({"dateline": 1867}, ("'dateline' must be text", "got int")),
    "a dateline that is a list": ({"dateline": ["ANCHORAGE", "Alaska"]}, ("'dateline' must be text", "got list")),
}

ACCEPTED: dict[str, dict[str, Any]] = {
    "as it is": {},
    "no points at all": {"glance": None},
    "four points": {"glance": ["1.", "2.", "3.", "4."]},
    "a correction the same day": {"updated": TODAY - 10 * DAY},
    "published today": {"date": TODAY},
    "a date in the future (scheduled)": {"date": TODAY + 2 * DAY},
    "a time with its offset": {"date": datetime.datetime(2026, 11, 26, 6, 0,
                                                         tzinfo=datetime.timezone(-9 * datetime.timedelta(hours=1)))},
    "a quoted time with its offset": {"date": "2026-11-26T06:00:00-09:00"},
    "a quoted time in UTC": {"date": "2026-11-26T15:00:00Z"},
    "a quoted day": {"date": "2026-11-26"},
    "a correction later the same day, with a time": {"updated": datetime.datetime(2026, 11, 15, 18, 0, tzinfo=datetime.UTC)},
    "a draft": {"draft": True},
    "not a draft": {"draft": False},
    "Material's hide key": {"hide": ["navigation"]},
    "corrections on the day of publication and today": {"corrections": [
        {"date": TODAY - 10 * DAY, "text": "A *name* was [misspelt](https://example.org/)."},
        {"date": TODAY, "text": "A date was wrong.\nIt is right now."}]},
    "old addresses": {"redirect_from": ["old-name", "older-name-2"]},
    "a withdrawal": {"withdrawn": {"date": TODAY, "notice": "Withdrawn at the request of a court."}},
    "a dateline": {"dateline": "ANCHORAGE, Alaska"},
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
    assert meta.title == VALID["title"] and isinstance(meta.date, datetime.date) and isinstance(meta.draft, bool)
    assert not isinstance(meta.date, datetime.datetime) or meta.date.utcoffset() is not None


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


def test_the_dateline_is_the_place_as_written() -> None:
    """Should give the dateline's place as the editor wrote it, trimmed, and none without the key."""
    place = ACCEPTED["a dateline"]["dateline"]
    assert validate_meta(_meta({"dateline": f"  {place} "}), "docs/example.md").dateline == place
    assert validate_meta(_meta({}), "docs/example.md").dateline is None
