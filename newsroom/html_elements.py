"""Find elements in built HTML by position, to change a page without re-serializing it (for the page pipeline).

Re-serializing a page through a parser would rewrite quoting, entities and white
space all over it; these helpers only locate elements (Python's own HTML parser
reports where each tag starts) so that a step can replace exactly those bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that never have an end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Element:
    """One element: its tag, attributes, and where it starts and ends in the page's text."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int
    # Where its content starts and ends (equal for void elements).
    inner_start: int
    inner_end: int


class _Locator(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", html))]
        self.open: list[tuple[str, dict[str, str], int, int]] = []
        self.found: list[Element] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        after = start + len(self.get_starttag_text() or "")
        values = {name: value or "" for name, value in attrs}
        if tag in VOID:
            self.found.append(Element(tag, values, start, after, after, after))
        else:
            self.open.append((tag, values, start, after))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        after = start + len(self.get_starttag_text() or "")
        self.found.append(Element(tag, {name: value or "" for name, value in attrs}, start, after, after, after))

    def handle_endtag(self, tag: str) -> None:
        position = self._offset()
        end = self.html.index(">", position) + 1
        # Close the innermost open element of that name, and what was left open inside it
        # (a <p> or <li> whose end tag HTML lets a page leave out) where this one ends.
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                name, values, start, inner_start = self.open[depth]
                self.found.append(Element(name, values, start, end, inner_start, position))
                self._close_all(depth + 1, position)
                del self.open[depth:]
                return

    def _close_all(self, depth: int, position: int) -> None:
        """Record the elements open from `depth` on as ending at `position`."""
        for name, values, start, inner_start in self.open[depth:]:
            self.found.append(Element(name, values, start, position, inner_start, position))

    def close(self) -> None:
        super().close()
        self._close_all(0, len(self.html))


def elements(html: str) -> list[Element]:
    """Every element of `html`, in document order; one without an end tag ends where its parent does."""
    locator = _Locator(html)
    locator.feed(html)
    locator.close()
    return sorted(locator.found, key=lambda element: element.start)


def replace(html: str, changes: list[tuple[Element, str]]) -> str:
    """Replace each element's whole text with the string paired with it."""
    for element, text in sorted(changes, key=lambda change: -change[0].start):
        html = html[: element.start] + text + html[element.end :]
    return html
