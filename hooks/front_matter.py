"""Refuse a page whose front matter or text is missing or broken.

MkDocs silently treats front matter that is not valid YAML as page text, and
builds an empty page without complaint. Both would publish a broken article,
so this hook stops `mkdocs build` and `mkdocs serve` alike, naming the file.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Keys every page needs, with the type each must have and what it is for.
REQUIRED: dict[str, tuple[type, str]] = {
    "title": (str, "the headline"),
    "description": (str, "the standfirst and meta description"),
    "date": (datetime.date, "the publication date, YYYY-MM-DD"),
}
# How a type is named in a message.
KIND_NAMES = {str: "text", datetime.date: "date", list: "list"}
# Keys a page may have, with the type each must have.
OPTIONAL: dict[str, type] = {"glance": list, "hide": list, "updated": datetime.date}


def _where(page: Page, config: MkDocsConfig) -> str:
    """Name the page's source file as the maintainer sees it, e.g. docs/index.md."""
    root = Path(config.config_file_path or ".").resolve().parent
    source = Path(page.file.abs_src_path or page.file.src_path).resolve()
    return str(source.relative_to(root)) if source.is_relative_to(root) else str(source)


def _yaml_error(markdown: str) -> str | None:
    """Return the parse error of a leading front matter block, if it has one."""
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
        year, month, day = (int(part) for part in text.split("-"))
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _today_somewhere() -> datetime.date:
    """Today's date where it is latest on Earth (UTC+14): no date up to it is in the future anywhere."""
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=14))).date()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Check the front matter keys and types, and that the page has text."""
    where = _where(page, config)
    if not page.meta and not markdown.strip():
        raise PluginError(f"{where}: the page is empty (expected front matter and the article text)")
    if not page.meta:
        problem = _yaml_error(markdown)
        if problem:
            raise PluginError(f"{where}: front matter is not valid YAML ({problem})")
    for key, (kind, purpose) in REQUIRED.items():
        value = page.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise PluginError(f"{where}: front matter has no '{key}' ({purpose})")
        if not isinstance(value, kind):
            raise PluginError(
                f"{where}: front matter '{key}' must be a {KIND_NAMES[kind]}, "
                f"got {type(value).__name__} {value!r} ({purpose})"
            )
    for key, kind in OPTIONAL.items():
        value: Any = page.meta.get(key)
        if value is not None and not isinstance(value, kind):
            raise PluginError(f"{where}: front matter '{key}' must be a {KIND_NAMES[kind]}, got {type(value).__name__} {value!r}")
    # The publication date, and the date of the last correction if there is one.
    for key in ("date", "updated"):
        date = page.meta.get(key)
        if date is None:
            continue
        if isinstance(date, datetime.datetime):
            raise PluginError(f"{where}: front matter '{key}' must be a calendar date without a time (YYYY-MM-DD), got {date}")
        if date > _today_somewhere():
            raise PluginError(
                f"{where}: front matter '{key}' {date} is in the future (it is {_today_somewhere()} at most, anywhere on Earth)"
            )
    updated = page.meta.get("updated")
    if updated is not None and updated < page.meta["date"]:
        raise PluginError(
            f"{where}: front matter 'updated' {updated} is earlier than the publication 'date' {page.meta['date']}; "
            "it is the date of the last correction"
        )
    glance = page.meta.get("glance") or []
    if glance and not (3 <= len(glance) <= 4 and all(isinstance(p, str) and p.strip() for p in glance)):
        raise PluginError(f"{where}: front matter 'glance' must list three or four points of text")
    if not markdown.strip():
        raise PluginError(f"{where}: the page has no text below its front matter")
    return markdown
