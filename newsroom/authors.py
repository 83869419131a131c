"""The publication's authors, and the byline an article's front matter gives it.

One file lists them (the plugin's `authors` setting, `authors.yml` beside mkdocs.yml),
in the shape of Material's blog `.authors.yml`: a top-level `authors:` mapping, one
key per author with `name`, and optionally `url` (an absolute http(s) address, the
author's page) and `description`; and, to describe them as people (their page on this
site shows it, and its structured data is their schema.org `Person`), `role`, `expertise`,
`location`, `languages`, `email` and `same_as` (`AuthorMeta`). An article names its authors by key in its front
matter (`authors: [jdoe]`); an article without `authors:` has no byline. The byline's
wording ("By Jane Doe and John Roe") is made here, once: the layout prints its parts,
and tests/test_date_line.py pins the wording (the other tests state it in their own words).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.exceptions import PluginError

from newsroom.front_matter import Line, Text


class WebAddress(c.Type[str]):
    """An absolute http(s) address with a host."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(f"is {value!r}, which is not an absolute http(s) address (such as https://example.org/jdoe)")
        return str(value)


class Lines(BaseConfigOption[list[str]]):
    """A list of one-line texts (`expertise`, `languages`): none, or each a line of text."""

    def __init__(self, purpose: str, example: str) -> None:
        super().__init__()
        self.purpose, self.example = purpose, example
        self.default = []

    def run_validation(self, value: object) -> list[str]:
        if not isinstance(value, list):
            raise ValidationError(f"must be a list of text, such as {self.example}, got {type(value).__name__} "
                                  f"{value!r} ({self.purpose})")
        item = Line(self.purpose)
        try:
            return [item.run_validation(entry) for entry in value]
        except ValidationError as error:
            raise ValidationError(f"must be a list of text, such as {self.example}: an entry {error}") from None


# An e-mail address as HTML's <input type="email"> accepts one (the WHATWG's "valid e-mail address"), with a dot in the
# domain and only the characters of its local part a mailto: address carries unencoded (not ?, #, %, &, /, {, |…):
# the readers' mailto: link and the structured data's `email` carry it as written.
EMAIL = re.compile(r"[A-Za-z0-9.'*+=_~!$-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")


class EmailAddress(c.Type[str]):
    """An e-mail address, without `mailto:`."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not EMAIL.fullmatch(value.strip()):
            raise ValidationError(f"is {value!r}, which is not an e-mail address (such as jdoe@example.org, without "
                                  "mailto:)")
        return value.strip()


class WebAddresses(c.ListOfItems[str]):
    """Other pages of the author's own (profiles elsewhere), each an absolute http(s) address."""

    def __init__(self) -> None:
        super().__init__(WebAddress(), default=[])

    def run_validation(self, value: object) -> list[str]:
        if not isinstance(value, list):
            raise ValidationError(f"must be a list of absolute http(s) addresses, such as [https://example.org/jdoe], "
                                  f"got {type(value).__name__} {value!r}")
        return super().run_validation(value)


class AuthorMeta(Config):
    """One author in the authors file."""

    name = Text("the author's name, as the byline shows it")
    url: c.Optional[str] = c.Optional(WebAddress())
    description: c.Optional[str] = c.Optional(Text("a line about the author"))
    # The author as a person: what their page on this site shows and its schema.org Person says (`person`).
    role: c.Optional[str] = c.Optional(Line("their role at the publication, such as Moscow correspondent"))
    expertise = Lines("the subjects they know and cover", "[Russia, the Arctic]")
    location: c.Optional[str] = c.Optional(Line("where they work from, such as Anchorage, Alaska"))
    languages = Lines("the languages they report in", "[English, Russian]")
    email: c.Optional[str] = c.Optional(EmailAddress())
    same_as = WebAddresses()


@dataclass(frozen=True)
class Author:
    """An author as the pages, the structured data and the feed name them."""

    key: str
    name: str
    url: str | None = None
    # A line about the author, which their page on this site shows (newsroom.taxonomy).
    description: str | None = None
    # Their role, subjects, place of work, languages, e-mail address and profiles elsewhere (AuthorMeta).
    role: str | None = None
    expertise: tuple[str, ...] = ()
    location: str | None = None
    languages: tuple[str, ...] = ()
    email: str | None = None
    same_as: tuple[str, ...] = ()


def read_entries(path: Path, root: Path, kind: str, schema: Callable[[], Config], keys: str,
                 shape: str) -> tuple[str, dict[Any, Config]]:
    """The file at `path` as the maintainer names it, and its entries, by key in the file's order, each validated
    against `schema`; none if there is no file. The shape of authors.yml and sections.yml: one mapping named after
    the file (`authors:`, `sections:`) with one entry per `kind` (author, section), each a mapping of `keys`. Refuse
    a file that is not valid, naming it and the entry; `shape` says what an entry must be."""
    where = str(path.relative_to(root) if path.is_relative_to(root) else path)
    if not path.is_file():
        return where, {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PluginError(f"{where}: is not valid YAML ({' '.join(str(error).split())})") from None
    name = f"{kind}s"
    if not isinstance(data, dict) or set(data) != {name} or not isinstance(data[name] or {}, dict):
        raise PluginError(f"{where}: must hold one mapping, '{name}:', with one key per {kind} ({keys})")
    entries: dict[Any, Config] = {}
    for key, fields in (data[name] or {}).items():
        if not isinstance(fields, dict):
            raise PluginError(f"{where}: {kind} {key!r} must be {shape}")
        meta = schema()
        meta.load_dict(fields)
        failed, warnings = meta.validate()
        for option, problem in failed:
            raise PluginError(f"{where}: {kind} {key!r}: '{option}' {problem}")
        for option, _ in warnings:
            raise PluginError(f"{where}: {kind} {key!r} has an unknown key {option!r} (the keys are: {keys})")
        entries[key] = meta
    return where, entries


def read_authors(path: Path, root: Path) -> dict[str, Author]:
    """Every author in the file at `path`, by key; none if there is no file. Refuse a file that is not valid."""
    keys = ", ".join(name for name, _ in AuthorMeta._schema)
    _, entries = read_entries(path, root, "author", AuthorMeta, keys,
                              f"a mapping with 'name' and optionally {keys.removeprefix('name, ')}")
    authors: dict[str, Author] = {}
    for key, meta in entries.items():
        assert isinstance(meta, AuthorMeta)
        authors[str(key)] = Author(str(key), meta.name, meta.url, meta.description, meta.role, tuple(meta.expertise),
                                   meta.location, tuple(meta.languages), meta.email, tuple(meta.same_as))
    return authors


def person(author: Author, page: str, profile: bool = False) -> dict[str, object]:
    """The author as schema.org's `Person`, whose `url` is `page` (theirs on this site): their name, role (`jobTitle`)
    and pages elsewhere (`sameAs`: their `url`, then `same_as`; one address alone, as before there could be more);
    on their own page (`profile`), also what they know about, where they work, their languages and their e-mail."""
    data: dict[str, object] = {"@type": "Person", "name": author.name, "url": page}
    if author.role:
        data["jobTitle"] = author.role
    elsewhere = [address for address in (author.url, *author.same_as) if address]
    if elsewhere:
        data["sameAs"] = elsewhere[0] if len(elsewhere) == 1 else elsewhere
    if not profile:
        return data
    if author.expertise:
        data["knowsAbout"] = list(author.expertise)
    if author.location:
        data["workLocation"] = {"@type": "Place", "name": author.location}
    if author.languages:
        # Named as readers read them: schema.org's Language takes a name where no code is given.
        data["knowsLanguage"] = [{"@type": "Language", "name": language} for language in author.languages]
    if author.email:
        data["email"] = author.email
    return data


@dataclass(frozen=True)
class BylinePart:
    """One part of the byline: a name (linked to its page when it has one), or the words between names."""

    text: str
    url: str | None = None
    author: bool = False


def byline(authors: list[Author]) -> list[BylinePart]:
    """The byline's parts: "By Jane Doe", "By Jane Doe and John Roe", "By A, B and C"; none without authors."""
    if not authors:
        return []
    parts = [BylinePart("By ")]
    for number, author in enumerate(authors):
        if number:
            parts.append(BylinePart(" and " if number == len(authors) - 1 else ", "))
        parts.append(BylinePart(author.name, author.url, author=True))
    return parts


def byline_text(parts: list[BylinePart]) -> str:
    """The byline as a reader reads it."""
    return "".join(part.text for part in parts)
