"""Draw the 1200x630 social preview card from the home page's headline.

Material's social plugin would do this, but it downloads its font from Google
Fonts and needs the Cairo system library; neither is available offline. Pillow
ships a FreeType font of its own, so the card is drawn with no download and no
system library, and (same Pillow, same headline) the PNG is byte-identical on
every build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 80
BACKGROUND = "#1b2a41"  # the site's primary colour (docs/stylesheets/extra.css)
ACCENT = "#e4572e"
TEXT = "#ffffff"
MUTED = "#c9d3e0"

# The home page's headline, captured while pages are read, drawn after the build.
_headline: dict[str, str] = {}


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap: as many words on each line as fit in `width` pixels."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def draw_card(headline: str, site_name: str) -> Image.Image:
    """Return the card: site name, accent rule, then the headline as large as fits."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    draw.text((MARGIN, MARGIN), site_name.upper(), font=ImageFont.load_default(size=30), fill=MUTED)
    draw.rectangle((MARGIN, MARGIN + 56, MARGIN + 120, MARGIN + 64), fill=ACCENT)
    # Largest size at which the headline fits in four lines.
    for size in range(76, 30, -4):
        font = ImageFont.load_default(size=size)
        lines = _wrap(headline, font, width)
        if len(lines) <= 4:
            break
    top = MARGIN + 110
    for number, line in enumerate(lines):
        # A one-pixel stroke in the text colour gives the regular face some weight.
        draw.text((MARGIN, top + number * int(size * 1.25)), line, font=font, fill=TEXT,
                  stroke_width=1, stroke_fill=TEXT)
    return image


def on_pre_build(config: MkDocsConfig) -> None:
    """Forget the previous build's headline (mkdocs serve rebuilds in one process)."""
    _headline.clear()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Remember the home page's headline."""
    if page.is_homepage:
        _headline["title"] = str(page.meta.get("title", ""))
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    """Write the card where overrides/layouts/article.html's og:image points."""
    title = _headline.get("title")
    if not title:
        raise PluginError("hooks/social_card.py: the home page has no headline to draw")
    target = Path(config.site_dir) / config.extra["social_card"]
    target.parent.mkdir(parents=True, exist_ok=True)
    draw_card(title, config.site_name).save(target, optimize=True)
