"""What a reader sees of the article, read back from the pixels the browser paints (Tesseract OCR).

The DOM check (reader_view.py) is exact, but it can only look for the ways of
hiding text it knows. A reader reads pixels, so this check does too: it opens
each page in every layout a reader can get, does what readers do (scroll to the
end, switch tabs, wait), screenshots the whole article after each, keeps only
the pixels that stand out from the page's background as legible text must, and
reads them with Tesseract. Then it compares what it read, in order, with what
the article is: each paragraph, the headline, standfirst, byline, date line, the
lead photo's caption and each "At a glance" point. Faint, tiny, blurred,
mirrored, covered, clipped or moved text fails because OCR cannot read it where
it should be, not because a rule names the trick.

Each part is compared as a whole (similar enough) and word by word: OCR misreads
letters and splits or joins words, but never loses three words in a row, so a
single line of a long paragraph hidden, which leaves it similar enough, still fails.

All pages and layouts of one call are open side by side: the ten-second wait is
paid once, and Tesseract reads screenshots (each distinct image once) on every
core while the browser takes the next ones.
"""

from __future__ import annotations

import base64
import difflib
import functools
import hashlib
import io
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import pytesseract
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, ViewportSize
from rapidfuzz import fuzz, process

from newsroom.verify.browser import system_browser
from newsroom.verify.dom import OWN_PARTS, PARTS, Expected, Shown, page_problems, page_view, reader_problems, reader_view
from newsroom.verify.text import photo_line

# One Tesseract thread per process: the pool below runs one process per core.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class Layout:
    """One way a reader gets the page: a window, a scheme, and the reader's settings."""

    width: int
    height: int
    scheme: Literal["light", "dark"] = "light"
    # Device pixels per CSS pixel: phones draw text with two or three.
    scale: float = 1
    print_media: bool = False
    reduced_motion: bool = False


# The phone's and the desktop's windows, in CSS pixels.
VIEWPORTS: dict[str, ViewportSize] = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1440, "height": 900}}
PHONE, DESKTOP = VIEWPORTS["phone"], VIEWPORTS["desktop"]

# Every layout a reader can get: phone and desktop in both schemes, a very wide screen, paper,
# reduced motion, and a 1280-pixel window zoomed to 200% (as browsers zoom: half as many CSS
# pixels across, each drawn with twice the device pixels).
LAYOUTS: dict[str, Layout] = {
    "phone, light": Layout(PHONE["width"], PHONE["height"], scheme="light", scale=2),
    "phone, dark": Layout(PHONE["width"], PHONE["height"], scheme="dark", scale=2),
    "desktop, light": Layout(DESKTOP["width"], DESKTOP["height"], scheme="light"),
    "desktop, dark": Layout(DESKTOP["width"], DESKTOP["height"], scheme="dark"),
    "wide screen (1920 px)": Layout(1920, 1080, "light"),
    "print": Layout(794, 1123, "light", print_media=True),
    "reduced motion": Layout(DESKTOP["width"], DESKTOP["height"], scheme="dark", reduced_motion=True),
    "200% zoom": Layout(640, 400, "light", scale=2),
}
# What the reader has done when each screenshot is taken, in the order they do it.
MOMENTS = ("at load", "after scrolling to the end", "after a tab switch", "after 10 seconds")
SETTLE_SECONDS = 10.5

# A paragraph is read back when at least this share of its letters is where it should be. Clean
# text reads back at 99-100 in every layout (the worst: print, at 99); a paragraph with a line
# covered or clipped falls far below, and one changed word is the DOM check's to find.
MATCH = 90
# Legible text stands out from its background by at least this contrast ratio (WCAG's minimum
# for large text). Pixels that do not are painted as background before Tesseract sees them, so
# faint text is not read however clever Tesseract's own thresholding is.
MIN_CONTRAST = 3.0
# A run of this many words read where no part of the article is, or read inside a part that does not have
# them: text a reader sees that is not the article's.
ADDED_WORDS = 3
# A run of this many of a part's words in a row not read where they should be: a line lost (hidden, covered,
# clipped) or moved. OCR misreads letters and splits or joins words, which the word alignment below reads as
# read; it does not drop a line's worth of words in a row, so a paragraph still similar enough for MATCH fails.
MISSING_WORDS = 3
# Two words are one word read when this share of their letters agree (rapidfuzz's ratio): OCR's misreadings.
WORD_ALIKE = 70
# A word OCR split in two, or two it joined, when this share of the letters agree.
JOINED_ALIKE = 85
# A part read back too unlike for MATCH is there, damaged, when at least this share of its words is read in place.
READ_SHARE = 0.5
# The words read either side of where a part is found that its word alignment looks at: two lines of the widest.
REACH = 24
# Text that stands out from its background by no more than this is not there for a reader.
FAINT = 1.5
# How far past the item before an item is looked for first, in characters read beyond its own length: a label or
# two between two parts, then a few lines.
NEAR = (40, 120, 400)
# A block of a page of fewer words than this is a label, held to its text by the DOM check alone.
SHORT_BLOCK = 3
# Pixels of ink two screenshots of a page may differ by and still read the same (`same_ink`).
STRAY_INK = 24

# Hide from the page's scripts that the tab is visible, tell them it is not, then that it is again:
# what a reader switching to another tab and back causes (headless Chromium never hides a tab itself).
TAB_SWITCH = """async () => {
  const flip = state => {
    Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => state});
    Object.defineProperty(document, 'hidden', {configurable: true, get: () => state === 'hidden'});
    document.dispatchEvent(new Event('visibilitychange'));
  };
  flip('hidden');
  window.dispatchEvent(new Event('blur'));
  await new Promise(done => setTimeout(done, 200));
  flip('visible');
  window.dispatchEvent(new Event('focus'));
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""

SCROLL_TO_END = """async () => {
  // As a reader does: down the page a screen at a time, so that whatever watches the scroll sees each part.
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight * 0.8) {
    scrollTo(0, y);
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  scrollTo(0, document.documentElement.scrollHeight);
  await new Promise(done => setTimeout(done, 300));
}"""

# Where the article is on the page, where its pictures are (not text, and checked as figures),
# the order its parts come in, and the site's own words in it (labels, the list of articles).
ARTICLE_BOX = """([parts, ownParts]) => {
  const article = document.querySelector('article');
  const page = document.documentElement;
  const box = article ? article.getBoundingClientRect() : null;
  const clip = box && box.width > 0 && box.height > 0
    ? {x: box.left + scrollX, y: box.top + scrollY, width: box.width, height: box.height}
    : {x: 0, y: 0, width: page.scrollWidth, height: page.scrollHeight};
  const pictures = [...document.querySelectorAll('img, svg, video, canvas, picture')]
    .map(el => el.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0)
    .map(r => [r.left + scrollX - clip.x, r.top + scrollY - clip.y, r.right + scrollX - clip.x, r.bottom + scrollY - clip.y]);
  const found = Object.entries(parts).map(([name, selector]) => [name, document.querySelector(selector)]).filter(([, el]) => el);
  found.sort(([, a], [, b]) => a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  const order = found.map(([name]) => name);
  const own = found.filter(([name]) => ownParts.includes(name)).map(([, el]) => el.innerText);
  const heading = document.querySelector(parts['at a glance'] + ' :is(h2, h3, p, strong)');
  if (heading) own.push(heading.innerText);
  // The desk's labels (newsroom.desk): the flag under the date line, the corrections' heading and links; the
  // masthead's heading (overrides/layouts/policy.html).
  for (const el of document.querySelectorAll('.article-correction-notice, .article-corrections h2, '
                                             + '.article-corrections__all, .article-withdrawn p:last-child, .masthead h2'))
    own.push(el.innerText);
  return {clip, pictures, order, own};
}"""


@dataclass(frozen=True)
class Visit:
    """A page to read, in one layout, and what it must read as."""

    name: str
    url: str
    layout: str
    # An article's page is held to its approved text and front matter; any other page to its own HTML.
    expected: Expected | Shown
    # A script to run in the page before its own (a catalogue attack, tests/pixel_attacks.py).
    damage: str | None = None


@dataclass(frozen=True)
class Item:
    """One thing the reader must read, in order: a paragraph, the headline, a point…"""

    label: str
    text: str


@dataclass
class Shot:
    """One screenshot of the article and what was read from it."""

    layout: str
    moment: str
    path: Path
    items: list[Item]
    own: list[str]
    text: Future[str]
    # What the exact DOM check (reader_view.py) finds at the same moment: one changed word, which OCR's
    # fuzziness lets pass, is its to see, and a script can change one long after load.
    dom: list[str]

    def check(self) -> ShotCheck:
        """What the reader of this screenshot misses, reads out of order or reads that is not the article."""
        return check_shot(tuple(self.items), tuple(self.own), self.text.result())


@dataclass(frozen=True)
class ItemReading:
    """How well one item of the article was read back from one screenshot."""

    item: Item
    score: float
    start: int
    end: int


@dataclass
class PageReading:
    """Every screenshot of one page, in every layout asked for, and what each read back."""

    name: str
    shots: list[Shot] = field(default_factory=list)

    def problems(self) -> list[str]:
        """One message per item of the article not read back, read out of order, or text read that is not the article's."""
        messages: list[str] = []
        for shot in self.shots:
            messages += [f"{self.name}, {shot.layout}, {shot.moment}: {problem} (screenshot: {shot.path})"
                         for problem in shot.check().problems]
            messages += [f"{self.name}, {shot.layout}, {shot.moment}, in the page's text: {problem}" for problem in shot.dom]
        return messages

    def runs(self) -> dict[str, dict[str, int]]:
        """The longest run of the article's words in a row not read in place, and of words read in a row that are
        not the article's, by layout: how far a reading is from MISSING_WORDS and ADDED_WORDS."""
        runs: dict[str, dict[str, int]] = {}
        for shot in self.shots:
            check = shot.check()
            longest = runs.setdefault(shot.layout, {"missing": 0, "added": 0})
            longest["missing"] = max(longest["missing"], check.longest_missing)
            longest["added"] = max(longest["added"], check.longest_added)
        return runs

    def worst(self) -> dict[str, float]:
        """The lowest score any item of the article read back with, by layout."""
        worst: dict[str, float] = {}
        for shot in self.shots:
            readings = read_items(shot.items, normalise(shot.text.result()))
            lowest = min((reading.score for reading in readings), default=100.0)
            worst[shot.layout] = min(worst.get(shot.layout, 100.0), lowest)
        return worst


def expected_items(expected: Expected, order: list[str]) -> list[Item]:
    """What the reader must read, in the order the page's parts come in (their order in the document)."""
    by_part: dict[str, list[Item]] = {
        "headline": [Item("the headline", expected.headline)],
        "byline": [Item("the byline", expected.byline)] if expected.byline else [],
        "standfirst": [Item("the standfirst", expected.standfirst)] if expected.standfirst is not None else [],
        "date line": [Item("the date line", expected.date_line)],
        "lead photo": [Item("the lead photo's caption", expected.lead_photo)] if expected.lead_photo else [],
        "at a glance": [Item(f"'At a glance' point {n}", point) for n, point in enumerate(expected.glance, 1)],
        # The dateline opens the article body (its first element, run into paragraph 1's first line): read before it.
        "article body": [Item("the dateline", expected.dateline)] if expected.dateline else [],
        # The desk's notes (newsroom.desk), read as the reader reads them.
        "corrections": [Item(f"correction {n}", text) for n, text in enumerate(expected.corrections, 1)],
        "withdrawal notice": [Item("the withdrawal notice", expected.withdrawn)] if expected.withdrawn else [],
        "masthead": [Item(f"the masthead's person {n}", person) for n, person in enumerate(expected.people, 1)],
    }
    for number, paragraph in enumerate(expected.paragraphs, 1):
        photo = photo_line(paragraph)
        if photo is None:
            by_part["article body"].append(Item(f"paragraph {number}", paragraph))
        elif photo.caption:
            by_part["article body"].append(Item(f"paragraph {number} (a photo's caption)", photo.caption))
    # A part the page does not have is the DOM check's to report; it is still read for, after the others.
    names = [*order, *(name for name in by_part if name not in order)]
    return [item for name in names for item in by_part.get(name, [])]


# Characters OCR cannot tell apart, and the line-break hyphenation it cannot undo, all dropped:
# words are compared by their letters and digits.
DASHES = re.compile(r"[\u002d\u00ad\u2010-\u2015\u2212]")
# A word broken across lines (the browser's hyphenation, or a hyphenated word at a line's end): one word again.
LINE_BREAK_HYPHEN = re.compile(r"[\u002d\u00ad\u2010\u2011]\s*\n\s*")
NOT_WORD = re.compile(r"[^\w]+")


# Letters a sans-serif face draws (nearly) alike, which OCR confuses in small type: each read as the first.
LOOK_ALIKE = str.maketrans({"0": "O", "I": "l"})


def normalise(text: str) -> str:
    """Letters and digits in words separated by single spaces: quotes, dashes, hyphenation, accents
    (a few pixels in small type) and look-alike letters dropped or folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(character for character in text if not unicodedata.combining(character))
    text = DASHES.sub("", LINE_BREAK_HYPHEN.sub("", text)).translate(LOOK_ALIKE)
    return " ".join(NOT_WORD.sub(" ", text).split())


def _folded(text: str) -> str:
    """Normalised text in lower case, i and l (which `normalise` makes of a capital I) as one."""
    return text.lower().replace("i", "l")


def read_items(items: list[Item], read: str) -> list[ItemReading]:
    """Where in the text read back each item's words are best found, and how closely: after the item before it, where
    it is read there (an "At a glance" point may repeat a sentence of the text word for word, and is then read in its
    own place, not in the paragraph's), else anywhere (an item out of order is found where it is, and named)."""
    readings = []
    after = 0
    for item in items:
        wanted = normalise(item.text)
        # Nearest first: just after the item before (a label or two may stand between), a little further, then anywhere
        # after it (rapidfuzz returns one of several equally good places, not the first).
        ahead = None
        for end in (*(after + len(wanted) + slack for slack in NEAR), len(read)):
            ahead = fuzz.partial_ratio_alignment(wanted, read[after:end]) if wanted else None
            if ahead is not None and ahead.score >= MATCH:
                break
        if ahead is not None and ahead.score >= MATCH:
            readings.append(ItemReading(item, ahead.score, after + ahead.dest_start, after + ahead.dest_end))
            after += ahead.dest_end
            continue
        found = fuzz.partial_ratio_alignment(wanted, read) if wanted else None
        if found is None:
            readings.append(ItemReading(item, 0.0, 0, 0))
        else:
            readings.append(ItemReading(item, found.score, found.dest_start, found.dest_end))
    return readings


def _in_order(positions: list[int]) -> set[int]:
    """The indices of the longest run of positions that rises (the items read in their order)."""
    best: list[list[int]] = []
    for index, position in enumerate(positions):
        earlier = [run for run in best if positions[run[-1]] < position]
        longest = max(earlier, key=len) if earlier else []
        best.append([*longest, index])
    if not best:
        return set()
    run: list[int] = max(best, key=len)
    return set(run)


def _word_changes(wanted: str, read: str) -> str:
    """The words of an item missing from, and added to, the text read where it should be."""
    want, got = wanted.split(), read.split()
    missing, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            missing += want[i1:i2]
        if tag in ("insert", "replace"):
            added += got[j1:j2]
    said = []
    if missing:
        said.append(f"missing {_clip(' '.join(missing))!r}")
    if added:
        said.append(f"read instead {_clip(' '.join(added))!r}")
    return "; ".join(said)


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class WordAlignment:
    """One part's words aligned, word by word, with the words read around where it is found."""

    # For each of the part's words, whether it is read in its place.
    wanted: list[bool]
    # The words read from the first of the part's words read in place to the last, and whether each is one of them.
    region: list[tuple[str, bool]]
    # Where that stretch is in the text read (characters); both 0 when none of the part's words is read.
    start: int
    end: int


# The alignment's moves, for its traceback.
_MISSING, _ADDED, _READ, _SPLIT, _JOINED = range(5)


def _alike(wanted: list[str], read: list[str], cutoff: float = WORD_ALIKE) -> dict[tuple[str, str], int]:
    """Each pair of a wanted word and a read word OCR can have made of it: 2 for the word read as written, 1 for
    one it misread (`cutoff` of its letters alike). rapidfuzz compares each word with every read word at once."""
    alike: dict[tuple[str, str], int] = {}
    choices = sorted(set(read))
    for word in set(wanted):
        for found, _, _ in process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            alike[word, found] = 2 if found == word else 1
    return alike


def align_words(wanted: list[str], read: list[str]) -> tuple[list[bool], list[bool]]:
    """Which of a part's words are read in their place, and which words read are the part's: a word-level
    Needleman–Wunsch alignment, the part global, the text read free at both ends (it holds the neighbours too).

    Scores: a word read as written 2, misread 1 (`_alike`); a word of the part not read -1, a word read that the
    part does not have -1. OCR splitting a word in two ("An chorage") or joining two ("theUS") is a move of its
    own, scored as the words read. The alignment keeps the part's order, so words read out of place are not read.
    """
    wanted = [word.lower() for word in wanted]
    read = [word.lower() for word in read]
    rows, columns = len(wanted), len(read)
    # Every pair the alignment may call one word read: one to one, a word split in two, two words joined. A split
    # or a join is of two parts of two letters or more, and alike as JOINED_ALIKE: otherwise a word next to a
    # lost one would take it in ("occur Meeting" as "Meeting"), and a lost line would shrink by a word at each end.
    splits = [read[j - 1] + read[j] if min(len(read[j - 1]), len(read[j])) > 1 else "" for j in range(1, columns)]
    joins = [wanted[i - 1] + wanted[i] if min(len(wanted[i - 1]), len(wanted[i])) > 1 else "" for i in range(1, rows)]
    alike = _alike(wanted, read) | _alike(wanted, splits, JOINED_ALIKE) | _alike(joins, read, JOINED_ALIKE)
    # score[i][j]: the best alignment of the part's first i words ending at read word j; the read words before
    # the part's first are free (score[0][j] = 0), each of the part's words left unread costs one.
    score = [[0] * (columns + 1) for _ in range(rows + 1)]
    move = [[_ADDED] * (columns + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        score[i][0], move[i][0] = -i, _MISSING
        word = wanted[i - 1]
        for j in range(1, columns + 1):
            best, how = score[i - 1][j] - 1, _MISSING
            if score[i][j - 1] - 1 > best:
                best, how = score[i][j - 1] - 1, _ADDED
            same = alike.get((word, read[j - 1]))
            if same and score[i - 1][j - 1] + same > best:
                best, how = score[i - 1][j - 1] + same, _READ
            # Split: this word read as two.
            same = j > 1 and alike.get((word, splits[j - 2]))
            if same and score[i - 1][j - 2] + same > best:
                best, how = score[i - 1][j - 2] + same, _SPLIT
            # Joined: this word and the one before read as one (two words read).
            same = i > 1 and alike.get((joins[i - 2], read[j - 1]))
            if same and score[i - 2][j - 1] + 2 * same > best:
                best, how = score[i - 2][j - 1] + 2 * same, _JOINED
            score[i][j], move[i][j] = best, how
    # The read words after the part's last are free too: end where the part scores best.
    j = max(range(columns + 1), key=lambda column: score[rows][column])
    i = rows
    wanted_read, read_wanted = [False] * rows, [False] * columns
    while i > 0 and j > 0:
        how = move[i][j]
        if how == _MISSING:
            i -= 1
        elif how == _ADDED:
            j -= 1
        elif how == _READ:
            i, j = i - 1, j - 1
            wanted_read[i] = read_wanted[j] = True
        elif how == _SPLIT:
            i, j = i - 1, j - 2
            wanted_read[i] = read_wanted[j] = read_wanted[j + 1] = True
        else:
            i, j = i - 2, j - 1
            wanted_read[i] = wanted_read[i + 1] = read_wanted[j] = True
    return wanted_read, read_wanted


def _runs(flags: list[bool]) -> list[list[int]]:
    """The runs of indices in a row whose flag is False."""
    runs: list[list[int]] = [[]]
    for index, flag in enumerate(flags):
        if flag:
            runs.append([])
        else:
            runs[-1].append(index)
    return [run for run in runs if run]


def _added_runs(words: list[str], flags: list[bool]) -> list[list[int]]:
    """The runs of words read in a row whose flag is False, of words of two or more characters: OCR reads specks,
    rules and bullets as one character, which neither count as a word added nor join two runs into one."""
    return _runs([flag or len(word) < 2 for word, flag in zip(words, flags, strict=True)])


def read_words(item: Item, read: str, reading: ItemReading) -> WordAlignment:
    """The item's words aligned with the words read around where it is best found (`read_items`), and REACH
    words either side: the place found is as long as the item, so a line it lost or gained does not fall outside."""
    wanted = normalise(item.text).split()
    found = list(re.finditer(r"\S+", read))
    first = next((n for n, word in enumerate(found) if word.end() > reading.start), len(found))
    last = next((n for n, word in enumerate(found) if word.start() >= reading.end), len(found))
    window = found[max(0, first - REACH):last + REACH]
    wanted_read, read_wanted = align_words(wanted, [word.group() for word in window])
    matched = [n for n, flag in enumerate(read_wanted) if flag]
    if not matched:
        return WordAlignment(wanted_read, [], 0, 0)
    region = [(window[n].group(), read_wanted[n]) for n in range(matched[0], matched[-1] + 1)]
    return WordAlignment(wanted_read, region, window[matched[0]].start(), window[matched[-1]].end())


@dataclass(frozen=True)
class ShotCheck:
    """What a reader of one screenshot misses, reads out of order, or reads that is not the article; and the
    longest runs of words in a row lost and added, to show how far from failing a clean reading is."""

    problems: list[str]
    longest_missing: int
    longest_added: int


def shot_problems(items: list[Item], own: list[str], text: str) -> list[str]:
    """What a reader of this screenshot misses, reads out of order, or reads that is not the article."""
    return check_shot(tuple(items), tuple(own), text).problems


@functools.lru_cache(maxsize=512)
def check_shot(items: tuple[Item, ...], own: tuple[str, ...], text: str) -> ShotCheck:
    """Check one screenshot's text (once per distinct text: a page that does not change reads the same)."""
    read = normalise(text)
    readings = read_items(list(items), read)
    problems = []
    for reading in readings:
        if reading.score < MATCH:
            wanted = normalise(reading.item.text)
            nearest = read[reading.start:reading.end]
            problems.append(f"{reading.item.label} ({_clip(reading.item.text, 50)!r}) is not read back "
                            f"({reading.score:.0f}% alike at best): {_word_changes(wanted, nearest)}")
    found = [reading for reading in readings if reading.score >= MATCH]
    kept = _in_order([reading.start for reading in found])
    for index, reading in enumerate(found):
        if index not in kept:
            before = next((found[k].item.label for k in range(index - 1, -1, -1) if k in kept), None)
            after = [r.item.label for r in found if r.start < reading.start and r is not reading]
            problems.append(f"{reading.item.label} ({_clip(reading.item.text, 50)!r}) is read out of order: "
                            f"it should follow {before or 'nothing'}, and is read after {after[-1] if after else 'nothing'}")
    # Each part, word by word: a line of it lost, or a line added inside it, is MISSING_WORDS or ADDED_WORDS in a
    # row, which a similarity over the whole paragraph forgives (or not: 87% for one line lost, 92% for another).
    # A part read too unlike to be read back is still there, damaged, when most of its words are read in place:
    # its runs say what is lost, and its words read are not text added.
    longest_missing = longest_added = 0
    spans: list[tuple[int, int]] = []
    ends: list[tuple[int, str]] = []
    for reading in readings:
        aligned = read_words(reading.item, read, reading)
        if reading.score < MATCH and sum(aligned.wanted) < READ_SHARE * len(aligned.wanted):
            continue
        spans.append((aligned.start, aligned.end))
        ends.append((aligned.end, reading.item.label))
        part = normalise(reading.item.text).split()
        missing = [[part[n] for n in run] for run in _runs(aligned.wanted)]
        region = [word for word, _ in aligned.region]
        added = [[region[n] for n in run] for run in _added_runs(region, [flag for _, flag in aligned.region])]
        longest_missing = max([longest_missing, *map(len, missing)])
        longest_added = max([longest_added, *map(len, added)])
        problems += [f"{reading.item.label} ({_clip(reading.item.text, 50)!r}) has {len(run)} words in a row not read "
                     f"in their place: {_clip(' '.join(run))!r}" for run in missing if len(run) >= MISSING_WORDS]
        problems += [f"text that is not the article's is read inside {reading.item.label}: {_clip(' '.join(run))!r}"
                     for run in added if len(run) >= ADDED_WORDS]
    # Text read outside every part, where none of the article is, nor the site's own words: added.
    covered = bytearray(len(read))
    # The site's own words in any case: a label set in capitals by its style ("AT A GLANCE") is the label
    # (and a capital I, read as l by `normalise`, is an i).
    folded = _folded(read) if len(_folded(read)) == len(read) else read
    for words in own:
        for line in filter(None, (_folded(normalise(line)) for line in words.splitlines())):
            # Every place the line is read: a list of articles may show the same words twice.
            rest = folded
            while (match := fuzz.partial_ratio_alignment(line, rest)) is not None and match.score >= MATCH:
                spans.append((match.dest_start, match.dest_end))
                rest = rest[:match.dest_start] + " " * (match.dest_end - match.dest_start) + rest[match.dest_end:]
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    outside = list(re.finditer(r"\S+", read))
    for run in _added_runs([word.group() for word in outside], [any(covered[word.start():word.end()]) for word in outside]):
        longest_added = max(longest_added, len(run))
        if len(run) >= ADDED_WORDS:
            at = outside[run[0]].start()
            where = max(((end, label) for end, label in ends if end <= at), default=None)
            problems.append(f"text that is not the article's is read {f'after {where[1]}' if where else 'first'}: "
                            f"{_clip(' '.join(outside[n].group() for n in run))!r}")
    return ShotCheck(problems, longest_missing, longest_added)


def _spread(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The ink and every pixel beside it (its eight neighbours)."""
    spread = ink.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            spread[max(dy, 0):ink.shape[0] + min(dy, 0), max(dx, 0):ink.shape[1] + min(dx, 0)] |= \
                ink[max(-dy, 0):ink.shape[0] + min(-dy, 0), max(-dx, 0):ink.shape[1] + min(-dx, 0)]
    return spread


def same_ink(first: npt.NDArray[np.bool_], second: npt.NDArray[np.bool_]) -> bool:
    """Whether two legible images (`legible`, ink True) of the same size have their ink in the same places: every
    pixel of ink in each within a pixel of ink in the other, but for at most STRAY_INK pixels. A page in the light
    scheme and the dark differs only in how the edges of its letters are smoothed (0 to 20 pixels so); a word lost,
    covered or changed leaves about 200, a letter 30 or more. Such images read the same, and are read once."""
    # Dark letters on light are drawn with about a tenth more pixels of ink than light on dark: only a far larger
    # difference tells at once that two images differ.
    if first.shape != second.shape or abs(int(first.sum()) - int(second.sum())) > first.sum() // 3 + STRAY_INK:
        return False
    stray = int((first & ~_spread(second)).sum()) + int((second & ~_spread(first)).sum())
    return stray <= STRAY_INK


def legible(png: bytes, pictures: list[list[float]]) -> Image.Image:
    """The screenshot as black text on white: only pixels that stand out from the background as text must.

    The background is the screenshot's commonest colour; pictures are painted over with it.
    """
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours: list[tuple[int, tuple[int, int, int]]] = image.getcolors(image.width * image.height) or [(1, (255, 255, 255))]  # type: ignore[assignment]
    background = max(colours)[1]
    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in pictures:
        draw.rectangle([left, top, right, bottom], fill=background)
    grey = image.convert("L")
    base = _luminance(Image.new("RGB", (1, 1), background).convert("L").getpixel((0, 0)))  # type: ignore[arg-type]
    return grey.point([_ink(_luminance(value), base) for value in range(256)])


def _ink(luminance: float, background: float) -> int:
    """A grey level for Tesseract: black where a pixel stands out from the background as legible text does
    (MIN_CONTRAST), white where it is too faint to read (FAINT), shades between for the edges of letters."""
    lighter, darker = max(luminance, background), min(luminance, background)
    contrast = (lighter + 0.05) / (darker + 0.05)
    share = (contrast - FAINT) / (MIN_CONTRAST - FAINT)
    return round(255 * (1 - min(1.0, max(0.0, share))))


def _luminance(value: int) -> float:
    """The relative luminance (WCAG) of a grey level."""
    channel = value / 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


class PixelReader:
    """Opens pages in layouts side by side, screenshots each at each moment, and reads them on every core."""

    def __init__(self, browser: Browser, shots: Path, serve: Callable[[BrowserContext, Visit], None] | None = None,
                 ) -> None:
        self.browser = browser
        self.shots = shots
        # Called with each page's browser context before the page loads: how the gate serves the built site at its
        # own address (newsroom.gate); the tests' pages are on a loopback server already.
        self.serve = serve
        self.pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        # One reading per distinct image: a page that does not change is read once however often it is shot.
        self.read: dict[str, Future[str]] = {}
        # Where each image read so far has its ink, and its reading: an image whose ink lies where another's does is
        # not read again (`same_ink`).
        self.inked: list[tuple[npt.NDArray[np.bool_], Future[str]]] = []

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _read(self, png: bytes, pictures: list[list[float]]) -> Future[str]:
        """What Tesseract reads in the legible pixels of one screenshot, read on a core of its own; or the reading of an
        earlier image whose ink lies in the same places (the same page in the other scheme, most often), not read
        again."""
        image = legible(png, pictures)
        ink = np.asarray(image) < 128
        twin = next((reading for other, reading in self.inked if same_ink(other, ink)), None)
        if twin is not None:
            return twin
        # psm 4: one column of text of varying sizes, read top to bottom as the reader does.
        reading = self.pool.submit(lambda: str(pytesseract.image_to_string(image, lang="eng", config="--psm 4")))
        self.inked.append((ink, reading))
        return reading

    def _shoot(self, page: Page, cdp: CDPSession, visit: Visit, moment: str) -> Shot:
        page.evaluate("scrollTo(0, 0)")
        box = page.evaluate(ARTICLE_BOX, [PARTS, list(OWN_PARTS)])
        # The DevTools protocol's own capture: the whole article beyond the window, as fast as it can be
        # encoded (a third of the time Playwright's screenshot takes); still PNG, so every pixel is kept.
        # One pixel per CSS pixel whatever the screen's density (the layout is the density's, media queries
        # included): text that reads at this resolution reads on a sharper screen, so the check is the stricter.
        capture = cdp.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                      "optimizeForSpeed": True, "clip": {**box["clip"], "scale": 1}})
        png = base64.b64decode(capture["data"])
        slug = re.sub(r"[^a-z0-9]+", "-", f"{visit.name} {visit.layout} {moment}".lower()).strip("-")
        path = self.shots / f"{slug}.png"
        path.write_bytes(png)
        key = hashlib.sha256(png).hexdigest() + json.dumps(box["pictures"])
        if key not in self.read:
            self.read[key] = self._read(png, box["pictures"])
        if isinstance(visit.expected, Shown):
            # A block of a word or two is a label ("Topic", "Newer articles"): OCR misreads single short words, so the
            # DOM check alone holds it to its text, and its words read are the page's own.
            blocks = visit.expected.blocks
            items = [Item(label, text) for label, text in blocks if len(text.split()) >= SHORT_BLOCK]
            own = [*box["own"], *visit.expected.own, *(text for _, text in blocks if len(text.split()) < SHORT_BLOCK)]
            return Shot(visit.layout, moment, path, items, own, self.read[key], page_problems(page_view(page), visit.expected))
        return Shot(visit.layout, moment, path, expected_items(visit.expected, box["order"]), box["own"], self.read[key],
                    reader_problems(reader_view(page), visit.expected))

    def read_pages(self, visits: list[Visit], wait: bool = True) -> list[PageReading]:
        """Read each page in its layout, all side by side; without `wait`, return once every screenshot is taken, while
        Tesseract still reads them (a reading's problems wait for it), so that the next pages load meanwhile."""
        readings = [PageReading(visit.name) for visit in visits]
        with ExitStack() as stack:
            opened: list[Page] = []
            for visit in visits:
                settings = LAYOUTS[visit.layout]
                context = self.browser.new_context(
                    viewport={"width": settings.width, "height": settings.height}, device_scale_factor=settings.scale,
                    color_scheme=settings.scheme, reduced_motion="reduce" if settings.reduced_motion else "no-preference",
                    # A catalogue attack arrives as a style or script the page did not ship: it must still apply.
                    bypass_csp=visit.damage is not None,
                )
                stack.callback(context.close)
                if self.serve is not None:
                    self.serve(context, visit)
                page = context.new_page()
                if settings.print_media:
                    page.emulate_media(media="print")
                if visit.damage is not None:
                    page.add_init_script(visit.damage)
                # Every page starts loading before the first is waited for: the browser loads them side by side.
                response = page.goto(visit.url, wait_until="commit")
                assert response is not None and response.ok, f"{visit.url} answered {response.status if response else 'nothing'}"
                opened.append(page)
            pages: list[tuple[Page, CDPSession, float]] = []
            for page in opened:
                page.wait_for_load_state("load")
                page.evaluate("document.fonts.ready.then(() => 0)")
                pages.append((page, page.context.new_cdp_session(page), time.monotonic()))
            for moment in MOMENTS:
                # What the reader does before this moment, done in every page at once (each started, then each
                # awaited): one page's scrolling does not wait for another's.
                action = {"after scrolling to the end": SCROLL_TO_END, "after a tab switch": TAB_SWITCH}.get(moment)
                if action is not None:
                    for page, _, _ in pages:
                        page.evaluate(f"() => {{ window[Symbol.for('newsroom reader')] = ({action})(); }}")
                    for page, _, _ in pages:
                        page.evaluate("() => window[Symbol.for('newsroom reader')]")
                for (page, cdp, loaded), reading, visit in zip(pages, readings, visits, strict=True):
                    if moment == "after 10 seconds":
                        time.sleep(max(0.0, loaded + SETTLE_SECONDS - time.monotonic()))
                        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
                    reading.shots.append(self._shoot(page, cdp, visit, moment))
        for reading in readings if wait else []:
            for shot in reading.shots:
                shot.text.result()
        return readings


def run(job: Path, results: Path) -> None:
    """Read every visit of a job file (JSON) and write what each reader missed, and the worst score by layout."""
    spec = json.loads(job.read_text(encoding="utf-8"))
    visits = [Visit(**{**visit, "expected": _expected(visit["expected"])}) for visit in spec["visits"]]
    started = time.monotonic()
    with system_browser() as browser:
        reader = PixelReader(browser, Path(spec["shots"]))
        try:
            readings = reader.read_pages(visits)
        finally:
            reader.close()
    read = time.monotonic()
    checked = [{"name": visit.name, "layout": visit.layout, "problems": reading.problems(), "worst": reading.worst(),
                "runs": reading.runs()} for visit, reading in zip(visits, readings, strict=True)]
    # What Tesseract read, beside each screenshot: to see why a check failed, or how near a clean one came.
    for reading in readings:
        for shot in reading.shots:
            shot.path.with_suffix(".txt").write_text(shot.text.result(), encoding="utf-8")
    results.write_text(json.dumps({
        "seconds": round(read - started, 1),
        "check seconds": round(time.monotonic() - read, 1),
        "images": len(reader.read),
        "visits": checked,
    }, indent=1), encoding="utf-8")


def _expected(data: dict[str, object]) -> Expected | Shown:
    """What a visit of a job file must read, as `job_file` wrote it."""
    if "blocks" in data:
        return Shown([(label, text) for label, text in data["blocks"]], list(data["own"]))  # type: ignore[attr-defined, call-overload]
    return Expected(**data)  # type: ignore[arg-type]


def job_file(visits: list[Visit], shots: Path) -> str:
    """The job file `run` reads."""
    return json.dumps({"shots": str(shots), "visits": [asdict(visit) for visit in visits]})


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
