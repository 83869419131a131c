"""The content check: the built page holds the original article, word for word.

Used by test_article.py on the real build and by test_bad_input.py on a copy
whose text was altered, where it must name the paragraph that changed.
"""

from __future__ import annotations

import difflib

from bs4 import BeautifulSoup

from newsroom.verify.text import PhotoLine, photo_line, text_paragraphs

# Re-exported: the tests take the photo paragraphs' reading from here, as the publication's gate does.
__all__ = ["PhotoLine", "photo_line", "text_paragraphs", "text_problems"]

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
