"""Edit a copy of the project's article the way a maintainer would, whatever today's text is.

The catalogues of bad input and of legitimate edits change a copy of the project
through this, so that no test depends on a word, a date or a count of today's
article: every edit is computed from the article as it stands.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from mkdocs.utils.meta import YAML_RE

from harness.project import lead_article, project_settings
from newsroom import clock
from newsroom.front_matter import ArticleMeta, read_article


class _IndentedDumper(yaml.SafeDumper):
    """Writes a list under its key indented, as the project's files have it."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_key(key: str, value: Any) -> str:
    """A key and its value as YAML lines."""
    return yaml.dump({key: value}, Dumper=_IndentedDumper, allow_unicode=True, width=1000, sort_keys=False)


def key_lines(key: str) -> re.Pattern[str]:
    """A top-level YAML key's own line and every line that continues its value
    (indented, a list item written without indentation, or a blank line within)."""
    return re.compile(rf"^{re.escape(key)}:.*\n(?:[ ]+.*\n|-(?: .*)?\n|\n(?=[ -]))*", re.M)


class ArticleEditor:
    """An article of the copy (by default the newest, the front page's lead): its file, front matter and
    body, and its approved text when the copy has it."""

    def __init__(self, project: Path, markdown: Path | None = None) -> None:
        self.project = project
        lead = lead_article(project)
        self.markdown = markdown or lead.path
        self.fixture = lead.approved_file if markdown is None else None

    def _parts(self) -> tuple[str, str]:
        """The front matter block (with its --- lines) and the body, split as MkDocs splits them."""
        text = self.markdown.read_text(encoding="utf-8")
        match = YAML_RE.match(text)
        assert match, f"{self.markdown}: no front matter block to edit"
        return match.group(0), text[match.end():]

    def front_matter(self) -> ArticleMeta:
        """The front matter, read and validated as the build does."""
        return read_article(self.markdown).meta

    def paragraphs(self) -> list[str]:
        """The article's paragraphs, from the body of its Markdown file."""
        return read_article(self.markdown).paragraphs

    def append_paragraph(self, text: str) -> None:
        """Add a paragraph at the end of the article (and of the fixture, if the copy has it)."""
        self.write(paragraphs=[*self.paragraphs(), text])

    def write(self, front_matter: str | None = None, paragraphs: list[str] | None = None) -> None:
        """Replace the front matter block and/or the paragraphs; the fixture follows the paragraphs."""
        block, body = self._parts()
        if paragraphs is not None:
            body = "\n" + "\n\n".join(paragraphs) + "\n"
            if self.fixture is not None and self.fixture.exists():
                self.fixture.write_text("\n".join(paragraphs), encoding="utf-8")
        self.markdown.write_text((front_matter or block) + body, encoding="utf-8")

    def set_key(self, key: str, value: Any) -> None:
        """Give a front matter key a new value (as YAML), in place of its old lines."""
        self._replace_key(key, dump_key(key, value))

    def set_key_text(self, key: str, text: str) -> None:
        """Give a front matter key the literal YAML text `text` (which may be wrong on purpose)."""
        self._replace_key(key, f"{key}: {text}\n")

    def drop_key(self, key: str) -> None:
        """Remove a front matter key and its lines."""
        self._replace_key(key, "")

    def _replace_key(self, key: str, lines: str) -> None:
        block, _ = self._parts()
        pattern = key_lines(key)
        if pattern.search(block):
            block = pattern.sub(lambda _: lines, block, count=1)
        else:
            block = block[: -len("---\n")] + lines + "---\n"
        self.write(front_matter=block)


def set_config_key(project: Path, key: str, value: Any) -> None:
    """Give a top-level key of the copy's mkdocs.yml a new value, in place of its old lines."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    pattern = key_lines(key)
    assert pattern.search(text), f"{config} has no top-level {key!r}"
    config.write_text(pattern.sub(lambda _: dump_key(key, value), text, count=1), encoding="utf-8")


def set_setting(project: Path, key: str, value: Any) -> None:
    """Give one of the newsroom plugin's settings in the copy's mkdocs.yml a value, adding it if it is not there."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = re.compile(rf"^(\s+){re.escape(key)}:.*$", re.M)
    if line.search(text):
        text = line.sub(lambda found: f"{found.group(1)}{key}: {value}", text, count=1)
    else:
        text = re.sub(r"^(\s+)published:", lambda found: f"{found.group(1)}{key}: {value}\n{found.group(0)}", text,
                      count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")


def today(project: Path) -> datetime.date:
    """The day it is at the build's clock (newsroom.clock, which the suite sets once) in the copy's time zone (the
    plugin's time_zone setting): the latest day an article may be dated and still be published, and a correction
    dated. The machine's own date may already be tomorrow there."""
    return clock.now().astimezone(ZoneInfo(project_settings(project).time_zone)).date()


def words(paragraph: str) -> list[str]:
    """The paragraph's words of five letters or more, which an edit can change unambiguously."""
    return [word for word in re.findall(r"[A-Za-z]{5,}", paragraph)]
