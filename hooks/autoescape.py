"""Print every value in the templates as text: turn on Jinja's autoescaping.

MkDocs renders Material's templates with autoescaping off, and Material prints
the headline, the standfirst (meta description), site_name and site_description
unescaped in several places (<title>, the header, <meta> attributes). A headline
with `<script>` would run in every reader's browser, and an ordinary one with a
quotation mark would end a <meta> attribute early. With autoescaping on, every
`{{ value }}` prints `<`, `>`, `&` and quotes as the characters they are; only
values marked safe print as markup: the page's rendered Markdown (marked below),
`tojson` output and macros.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Escape every printed value unless it is marked safe."""
    env.autoescape = True
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Mark the page's rendered Markdown as the HTML it is, so that it is printed as markup."""
    return Markup(html)
