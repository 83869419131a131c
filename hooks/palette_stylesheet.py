"""Drop Material's palette stylesheet; docs/stylesheets/extra.css defines our two schemes.

palette.css (12 KB, 2 KB gzip) holds Material's 19 primary and 16 accent colours
and its dark "slate" scheme. With `primary: custom` the site uses none of those
colours, and extra.css maps the slate variables it needs itself, so the link
only costs every reader a render-blocking request. Material emits it from
base.html with a content hash in the name, which no template block can remove
without hard-coding the hash; so it is removed from the rendered page here.
If Material ever stops emitting it, the build fails, so the CSS gets a second look.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

# Quoted as Material writes it, or unquoted after the minify plugin has run.
PALETTE_LINK = re.compile(r'<link rel="?stylesheet"? href="?[^" >]*assets/stylesheets/palette\.[0-9a-f]+\.min\.css"?>\s*')


def _drop_palette_link(html: str, name: str) -> str:
    """Remove the palette stylesheet link, which must appear exactly once."""
    html, found = PALETTE_LINK.subn("", html)
    if found != 1:
        raise PluginError(
            f"hooks/palette_stylesheet.py: expected Material's palette stylesheet link once in {name}, found {found}"
        )
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the link from each Markdown page."""
    return _drop_palette_link(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Drop the link from the theme's HTML templates (the 404 page)."""
    if not template_name.endswith(".html"):
        return output_content
    return _drop_palette_link(output_content, template_name)
