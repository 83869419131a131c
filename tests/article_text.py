"""The content check: the built page holds the original article, word for word.

Used by test_article.py on the real build and by test_bad_input.py on a copy
whose text was altered, where it must name the paragraph that changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

# A photo in an article's text: a paragraph that is only a Markdown image, its title the caption.
PHOTO_LINE = re.compile(r'!\[(?P<alt>[^\]]*)\]\((?P<src>[^ )]+)(?: "(?P<caption>[^"]*)")?\)')


@dataclass(frozen=True)
class PhotoLine:
    """A photo paragraph of an article: what the reader must get for it."""

    alt: str
    src: str
    caption: str | None


def photo_line(paragraph: str) -> PhotoLine | None:
    """The photo a paragraph is, if it is one."""
    found = PHOTO_LINE.fullmatch(paragraph)
    return PhotoLine(found["alt"], found["src"], found["caption"]) if found else None


def text_paragraphs(paragraphs: list[str]) -> list[str]:
    """The paragraphs that are text, not photos."""
    return [paragraph for paragraph in paragraphs if photo_line(paragraph) is None]


def _first_difference(expected: str, actual: str) -> str:
    """Describe where two strings part, with a little context from each."""
    at = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b), min(len(expected), len(actual)))
    start = max(0, at - 20)
    return f"at character {at + 1}: expected …{expected[start:at + 30]!r}…, found …{actual[start:at + 30]!r}…"


def text_problems(page: BeautifulSoup, paragraphs: list[str]) -> list[str]:
    """Return one message per original paragraph that is not exactly one <p>, in order."""
    texts = [p.get_text() for p in page.find_all("p")]
    problems: list[str] = []
    last = -1
    for number, paragraph in enumerate(paragraphs, 1):
        if photo_line(paragraph):
            continue  # a figure, not a <p>: the figure checks hold it
        where = [i for i, text in enumerate(texts) if text == paragraph]
        if len(where) == 1 and where[0] > last:
            last = where[0]
            continue
        if len(where) > 1:
            problems.append(f"paragraph {number} of the original appears in {len(where)} <p> elements, not one")
        elif where:
            problems.append(f"paragraph {number} of the original is out of order")
        else:
            closest = difflib.get_close_matches(paragraph, texts, n=1, cutoff=0.6)
            detail = _first_difference(paragraph, closest[0]) if closest else "no <p> resembles it"
            problems.append(
                f"paragraph {number} of the original (beginning {paragraph[:40]!r}) does not match the page: {detail}"
            )
    return problems
