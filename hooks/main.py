"""The one hook mkdocs.yml names: what this site adds to MkDocs and Material, event by event.

Each MkDocs event below calls the project's steps in the order they run; the steps
live in the modules of this package (hooks/__init__.py lists them), and every
change made to the rendered pages and the written site is in hooks/pipeline.py.
A build's state is one `BuildState` (hooks/state.py), made new in `on_config`,
which MkDocs calls for every build, `mkdocs serve` rebuilds included.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# MkDocs loads this file by its path, with only its own folder importable; the
# project's root must be, for the package's `hooks.…` imports.
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks import articles, inputs, pipeline, social_card
from hooks.atomic_build import DEPLOYABLE, Staging
from hooks.feed import Entry
from hooks.state import BuildState, PageAddress
from hooks.strict_when_quiet import keep_strict_when_quiet


@dataclass
class _Session:
    """The command this process runs, and the state of its current build."""

    command: str = ""
    dirty: bool = False
    build: BuildState | None = None
    staging: Staging | None = None

    @property
    def state(self) -> BuildState:
        if self.build is None:
            raise PluginError("hooks/main.py: a page event arrived before on_config")
        return self.build


_session = _Session()


@event_priority(100)  # before anything logs, so that --quiet cannot hide strict mode's warnings
def on_startup(command: str, dirty: bool) -> None:
    """Remember the command; keep strict mode strict under --quiet (hooks/strict_when_quiet.py)."""
    _session.command, _session.dirty = command, dirty
    keep_strict_when_quiet()


@event_priority(100)  # first, so that every file of the build goes to the staging folder
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Stage the build, check the inputs, and start a clean state."""
    if _session.command in DEPLOYABLE and _session.staging is None:
        _session.staging = Staging(config, _session.dirty)
    inputs.check_site_url(config)
    inputs.check_extra(config)
    root = Path(config.config_file_path or ".").resolve().parent
    # The address bar (theme-color) and the social card take the header's colours from extra.css.
    config.extra["theme_color"] = inputs.header_colours(Path(config.docs_dir), config.extra_css)
    _session.build = BuildState(
        root=root,
        site_url=config.site_url or "",
        with_policy=_session.command != "serve",
        reduce_stylesheets=config.extra["stylesheet_reduction"],
    )
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Check every file under docs/, read the articles and give each its address and the
    front page (hooks/articles.py), then take out what is not published (pipeline steps 1-2)."""
    state = _session.state
    inputs.check_docs_files(files, config, state.root)
    state.take_articles(articles.read_articles(files, Path(config.docs_dir), state.root))
    articles.check_addresses_kept(state.articles, state.root)
    articles.place_articles(files, config, state.articles)
    articles.quiet_front_page_echoes()
    pipeline.drop_unpublished_files(files, config, _session.state)
    pipeline.publish_bundle_without_map(files, config, _session.state)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Print every template value as text unless it is marked safe.

    MkDocs renders with autoescaping off, and Material prints the headline, the
    standfirst, site_name and site_description unescaped in several places: a
    headline with `<script>` would run in every reader's browser, and an ordinary
    one with a quotation mark would end a <meta> attribute early. Only values
    marked safe print as markup: the rendered Markdown (on_page_content), `tojson`
    output and macros.
    """
    env.autoescape = True
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give the page its article's derived values (date lines, reading time, last change) and draw its card.

    The front matter was validated when the articles were read (on_files); the
    front page renders the newest article, whose card it shares.
    """
    state = _session.state
    article = state.article(page.file.src_uri)
    meta = article.meta
    # Derived here rather than in the template: Zensical renders the same templates with
    # MiniJinja, which has neither Jinja2's `wordcount` nor Python's date methods.
    page.meta["reading_time"] = max(1, round(len(markdown.split()) / config.extra["words_per_minute"]))
    for key, date in (("date", meta.date), ("updated", meta.updated)):
        if date is not None:
            page.meta[f"{key}_label"] = articles.date_label(date)
    # The sitemap's <lastmod> (overrides/sitemap.xml): the front page changes with any article.
    page.meta["lastmod"] = str(max(a.last_modified for a in state.articles) if page.is_homepage else article.last_modified)
    if not page.is_homepage:
        try:
            background = config.extra["theme_color"]["light"]
            state.cards[article.name] = social_card.card_png(meta.title, config.site_name, background,
                                                             state.root / ".cache" / "social-cards")
        except ValueError as error:
            raise PluginError(f"{'mkdocs.yml' if 'site_name' in str(error) else article.where}: {error}") from error
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep each article for the feed; mark the rendered Markdown as the HTML it is."""
    if not page.is_homepage:
        meta = _session.state.article(page.file.src_uri).meta
        _session.state.feed[page.file.src_uri] = Entry(
            title=meta.title, summary=meta.description, content=str(html), url=page.canonical_url or "",
            published=meta.date, updated=meta.updated or meta.date,
        )
    return Markup(html)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """Give the layout what it cannot read off the page (overrides/layouts/article.html):

    - `article_url`: the article's own address, which the sharing block and the
      printed address give (on the front page, the newest article's);
    - `card_url`, `card_size`: its social card;
    - `front`: on the front page, every article, newest first, for the list under the lead.
    """
    state = _session.state
    article = state.article(page.file.src_uri)
    context["article_url"] = state.site_url + article.address
    context["card_url"] = f"{state.site_url}{config.extra['social_cards']}{article.name}.png"
    context["card_size"] = social_card.SIZE
    if page.is_homepage:
        context["front"] = [
            {"title": a.meta.title, "description": a.meta.description, "date": str(a.meta.date),
             "date_label": articles.date_label(a.meta.date), "address": a.address}
            for a in state.articles
        ]
    return context


@event_priority(-100)  # after every other plugin has changed the page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Finish the page in memory before it is written (pipeline steps 3-6)."""
    state = _session.state
    return pipeline.finish_page(output, PageAddress(page.file.dest_uri, page.canonical_url or ""), state)


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Finish the theme's own HTML pages (404.html) as every page is."""
    if not template_name.endswith(".html"):
        return output_content
    address = PageAddress(template_name, _session.state.site_url + template_name)
    return pipeline.finish_page(output_content, address, _session.state)


@event_priority(-100)  # after every other plugin has written its files
def on_post_build(config: MkDocsConfig) -> None:
    """Finish the written site (pipeline steps 7-9); then the staged build may be published."""
    pipeline.finish_site(Path(config.site_dir), config, _session.state)
    if _session.staging is not None:
        _session.staging.finished = True


def on_build_error(error: Exception) -> None:
    """Note the failure (strict mode's abort on warnings arrives here too)."""
    if _session.staging is not None:
        _session.staging.failed = True


def on_shutdown() -> None:
    """Publish the staged site if the build succeeded, else discard it (hooks/atomic_build.py)."""
    if _session.staging is not None:
        _session.staging.close()
        _session.staging = None
