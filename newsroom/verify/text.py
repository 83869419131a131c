"""An approved text's paragraphs as a reader gets them: text, or a photo whose caption the reader reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
