"""Derive the reading time and the human-readable date shown under the headline.

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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Store `reading_time` and `date_label` in the page's metadata."""
    # The Markdown body is the article alone: the front matter is already stripped.
    page.meta["reading_time"] = reading_minutes(markdown, int(config.extra["words_per_minute"]))
    date = page.meta.get("date")
    if isinstance(date, datetime.date):
        page.meta["date_label"] = f"{date.day} {date:%B %Y}"
    return markdown
