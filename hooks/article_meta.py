"""Derive the reading time and the human-readable dates shown under the headline.

Computed here rather than in the template because Zensical renders the same
templates with MiniJinja, which has neither Jinja2's `wordcount` filter nor
Python's date methods; the template shows these values only when they exist.
"""

from __future__ import annotations

import datetime

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def reading_minutes(text: str, words_per_minute: int) -> int:
    """Whole minutes to read `text` at `words_per_minute`, never less than one."""
    return max(1, round(len(text.split()) / words_per_minute))


def date_label(date: datetime.date) -> str:
    """A date as readers write it: 25 November 2026."""
    return f"{date.day} {date:%B %Y}"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Store `reading_time`, `date_label` and `updated_label` in the page's metadata."""
    # The Markdown body is the article alone: the front matter is already stripped.
    page.meta["reading_time"] = reading_minutes(markdown, config.extra["words_per_minute"])
    for key in ("date", "updated"):
        date = page.meta.get(key)
        if isinstance(date, datetime.date):
            page.meta[f"{key}_label"] = date_label(date)
    return markdown
