"""Draw the 1200x630 social preview card from a headline, or refuse.

Material's social plugin would do this, but it downloads its font from Google
Fonts and needs the Cairo system library; neither is available offline. The card
is drawn with Pillow in Noto Sans, which comes from PyPI (fontpkg-noto-sans,
pinned with its hash in uv.lock), so the same commit gives the same PNG on any
machine. Noto Sans covers the Latin, Greek and Cyrillic scripts; a headline or
site name with any other character (Chinese, Japanese, Korean, Arabic, emoji…)
is refused, naming the characters, rather than drawn as empty boxes. A headline
is set as large as fits; a word too long for a line is broken; a headline too
long for the card at the smallest readable size is refused with its length.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from itertools import repeat
from pathlib import Path

import fontpkg_noto_sans
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont
from PIL import __version__ as pillow_version

# The size Open Graph and X ask for; the article layout's og:image:width/height come from here.
SIZE = (1200, 630)
MARGIN = 80
ACCENT = "#e4572e"
TEXT = "#ffffff"
MUTED = "#c9d3e0"
FONT = Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf"
# The headline: as large as fits in the box below the site name, never smaller than MIN_SIZE.
HEADLINE_TOP = MARGIN + 110
HEADLINE_BOX = SIZE[1] - HEADLINE_TOP - MARGIN + 30
LARGEST, MIN_SIZE, STEP = 76, 44, 4
LINE_HEIGHT = 1.25
SITE_NAME_SIZE = 30


@cache
def _font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    """Noto Sans at `size` pixels and `weight` (its axes: weight, then width), laid out the same everywhere."""
    font = ImageFont.truetype(str(FONT), size, layout_engine=ImageFont.Layout.BASIC)
    font.set_variation_by_axes([weight, 100])
    return font


@cache
def _covered() -> frozenset[int]:
    """The code points the font has glyphs for."""
    return frozenset(TTFont(FONT, lazy=True).getBestCmap())


def missing_characters(text: str) -> list[str]:
    """The characters of `text` the font cannot draw, each once, as 'X (U+XXXX NAME)'."""
    missing = dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in _covered())
    return [f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in missing]


def _break_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word too wide for a line, in pieces that fit: broken after one of its own hyphens
    where one fits, else where the line ends, with a hyphen added."""
    pieces: list[str] = []
    while font.getlength(word) > width:
        fits = [i for i in range(1, len(word)) if font.getlength(word[:i] if word[i - 1] == "-" else word[:i] + "-") <= width]
        at_hyphen = [i for i in fits if word[i - 1] == "-"]
        cut = (at_hyphen or fits or [1])[-1]
        pieces.append(word[:cut] if word[cut - 1] == "-" else word[:cut] + "-")
        word = word[cut:]
    return [*pieces, word]


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap: as many words on each line as fit in `width` pixels; long words broken."""
    lines: list[str] = []
    for word in text.split():
        for piece in _break_word(word, font, width):
            if lines and font.getlength(f"{lines[-1]} {piece}") <= width:
                lines[-1] = f"{lines[-1]} {piece}"
            else:
                lines.append(piece)
    return lines


def layout_headline(headline: str) -> tuple[int, list[str]]:
    """The largest size at which the headline fits the card, and its lines; an error if none does."""
    width = SIZE[0] - 2 * MARGIN
    for size in range(LARGEST, MIN_SIZE - 1, -STEP):
        font = _font(size, 700)
        lines = _wrap(headline, font, width)
        # Prefer a size at which no word has to be broken.
        whole_words = all(font.getlength(word) <= width for word in headline.split())
        if len(lines) * size * LINE_HEIGHT <= HEADLINE_BOX and (whole_words or size == MIN_SIZE):
            return size, lines
    most_lines = int(HEADLINE_BOX // (MIN_SIZE * LINE_HEIGHT))
    raise ValueError(
        f"the headline is {len(headline)} characters and does not fit on the social card even at the "
        f"smallest readable size ({MIN_SIZE} px, {most_lines} lines); shorten it "
        f"(about {most_lines * int(width // _font(MIN_SIZE, 700).getlength('n'))} characters fit at most)"
    )


def check_card(headline: str, site_name: str) -> tuple[int, list[str]]:
    """Refuse, saying why, a headline or site name the card cannot show; else the headline's size and lines."""
    for what, text in (("headline", headline), ("site_name", site_name)):
        missing = missing_characters(text)
        if missing:
            raise ValueError(f"the {what} has characters the card's font (Noto Sans) cannot draw: {', '.join(missing)}")
    if _font(SITE_NAME_SIZE, 600).getlength(site_name.upper()) > SIZE[0] - 2 * MARGIN:
        raise ValueError(f"the site_name is too long for one line of the social card ({len(site_name)} characters)")
    return layout_headline(headline)


# Shades of each text colour on the background, for the edges of its letters: the card's palette is the
# background, the site name's shades, the headline's shades and the accent (66 colours).
SHADES = 32


def _shades(colour: str, background: str) -> list[int]:
    """SHADES colours from just off `background` to `colour`, as palette bytes."""
    start, end = ImageColor.getrgb(background)[:3], ImageColor.getrgb(colour)[:3]
    return [round(s + (e - s) * step / SHADES) for step in range(1, SHADES + 1) for s, e in zip(start, end, strict=True)]


def _coverage_to_index(first: int) -> list[int]:
    """A lookup table from a letter's coverage of a pixel (0 to 255) to the index of its shade: none is the background."""
    return [0] + [first + coverage * SHADES // 256 for coverage in range(1, 256)]


def draw_card(headline: str, site_name: str, background: str) -> Image.Image:
    """Return the card: site name, accent rule, then the headline as large as fits, on the header's colour.

    Drawn in palette mode: each text is drawn as coverage into a mask of its own,
    which a lookup table turns into indices of that colour's shades. A card drawn
    in full colour and reduced to 256 colours afterwards (quantize) looks the same
    and took three times as long, which counted once per article: a fresh clone of
    10,000 articles draws 9,000 cards or more.
    """
    size, lines = check_card(headline, site_name)
    name = Image.new("L", SIZE, 0)
    ImageDraw.Draw(name).text((MARGIN, MARGIN), site_name.upper(), font=_font(SITE_NAME_SIZE, 600), fill=255)
    words = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(words)
    for number, line in enumerate(lines):
        draw.text((MARGIN, HEADLINE_TOP + number * int(size * LINE_HEIGHT)), line, font=_font(size, 700), fill=255)
    # The two never overlap: each pixel is the one text's shade, or the background (0).
    card = ImageChops.lighter(name.point(_coverage_to_index(1)), words.point(_coverage_to_index(1 + SHADES)))
    accent = 1 + 2 * SHADES
    ImageDraw.Draw(card).rectangle((MARGIN, MARGIN + 56, MARGIN + 120, MARGIN + 64), fill=accent)
    card.putpalette([*ImageColor.getrgb(background)[:3], *_shades(MUTED, background), *_shades(TEXT, background),
                     *ImageColor.getrgb(ACCENT)[:3]])
    return card


def png(image: Image.Image) -> bytes:
    """The card as the PNG file the site publishes (the same bytes on every machine), about 22 KB.

    zlib's level 3, not Pillow's default 6: 2 ms a card instead of 6, for 20% more bytes, which only
    link previews fetch.
    """
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


@cache
def _drawing_version() -> str:
    """What else a card depends on: this file, the font and Pillow."""
    code, font = (hashlib.sha256(path.read_bytes()).hexdigest() for path in (Path(__file__), FONT))
    return f"{code} {font} {pillow_version}"


def card_file(headline: str, site_name: str, background: str, cache: Path) -> Path:
    """Where the card for a headline is kept in `cache` (.cache/social-cards/), whether or not it is drawn yet.

    Drawing and compressing a card takes about 7 ms, which over thousands of
    articles would be much of every build and of every `mkdocs serve` rebuild. A
    card is a pure function of its inputs and of this file, the font and Pillow,
    so the cache key covers all of them and a stale card cannot be served.
    """
    key = json.dumps([headline, site_name, background, _drawing_version()])
    return cache / f"{hashlib.sha256(key.encode()).hexdigest()}.png"


def _draw_into(headline: str, site_name: str, background: str, path: Path) -> None:
    """Draw one card into its file in the cache, whole or not at all."""
    data = png(draw_card(headline, site_name, background))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


# From this many cards to draw, a process per core draws them (a fresh clone of a large publication);
# fewer are drawn here, where starting the processes would cost more than it saves.
DRAW_IN_PARALLEL_FROM = 32


def card_files(headlines: dict[str, str], site_name: str, background: str, cache: Path) -> dict[str, Path]:
    """The cached card of each headline, by name, drawing those not cached yet."""
    files = {name: card_file(headline, site_name, background, cache) for name, headline in headlines.items()}
    missing = {files[name]: headline for name, headline in headlines.items() if not files[name].is_file()}
    if len(missing) >= DRAW_IN_PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        # Spawned, not forked: `mkdocs serve` runs threads, which a fork would copy mid-flight.
        with ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_draw_into, missing.values(), repeat(site_name), repeat(background), missing.keys(),
                          chunksize=64))
    else:
        for path, headline in missing.items():
            _draw_into(headline, site_name, background, path)
    return files
