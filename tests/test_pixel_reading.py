"""The pixel check's reading (pixels.py), on text and images made here: what it folds, what it reports (no browser).

The browser half is test_pixels.py; these hold the comparison to its rules on the committed
article's own words, so that a change to the matching cannot quietly stop seeing a paragraph
lost, moved or added, or start failing what OCR cannot tell apart. The word alignment is held
to its thresholds: three words in a row lost, added or out of place fail, two do not, and a
word OCR split, joined or misread is read.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image, ImageDraw

from harness.project import seed_article
from newsroom.verify.pixels import (
    ADDED_WORDS,
    MATCH,
    MISSING_WORDS,
    Item,
    align_words,
    legible,
    normalise,
    read_items,
    shot_problems,
)


@pytest.fixture(scope="module")
def items() -> list[Item]:
    article = seed_article()
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


def test_a_point_that_repeats_a_sentence_is_read_in_its_place(items: list[Item]) -> None:
    """Should read an "At a glance" point that repeats a sentence of the text word for word where it stands, before the
    text, not inside the paragraph that holds the sentence too; and still name it moved when it is."""
    paragraph = next(item for item in items if item.label == "paragraph 1")
    point = Item("'At a glance' point 1", paragraph.text.split(". ")[0] + ".")
    ordered = [*items[:2], point, *items[2:]]
    assert shot_problems(ordered, [], _as_read(ordered)) == []
    moved = [*items, point]
    problems = shot_problems(ordered, [], _as_read(moved))
    assert problems and "'At a glance' point 1" in problems[0] and "out of order" in problems[0], problems


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


@pytest.fixture(scope="module")
def longest(items: list[Item]) -> Item:
    """The committed article's longest paragraph: where a few words lost are the smallest share of it."""
    return max((item for item in items if item.label.startswith("paragraph")), key=lambda item: len(item.text.split()))


def _read_with(items: list[Item], target: Item, change: Callable[[list[str]], list[str]]) -> str:
    """The article read back clean, but for one paragraph whose words (as read, 9 to a line) `change` edits."""
    return _as_read([Item(item.label, " ".join(change(item.text.split()))) if item == target else item for item in items])


def _still_similar(target: Item, reading: str) -> None:
    """The paragraph, changed, still reads back similar enough for MATCH: only the word alignment can see the change."""
    [found] = read_items([target], normalise(reading))
    assert found.score >= MATCH, f"{target.label} is {found.score:.0f}% alike: the similarity alone already fails it"


def test_three_words_lost_in_a_row_fail(items: list[Item], longest: Item) -> None:
    """Should name the paragraph and the words when three of its words in a row are not read, though it is still similar."""
    middle = len(longest.text.split()) // 2
    lost = longest.text.split()[middle:middle + MISSING_WORDS]
    reading = _read_with(items, longest, lambda words: words[:middle] + words[middle + MISSING_WORDS:])
    _still_similar(longest, reading)
    problems = shot_problems(items, [], reading)
    assert len(problems) == 1 and longest.label in problems[0] and "3 words in a row not read" in problems[0], problems
    assert normalise(" ".join(lost)) in problems[0], problems


def test_two_words_lost_in_a_row_pass(items: list[Item], longest: Item) -> None:
    """Should forgive two words in a row not read: OCR drops a short word now and then, never a line."""
    middle = len(longest.text.split()) // 2
    assert shot_problems(items, [], _read_with(items, longest, lambda words: words[:middle] + words[middle + 2:])) == []


@pytest.mark.parametrize("line", ["first", "middle", "last"])
def test_a_lost_line_fails(items: list[Item], longest: Item, line: str) -> None:
    """Should fail the longest paragraph read back without its first, a middle or its last line (9 words to a line)."""
    count = len(longest.text.split())
    at = {"first": 0, "middle": count // 18 * 9, "last": (count - 1) // 9 * 9}[line]
    problems = shot_problems(items, [], _read_with(items, longest, lambda words: words[:at] + words[at + 9:]))
    # A line is a tenth of the paragraph: the similarity may fail it too ("not read back"); either way it is named.
    assert problems and longest.label in problems[0], problems
    assert any(says in problems[0] for says in ("words in a row not read", "not read back")), problems


def test_a_split_a_joined_and_a_misread_word_are_read(items: list[Item], longest: Item) -> None:
    """Should read a word OCR split in two, two words it joined, and words it misread a letter of, in a row, as read."""
    def ocr(words: list[str]) -> list[str]:
        middle = len(words) // 2
        long = max(range(middle), key=lambda n: len(words[n]))
        # Split the longest word of the first half in two, misread the three words after it, join the next two.
        split = [words[long][:2], words[long][2:]]
        misread = [word[:-1] + ("x" if word[-1] != "x" else "y") if len(word) > 3 else word for word in words[long + 1:long + 4]]
        return [*words[:long], *split, *misread, words[long + 4] + words[long + 5], *words[long + 6:]]

    assert shot_problems(items, [], _read_with(items, longest, ocr)) == []
    assert align_words(["in", "anchorage", "the", "us"], ["in", "an", "chorage", "theus"]) == ([True] * 4, [True] * 4)
    assert align_words(["summit", "approaches", "Anchorage"], ["surnmit", "approachcs", "Anchoragc"])[0] == [True] * 3


def test_three_words_added_in_a_row_fail(items: list[Item], longest: Item) -> None:
    """Should name words read inside a paragraph that it does not have, three in a row (two are OCR's to make)."""
    middle = len(longest.text.split()) // 2
    added = "ceasefire already signed".split()[:ADDED_WORDS]
    reading = _read_with(items, longest, lambda words: words[:middle] + added + words[middle:])
    problems = shot_problems(items, [], reading)
    assert len(problems) == 1 and "not the article's is read inside " + longest.label in problems[0], problems
    assert " ".join(added) in problems[0], problems
    assert shot_problems(items, [], _read_with(items, longest, lambda words: words[:middle] + added[:2] + words[middle:])) == []


def test_a_line_read_twice_fails(items: list[Item], longest: Item) -> None:
    """Should fail a paragraph one of whose lines is read twice: the reader reads words the article does not repeat."""
    problems = shot_problems(items, [], _read_with(items, longest, lambda words: words[:18] + words[9:]))
    assert problems and any("not the article's" in problem for problem in problems), problems


def test_reordered_words_are_not_read_in_their_place(items: list[Item], longest: Item) -> None:
    """Should count words read out of their order as not read: two runs of four swapped lose one of them."""
    middle = len(longest.text.split()) // 2
    def swap(words: list[str]) -> list[str]:
        return [*words[:middle], *words[middle + 4:middle + 8], *words[middle:middle + 4], *words[middle + 8:]]

    reading = _read_with(items, longest, swap)
    _still_similar(longest, reading)
    problems = shot_problems(items, [], reading)
    assert problems and any(f"{longest.label} (" in problem and "words in a row not read" in problem
                            for problem in problems), problems


def test_the_sites_own_words_in_capitals_are_not_added_text(items: list[Item]) -> None:
    """Should accept a label of the site's set in capitals by its style, as OCR reads it ("ATA GLANCE")."""
    reading = _as_read(items[:2]) + "\n\nSHARE THIS ARTICLE\n\n" + _as_read(items[2:])
    assert shot_problems(items, ["Share this article"], reading) == []


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
