"""The one schema for an article's front matter, validated in one place.

Modelled on Material's blog plugin, which validates each post's front matter with
MkDocs' own `Config` classes (material/plugins/blog/structure/config.py): the
build validates every article with `ArticleMeta` when it reads them, and the tests read
the article with `read_article`, which splits the file as MkDocs does
(`mkdocs.utils.meta.get_data`) and validates it the same way, so there is one
grammar and one set of rules.

MkDocs on its own treats front matter that is not valid YAML as page text, and
builds an empty page without complaint; both stop the build here, naming the file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

from newsroom.moments import not_earlier
from newsroom.work import SPONSORED, TYPES, Sponsor


class Text(c.Type[str]):
    """Text that must not be blank; `purpose` says what it is for, in messages."""

    def __init__(self, purpose: str) -> None:
        super().__init__(str)
        self.purpose = purpose

    def validate(self, value: object) -> str:
        # Straight to run_validation: MkDocs' own check of a required option would say
        # "Required configuration not provided", not what the key is for.
        return self.run_validation(value)

    def run_validation(self, value: object) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValidationError(f"is missing ({self.purpose})")
        if not isinstance(value, str):
            raise ValidationError(f"must be text, got {type(value).__name__} {value!r} ({self.purpose})")
        return value


class Line(Text):
    """Text of one line, trimmed: a newline in it would be lost where it is shown (a label, a dateline, structured
    data)."""

    def run_validation(self, value: object) -> str:
        if isinstance(value, str) and not value.strip():
            raise ValidationError(f"is empty: give it on one line, or leave the key out ({self.purpose})")
        text = super().run_validation(value).strip()
        if "\n" in text:
            raise ValidationError(f"must be one line, got {text!r} ({self.purpose})")
        return text


class Day(BaseConfigOption[datetime.date]):
    """A front-matter date: a day (YAML `2026-11-25`) or a time with its offset (`2026-11-26T06:00:00-09:00`, which
    YAML reads as an aware datetime; the same text quoted is read here). A time without an offset is refused: it
    would be a different moment in every time zone. What each means is newsroom.moments'; whether it is too far
    ahead is newsroom.schedule's, which knows the build's clock."""

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def run_validation(self, value: object) -> datetime.date:
        if value is None:
            raise ValidationError(f"is missing ({self.purpose})")
        if isinstance(value, str):
            value = _parsed_date(value.strip(), self.purpose)
        if isinstance(value, datetime.datetime):
            if value.utcoffset() is None:
                raise ValidationError(f"{value.isoformat()} has a time without an offset, which is ambiguous: add the "
                                      f"offset, such as {value.isoformat()}-09:00 or {value.isoformat()}Z, or give the "
                                      "day alone (YYYY-MM-DD)")
            return value
        if not isinstance(value, datetime.date):
            raise ValidationError(f"must be a date, got {type(value).__name__} {value!r} ({self.purpose})")
        return value


def _parsed_date(text: str, purpose: str) -> datetime.date:
    """A quoted date: the day (YYYY-MM-DD) or an ISO date-time."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", text):
            return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    raise ValidationError(f"is {text!r}, which is not a date (YYYY-MM-DD) nor a date and time with its offset "
                          f"(2026-11-26T06:00:00-09:00) ({purpose})")


class Flag(BaseConfigOption[bool]):
    """Yes or no, written `true` or `false` (YAML's booleans): `maybe` or `"yes"` is refused."""

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose
        self.default = False

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"is {value!r}, but must be true or false ({self.purpose})")
        return value


class Points(c.ListOfItems[str]):
    """The "At a glance" points: none, or three or four of text."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default=[])

    def run_validation(self, value: object) -> list[str]:
        points = super().run_validation(value)
        if points and not (3 <= len(points) <= 4 and all(point.strip() for point in points)):
            raise ValidationError("must list three or four points of text")
        return points


# An address or a part of one that needs no escaping anywhere: lowercase letters and
# digits in words joined by single hyphens (alaska-summit-2026).
URL_SAFE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Slug(c.Type[str]):
    """The article's address, when it is not its file name: URL-safe (URL_SAFE)."""

    purpose = "the article's address, in place of its file name"

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not URL_SAFE.fullmatch(value):
            raise ValidationError(f"is {value!r}, which is not URL-safe: use lowercase letters, digits and single "
                                  "hyphens, such as 'alaska-summit'")
        return value


@dataclass(frozen=True)
class LeadImage:
    """The article's lead photo, as the front matter's `image` gives it."""

    # The photo's file, relative to the article's (images/summit.jpg for docs/images/summit.jpg).
    src: str
    alt: str
    credit: str
    caption: str | None = None


def _mapping(value: object, keys: dict[str, str], what: str = "") -> dict[str, Any]:
    """`value` as a mapping of none but `keys` (a lead photo's, a sponsor's, a correction's…); `what` names it in the
    message, where the option's own name does not."""
    named = f"{what} " if what else ""
    if not isinstance(value, dict):
        raise ValidationError(f"{named}must be a mapping with {', '.join(keys)}, got {type(value).__name__} {value!r}")
    for key in value:
        if key not in keys:
            raise ValidationError(f"{named}has an unknown key {key!r} (the keys are: {', '.join(keys)})")
    return value


class LeadPhoto(BaseConfigOption[LeadImage]):
    """The lead photo: `src`, `alt` and `credit` required, `caption` optional."""

    KEYS: ClassVar[dict[str, str]] = {
        "src": "the photo's file, relative to the article's, such as images/summit.jpg",
        "alt": "what the photo shows, for readers who cannot see it",
        "credit": "who took the photo or owns it",
        "caption": "optional: the caption under the photo",
    }

    def run_validation(self, value: object) -> LeadImage:
        value = _mapping(value, self.KEYS)
        for key, purpose in self.KEYS.items():
            text = value.get(key)
            if key != "caption" and (text is None or (isinstance(text, str) and not text.strip())):
                raise ValidationError(f"has no {key!r} ({purpose})")
            if text is not None and not (isinstance(text, str) and text.strip()):
                raise ValidationError(f"{key!r} must be text, got {type(text).__name__} {text!r} ({purpose})")
        return LeadImage(value["src"], value["alt"], value["credit"], value.get("caption"))


class WorkKind(c.Type[str]):
    """The type of work (newsroom.work): one of its keys."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        if value not in TYPES:
            raise ValidationError(f"is {value!r}, which is no type of work: use one of {', '.join(TYPES)}")
        return str(value)


class SponsorOption(BaseConfigOption[Sponsor]):
    """Who paid for a sponsored article: a `name`, and optionally their `url` (an absolute http(s) address)."""

    KEYS: ClassVar[dict[str, str]] = {
        "name": "who paid for the article, as readers are told",
        "url": "optional: their own address, an absolute http(s) URL",
    }

    def run_validation(self, value: object) -> Sponsor:
        value = _mapping(value, self.KEYS)
        name = Text(self.KEYS["name"]).run_validation(value.get("name"))
        url = value.get("url")
        if url is not None and not (isinstance(url, str) and re.fullmatch(r"https?://[^\s/]+\S*", url)):
            raise ValidationError(f"'url' is {url!r}, which is not an absolute http(s) address")
        return Sponsor(name.strip(), url)


# The desk's additions (newsroom.desk): corrections printed on the article, the addresses it was published at
# before, and its withdrawal. Each entry is checked here, where the file is named; the dates against `date` below.


@dataclass(frozen=True)
class Correction:
    """One correction, as the front matter's `corrections` lists it: its day and its text (one Markdown paragraph)."""

    date: datetime.date
    text: str


@dataclass(frozen=True)
class Withdrawal:
    """The front matter's `withdrawn`: the day the article was taken down, and the one-line notice in its place."""

    date: datetime.date
    notice: str


def _entry(value: object, keys: dict[str, str], what: str) -> dict[str, object]:
    """A mapping with exactly `keys`, each present and not blank (the dates are checked by `Day`)."""
    value = _mapping(value, keys, what)
    for key, purpose in keys.items():
        if value.get(key) is None or (isinstance(value[key], str) and not value[key].strip()):
            raise ValidationError(f"{what} has no {key!r} ({purpose})")
    return value


class Corrections(BaseConfigOption[list[Correction]]):
    """The article's corrections, in order: each a `date` and a `text` of one paragraph."""

    KEYS: ClassVar[dict[str, str]] = {
        "date": "the day the correction was made, YYYY-MM-DD",
        "text": "what was wrong and what is right, one paragraph of Markdown",
    }

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: object) -> list[Correction]:
        if not isinstance(value, list):
            raise ValidationError(f"must be a list of corrections, each with {', '.join(self.KEYS)}")
        found = []
        for number, item in enumerate(value, 1):
            entry = _entry(item, self.KEYS, f"entry {number}")
            try:
                day = Day(self.KEYS["date"]).run_validation(entry["date"])
                text = Text(self.KEYS["text"]).run_validation(entry["text"])
            except ValidationError as error:
                raise ValidationError(f"entry {number}: {error}") from error
            if re.search(r"\n[ \t]*\n", text.strip()):
                raise ValidationError(f"entry {number}: 'text' has more than one paragraph; a correction is one")
            found.append(Correction(day, text.strip()))
        return found


class Withdrawn(BaseConfigOption[Withdrawal]):
    """The article's withdrawal: its `date` and a one-line `notice`, both required."""

    KEYS: ClassVar[dict[str, str]] = {
        "date": "the day the article was withdrawn, YYYY-MM-DD",
        "notice": "one line saying why, shown in place of the article",
    }

    def run_validation(self, value: object) -> Withdrawal:
        entry = _entry(value, self.KEYS, "the withdrawal")
        day = Day(self.KEYS["date"]).run_validation(entry["date"])
        notice = Text(self.KEYS["notice"]).run_validation(entry["notice"])
        if "\n" in notice.strip():
            raise ValidationError("'notice' must be one line")
        return Withdrawal(day, notice.strip())


class OldAddresses(c.ListOfItems[str]):
    """Addresses the article was published at before (its old file names or slugs), each URL-safe."""

    def __init__(self) -> None:
        super().__init__(Slug(), default=[])

    def run_validation(self, value: object) -> list[str]:
        if isinstance(value, str):
            raise ValidationError(f"must be a list, such as [{value}]")
        return super().run_validation(value)


class ArticleMeta(Config):
    """What an editor adds to an article, beside its text (the README's table of keys)."""

    title = Text("the headline")
    description = Text("the standfirst and meta description")
    date = Day("the publication date: YYYY-MM-DD, or a time with its offset such as 2026-11-26T06:00:00-09:00")
    updated: c.Optional[datetime.date] = c.Optional(Day("the date of the last correction: YYYY-MM-DD, or a time with "
                                                        "its offset"))
    # True keeps the article out of every build's site (mkdocs serve shows it, marked): newsroom.schedule.
    draft = Flag("true keeps the article unpublished (a draft); mkdocs serve shows it")
    glance = Points()
    slug: c.Optional[str] = c.Optional(Slug())
    image: c.Optional[LeadImage] = c.Optional(LeadPhoto())
    # The article's authors, by their keys in the authors file (newsroom.authors): its byline.
    authors = c.ListOfItems(c.Type(str), default=[])
    # The article's section, by its key in the sections file, and its topics as readers write them (newsroom.taxonomy).
    section: c.Optional[str] = c.Optional(Text("the article's section, a key of the sections file"))
    tags = c.ListOfItems(c.Type(str), default=[])
    # Where the story was reported from, printed before its text ("ANCHORAGE, Alaska —") and its structured data's
    # `locationCreated`: the editor's addition, as the date line is, never part of the approved text.
    dateline: c.Optional[str] = c.Optional(Line("the place the story was reported from, on one line, such as "
                                                "ANCHORAGE, Alaska"))
    # Material's own key for hiding parts of its layout.
    hide = c.ListOfItems(c.Type(str), default=[])
    # The type of work (newsroom.work), else the `default_type` setting's; sponsored content names who paid for it.
    type: c.Optional[str] = c.Optional(WorkKind())
    sponsor: c.Optional[Sponsor] = c.Optional(SponsorOption())
    # The desk (newsroom.desk): corrections printed on the article, its old addresses, its withdrawal.
    corrections = Corrections()
    redirect_from = OldAddresses()
    withdrawn: c.Optional[Withdrawal] = c.Optional(Withdrawn())

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        failed, warnings = super().validate()
        if not failed and self.updated is not None and not not_earlier(self.updated, self.date):
            failed.append(("updated", ValidationError(
                f"{self.updated} is earlier than the publication 'date' {self.date}; it is the date of the last correction"
            )))
        if not failed:
            failed += _desk_dates(self)
        if not failed and (self.type == SPONSORED) != (self.sponsor is not None):
            failed.append(("sponsor", ValidationError(
                "is missing: sponsored content names who paid for it (sponsor: {name: …})" if self.type == SPONSORED
                else f"is given for {self.type or 'an article of the default type'}: only `type: {SPONSORED}` has a "
                     "sponsor")))
        return failed, warnings


def _desk_dates(meta: ArticleMeta) -> list[tuple[str, ValidationError]]:
    """Corrections and a withdrawal dated before the article was published: refused, naming the key."""
    early: list[tuple[str, ValidationError]] = []
    for number, correction in enumerate(meta.corrections, 1):
        if not not_earlier(correction.date, meta.date):
            early.append(("corrections", ValidationError(
                f"entry {number}: 'date' {correction.date} is earlier than the publication 'date' {meta.date}")))
    if meta.withdrawn is not None and not not_earlier(meta.withdrawn.date, meta.date):
        early.append(("withdrawn", ValidationError(
            f"'date' {meta.withdrawn.date} is earlier than the publication 'date' {meta.date}")))
    return early


# A front matter's schema: MkDocs' Config classes.
SchemaT = TypeVar("SchemaT", bound=Config)


def validate_meta(meta: Mapping[str, Any], where: str) -> ArticleMeta:
    """An article's front matter checked against its schema; a PluginError naming the file and key otherwise."""
    return validated(meta, where, ArticleMeta)


def validated(meta: Mapping[str, Any], where: str, schema: type[SchemaT]) -> SchemaT:
    """A front matter checked against `schema` (an article's, a publisher's page's: newsroom.publisher); a PluginError
    naming the file and key otherwise."""
    checked = schema()
    checked.load_dict(dict(meta))
    failed, warnings = checked.validate()
    for key, error in failed:
        raise PluginError(f"{where}: front matter '{key}' {error}")
    for key, _ in warnings:
        known = ", ".join(name for name, _ in schema._schema)
        raise PluginError(f"{where}: front matter has an unknown key '{key}' (the keys are: {known})")
    return checked


def yaml_error(markdown: str) -> str | None:
    """The parse error of a leading front matter block, if it has one (MkDocs would drop it silently)."""
    lines = markdown.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "..."))
    except StopIteration:
        return "the block opened by '---' on line 1 is never closed"
    try:
        yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        # +2: the mark counts from 0, and the block starts after the '---' line.
        return f"line {mark.line + 2}: {problem}" if mark else problem
    except ValueError as error:
        # YAML reads 2026-02-30 as a date and Python refuses it: name the line.
        for number, line in enumerate(lines[1:end], 2):
            found = re.match(r"\s*([\w-]+):\s*['\"]?(\d{4}-\d{1,2}-\d{1,2})\b", line)
            if found and not _is_calendar_date(found.group(2)):
                return f"line {number}: '{found.group(1)}' is {found.group(2)}, which is not a calendar date ({error})"
        return str(error)
    return None


def _is_calendar_date(text: str) -> bool:
    try:
        datetime.date(*(int(part) for part in text.split("-")))
    except (TypeError, ValueError):
        return False
    return True


def check_page(source: str, meta: Mapping[str, Any], body: str, where: str) -> ArticleMeta:
    """Validate a page as MkDocs read it: `source` the whole file, `meta` and `body` its two parts."""
    if not meta and not source.strip():
        raise PluginError(f"{where}: the page is empty (expected front matter and the article text)")
    if not meta:
        problem = yaml_error(source)
        if problem:
            raise PluginError(f"{where}: front matter is not valid YAML ({problem})")
    article = validate_meta(meta, where)
    if not body.strip():
        raise PluginError(f"{where}: the page has no text below its front matter")
    return article


@dataclass(frozen=True)
class ArticleFile:
    """An article file as the build reads it: its validated front matter and its Markdown body."""

    meta: ArticleMeta
    body: str

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs (blocks one blank line apart)."""
        return paragraphs_of(self.body)


def paragraphs_of(body: str) -> list[str]:
    """A Markdown body's paragraphs, blocks one blank line apart: what is approved, a line each (none for no text)."""
    return body.strip("\n").split("\n\n") if body.strip() else []


def read_article(path: Path) -> ArticleFile:
    """Read and validate an article file the way the build does."""
    source = path.read_text(encoding="utf-8-sig")
    body, meta = get_data(source)
    return ArticleFile(check_page(source, meta, body, str(path)), body)
