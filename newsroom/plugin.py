"""The `newsroom` plugin: what this site adds to MkDocs and Material, event by event.

Named under `plugins:` in mkdocs.yml with its settings (`NewsroomConfig`), and
registered as an entry point in pyproject.toml, as Material's blog plugin and
mkdocs-rss-plugin are. Each event below calls the package's steps in the order
they run; every change made to the rendered pages and the written site is in
`newsroom.pipeline`. A build's state is one `BuildState`, made new in `on_config`,
which MkDocs calls for every build, `mkdocs serve` rebuilds included (the plugin
object itself lives as long as the command, because it has `on_startup`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from newsroom import articles, clock, inputs, pipeline, schedule
from newsroom.archive import archive_pages
from newsroom.atomic_build import DEPLOYABLE, Staging
from newsroom.authors import read_authors
from newsroom.config import NewsroomConfig
from newsroom.feed import Entry
from newsroom.figures import FigureExtension, PhotoDesk
from newsroom.pages import SitePage, site_pages
from newsroom.publisher import read_publisher
from newsroom.state import BuildState, PageAddress
from newsroom.strict_when_quiet import allow_dirty_previews, keep_strict_when_quiet
from newsroom.taxonomy import Taxonomy, article_tags, check_sections, read_sections


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory for the process (on_env). Jinja checks each against its source's
    checksum before using it, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


class NewsroomPlugin(BasePlugin[NewsroomConfig]):
    """Articles at their own addresses, a front page, cards, a feed, and every page finished by the pipeline."""

    def __init__(self) -> None:
        self.command = ""
        self.dirty = False
        self.build: BuildState | None = None
        self.staging: Staging | None = None
        # Told the page being rendered, so that its photos are found and refused by the article's name.
        self.figures = FigureExtension()
        # Every article's feed entry as last rendered, kept across the builds of one `mkdocs serve`: with
        # --dirty, an unchanged article is not rendered again, and the feed still needs it.
        self.entries: dict[str, Entry] = {}
        # What each search index section was indexed from, kept across the builds of one `mkdocs serve --dirty`,
        # whose site keeps the sections no save changed.
        self.indexed: dict[str, str] = {}
        # What each listing page (a section's, a tag's, an author's) last showed, kept across the builds of one
        # `mkdocs serve --dirty`: a listing whose articles did not change is not rendered again (newsroom.pages.ListFile).
        self.listings: dict[str, str] = {}

    @property
    def state(self) -> BuildState:
        if self.build is None:
            raise PluginError("newsroom: a page event arrived before on_config")
        return self.build

    @event_priority(100)  # before anything logs, so that --quiet cannot hide strict mode's warnings
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the command; keep strict mode strict under --quiet."""
        self.command, self.dirty = command, dirty
        keep_strict_when_quiet()
        if dirty:
            allow_dirty_previews()

    @event_priority(100)  # first, so that every file of the build goes to the staging folder
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Stage the build, check the inputs, and start a clean state."""
        if self.command in DEPLOYABLE and self.staging is None:
            self.staging = Staging(config, self.dirty)
        inputs.check_site_url(config)
        inputs.check_favicon(config)
        root = articles.project_root(config)
        self.build = BuildState(
            root=root,
            site_url=config.site_url or "",
            site_name=config.site_name,
            settings=self.config,
            with_policy=self.command != "serve",
            dirty=self.dirty,
            # The address bar (theme-color) and the social card take the header's colours from extra.css.
            theme_color=inputs.header_colours(Path(config.docs_dir), config.extra_css),
            photos=PhotoDesk(Path(config.docs_dir), root / self.config.cache_dir / "photos", root),
            now=clock.now(),
        )
        self.figures.desk = self.build.photos
        self.build.feed = self.entries
        if self.dirty:
            self.build.search_sections = self.indexed
            # A copy: what this build renders counts as shown only once it has succeeded (on_post_build).
            self.build.listings = dict(self.listings)
        config.markdown_extensions.append(self.figures)  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Check every file under docs/, read the articles and give each its address, make every page of the site
        (newsroom.pages), then take out what is not published (pipeline steps 1-2)."""
        state = self.state
        inputs.check_docs_files(files, config, state.root)
        state.authors = read_authors(Path(self.config.authors), state.root)
        state.publisher = read_publisher(Path(self.config.publisher), state.root, config.site_name)
        policies = [page.name for page in state.publisher.pages]
        found = articles.read_articles(files, Path(config.docs_dir), state.root, state.authors, state.zone,
                                       self.config.default_type, reserved=policies)
        # Drafts and scheduled articles (newsroom.schedule): checked, then kept out of everything but `mkdocs serve`.
        schedule.check_schedule(found, state.now, self.config.schedule_days_ahead)
        schedule.check_links(found, state.now, state.site_url)
        schedule.check_drafts_unapproved(found, Path(self.config.approved_texts), state.root)
        published = schedule.published_at(found, state.now)
        # A withdrawn article (newsroom.desk) keeps its address, with a notice; no listing has it.
        listed = [article for article in published if not article.withdrawn]
        if not listed:
            raise PluginError(f"{config.docs_dir}: no article is published at {state.now.isoformat(timespec='minutes')} "
                              "(each is a draft, scheduled or withdrawn); the front page needs one")
        shown = {article.src_uri for article in published}
        unpublished = [article for article in found if article.src_uri not in shown]
        if self.command == "serve":
            state.previews = unpublished
        else:
            for article in unpublished:
                files.remove(files.src_uris[article.src_uri])
        state.take_articles(published, archive_pages(listed, self.config.archive_page_articles))
        # A scheduled article may have its approved text before its time (so that the scheduled build needs no one).
        articles.check_addresses_kept([a for a in found if not a.meta.draft], Path(self.config.approved_texts), state.root,
                                      policies)
        articles.place_articles(files, config, state.articles + state.withdrawn + state.previews)
        sections_file = Path(self.config.sections)
        sections = read_sections(sections_file, state.root)
        # Every article's section and tags are checked, a draft's or a withdrawn article's too; the sections, tags and
        # authors pages (newsroom.taxonomy) hold only the articles readers can list.
        check_sections(found, sections, self.config.require_section, sections_file.name)
        for article in found:
            article_tags(article)
        state.taxonomy = Taxonomy.of(listed, sections, state.authors, self.config.require_section, sections_file.name,
                                     Path(self.config.authors).name, withdrawn=state.withdrawn)
        site_pages(files, config, state)
        articles.quiet_front_page_echoes()
        pipeline.keep_photo_originals_out(files, config, state)
        pipeline.drop_unpublished_files(files, config, state)
        pipeline.publish_bundle_without_map(files, config, state)
        return files

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
        """Rebuild under `mkdocs serve` when the publisher's file or one of its pages changes too (mkdocs.yml's `watch`
        names only what every project has: a project may have no publisher file)."""
        state = self.state
        publisher = Path(self.config.publisher)
        if publisher.is_file():
            server.watch(str(publisher))
        for page in state.publisher.pages if state.publisher else ():
            server.watch(str(state.root / page.where))
        return server

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Drop MkDocs' previous and next page of every page: its navigation runs in the files' alphabetical order,
        which means nothing to a reader of articles, and every page would link its neighbours by name
        (`<link rel="next">`), so that publishing or withdrawing an article would change two pages it has nothing to
        do with, and each would have to be verified again (newsroom.gate)."""
        for page in nav.pages:
            page.previous_page = page.next_page = None
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Print every template value as text unless it is marked safe, and give templates the settings they read.

        MkDocs renders with autoescaping off, and Material prints the headline, the
        standfirst, site_name and site_description unescaped in several places: a
        headline with `<script>` would run in every reader's browser, and an ordinary
        one with a quotation mark would end a <meta> attribute early. Only values
        marked safe print as markup: the rendered Markdown (on_page_content), `tojson`
        output and macros.
        """
        env.autoescape = True
        # MkDocs makes a new environment for every build, which compiled every template again: a third of a
        # second of each `mkdocs serve` rebuild. Compiled templates are kept for the process, by name and source.
        env.bytecode_cache = COMPILED_TEMPLATES
        env.globals["newsroom"] = {
            "feed": self.config.feed,
            "og_locale": self.config.og_locale,
            "theme_color": self.state.theme_color,
            # The sections, which every page links under its header (overrides/partials/sections.html).
            "sections": [(section.name, section.address) for section in self.state.taxonomy.sections.values()],
            # The publisher's pages, which every page's footer links, and the publisher as the structured data names it
            # (newsroom.publisher).
            "policies": [(page.kind.label, page.address) for page in self.state.publisher.pages]
            if self.state.publisher else [],
            "publisher": self.state.publisher.data(self.state.site_url) if self.state.publisher else None,
        }
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Let the page set what its layout reads from its front matter (newsroom.pages); tell the figure extension
        whose photos it renders. The front matter was validated when the articles were read (on_files)."""
        self.figures.page, self.figures.files = page, files
        return _site_page(page).read(markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Let the page keep what it needs of its rendered Markdown (an article, its feed entry); mark the Markdown as
        the HTML it is."""
        _site_page(page).rendered(html)
        return Markup(html)

    @event_priority(-100)  # after every other plugin has changed the page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Finish the page in memory before it is written (pipeline steps 3-6)."""
        address = PageAddress(page.file.dest_uri, page.canonical_url or "", search=_site_page(page).runs_search)
        return pipeline.finish_page(output, address, self.state)

    @event_priority(-100)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """Finish the theme's own HTML pages (404.html) as every page is."""
        if not template_name.endswith(".html"):
            return output_content
        address = PageAddress(template_name, self.state.site_url + template_name)
        return pipeline.finish_page(output_content, address, self.state)

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Finish the written site (pipeline steps 7-9); then the staged build may be published."""
        pipeline.finish_site(Path(config.site_dir), config, self.state)
        if self.dirty:
            self.listings = self.state.listings
        if self.staging is not None:
            self.staging.finished = True

    def on_build_error(self, error: Exception) -> None:
        """Note the failure (strict mode's abort on warnings arrives here too)."""
        if self.staging is not None:
            self.staging.failed = True

    def on_shutdown(self) -> None:
        """Publish the staged site if the build succeeded, else discard it (`Staging`)."""
        if self.staging is not None:
            self.staging.close()
            self.staging = None


def _site_page(page: Page) -> SitePage:
    """The page as newsroom.pages made it: every page of this site is one of its kinds."""
    if not isinstance(page, SitePage):
        raise PluginError(f"newsroom: {page.file.src_uri} is not a page the plugin made (newsroom.pages.site_pages)")
    return page
