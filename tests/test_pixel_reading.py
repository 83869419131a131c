"""The pixel check's reading (pixels.py), on text and images made here: what it folds, what it reports (no browser).

The browser half is test_pixels.py; these hold the comparison to its rules on the committed
article's own words, so that a change to the matching cannot quietly stop seeing a paragraph
lost, moved or added, or start failing what OCR cannot tell apart.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from harness.project import lead_article
from pixels import Item, legible, normalise, shot_problems


@pytest.fixture(scope="module")
def items() -> list[Item]:
    article = lead_article()
    return [Item("the headline", article.meta.title), Item("the standfirst", article.meta.description),
            *(Item(f"paragraph {n}", text) for n, text in enumerate(article.paragraphs, 1))]


def _as_read(items: list[Item]) -> str:
    """The items as OCR returns clean text: one per block, lines wrapped, straight quotes, words hyphenated at the margin."""
    blocks = []
    for item in items:
        words = item.text.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-").split()
        lines = [" ".join(words[at:at + 9]) for at in range(0, len(words), 9)]
        blocks.append("\n".join(lines))
    text = "\n\n".join(blocks)
    # A word broken at a line's end, as a browser's hyphenation or OCR's line reading leaves it.
    return text.replace("ing ", "-\ning ", 1) if "ing " in text else text


def test_clean_reading_has_no_problems(items: list[Item]) -> None:
    """Should find nothing wrong in the article read back whole, whatever OCR made of its quotes, dashes and line ends."""
    assert shot_problems(items, [], _as_read(items)) == []


def test_what_ocr_cannot_tell_apart_is_folded() -> None:
    """Should read typographic and straight quotes, dashes, accents, hyphenation and look-alike letters as the same."""
    assert normalise("“Feel-out” — Häggström’s 10 Iines") == normalise('"Feel-\nout" - Haggstrom\'s 1O lines')


def test_a_lost_paragraph_is_named(items: list[Item]) -> None:
    """Should name a paragraph the reader cannot read, with the words missing."""
    problems = shot_problems(items, [], _as_read([item for item in items if item.label != "paragraph 2"]))
    assert problems and all("paragraph 2" in problem for problem in problems), problems
    assert "not read back" in problems[0] and "missing" in problems[0]


def test_a_moved_paragraph_is_named(items: list[Item]) -> None:
    """Should name a paragraph read out of its place."""
    moved = [item for item in items if item.label != "paragraph 1"] + [next(i for i in items if i.label == "paragraph 1")]
    problems = shot_problems(items, [], _as_read(moved))
    assert len(problems) == 1 and "paragraph 1" in problems[0] and "out of order" in problems[0], problems


def test_added_text_is_named_with_where_it_is_read(items: list[Item]) -> None:
    """Should report words read where no part of the article is, after the part they follow."""
    added = [*items[:3], Item("added", "Both leaders have already agreed to a ceasefire."), *items[3:]]
    problems = shot_problems(items, [], _as_read(added))
    assert len(problems) == 1 and "not the article's" in problems[0] and f"after {items[2].label}" in problems[0], problems


def test_the_sites_own_words_are_not_added_text(items: list[Item]) -> None:
    """Should accept the site's own words (labels, a list of articles), however often they are read."""
    own = "Share this article\nCopy link"
    reading = _as_read(items) + "\n\nShare this article\nCopy link\n\nShare this article"
    assert shot_problems(items, [own], reading) == []
    assert shot_problems(items, [], reading), "the site's words were not even read"


def _drawn(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", (120, 40), background)
    ImageDraw.Draw(image).rectangle([20, 10, 100, 30], fill=foreground)
    output = io.BytesIO()
    image.save(output, "PNG")
    return legible(output.getvalue(), [])


@pytest.mark.parametrize(("foreground", "background"), [((0, 0, 0), (255, 255, 255)), ((117, 117, 117), (255, 255, 255)),
                                                        ((226, 228, 243), (30, 33, 41))])
def test_legible_ink_is_kept_black_on_white(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> None:
    """Should keep, as black on white, what stands out from its background as text must (light and dark schemes)."""
    image = _drawn(foreground, background)
    assert image.getpixel((60, 20)) == 0 and image.getpixel((5, 5)) == 255


@pytest.mark.parametrize(("foreground", "background"), [((235, 235, 235), (255, 255, 255)), ((45, 48, 58), (30, 33, 41))])
def test_faint_ink_is_dropped(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> None:
    """Should paint as background what stands out too little to read, so OCR cannot read it however it thresholds."""
    assert _drawn(foreground, background).getpixel((60, 20)) == 255


def test_pictures_are_painted_over() -> None:
    """Should paint the pictures' boxes as background: an image is not text (figures are checked as figures)."""
    image = Image.new("RGB", (120, 40), (255, 255, 255))
    ImageDraw.Draw(image).rectangle([20, 10, 100, 30], fill=(0, 0, 0))
    output = io.BytesIO()
    image.save(output, "PNG")
    assert legible(output.getvalue(), [[10, 5, 110, 35]]).getextrema() == (255, 255)
