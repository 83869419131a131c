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

from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from newsroom import articles, inputs, pipeline, social_card
from newsroom.archive import archive_pages, years
from newsroom.atomic_build import DEPLOYABLE, Staging
from newsroom.authors import byline, read_authors
from newsroom.config import NewsroomConfig
from newsroom.date_line import date_label, date_line, reading_minutes
from newsroom.feed import Entry, absolute_addresses
from newsroom.figures import PHOTO_FOLDER, FigureExtension, PhotoDesk, figure, figure_html, photo_folder
from newsroom.photos import SHARE_CROP
from newsroom.search import SCRIPT as SEARCH_SCRIPT
from newsroom.search import SEARCH_PAGE
from newsroom.state import BuildState, PageAddress
from newsroom.strict_when_quiet import allow_dirty_previews, keep_strict_when_quiet

# The layouts (overrides/layouts/): each kind of page is rendered by its own.
FRONT_LAYOUT = "layouts/front.html"
ARCHIVE_LAYOUT = "layouts/archive.html"
SEARCH_LAYOUT = "layouts/search.html"


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


def _listing(article: articles.Article) -> dict[str, str]:
    """An article as the front page and the archive list it: headline, standfirst, date, address."""
    return {"title": article.meta.title, "description": article.meta.description, "date": str(article.meta.date),
            "date_label": date_label(article.meta.date), "address": article.address}


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
            settings=self.config,
            with_policy=self.command != "serve",
            dirty=self.dirty,
            # The address bar (theme-color) and the social card take the header's colours from extra.css.
            theme_color=inputs.header_colours(Path(config.docs_dir), config.extra_css),
            photos=PhotoDesk(Path(config.docs_dir), root / self.config.cache_dir / "photos", root),
        )
        self.figures.desk = self.build.photos
        self.build.feed = self.entries
        if self.dirty:
            self.build.search_sections = self.indexed
        config.markdown_extensions.append(self.figures)  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Check every file under docs/, read the articles and give each its address and the
        front page, then take out what is not published (pipeline steps 1-2)."""
        state = self.state
        inputs.check_docs_files(files, config, state.root)
        state.authors = read_authors(Path(self.config.authors), state.root)
        found = articles.read_articles(files, Path(config.docs_dir), state.root, state.authors)
        state.take_articles(found, archive_pages(found, self.config.archive_page_articles))
        articles.check_addresses_kept(state.articles, Path(self.config.published), state.root)
        articles.place_articles(files, config, state.articles)
        for page in state.archive:
            files.append(File.generated(config, page.src_uri, content=""))
        files.append(File.generated(config, SEARCH_PAGE, content=""))
        articles.quiet_front_page_echoes()
        pipeline.keep_photo_originals_out(files, config, state)
        pipeline.drop_unpublished_files(files, config, state)
        pipeline.publish_bundle_without_map(files, config, state)
        return files

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
        }
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give the page its article's date line and last change, and draw its card.

        The front matter was validated when the articles were read (on_files); the
        front page renders the newest article, whose card it shares.
        """
        state = self.state
        archived = state.archive_page(page.file.src_uri)
        if archived is not None:
            page.meta["title"] = f"Archive: {archived.label}"
            page.meta["lastmod"] = str(archived.last_modified)
            return markdown
        if page.file.src_uri == SEARCH_PAGE:
            page.meta["title"] = "Search"
            page.meta["lastmod"] = str(max(a.last_modified for a in state.articles))
            return markdown
        article = state.article(page.file.src_uri)
        meta = article.meta
        self.figures.page, self.figures.files = page, files
        lead = state.lead_photo(article)
        # Derived here rather than in the template: Zensical renders the same templates with
        # MiniJinja, which has neither Jinja2's `wordcount` nor Python's date methods.
        minutes = reading_minutes(len(markdown.split()), self.config.words_per_minute)
        page.meta["date_line"] = date_line(meta.date, meta.updated, minutes)
        page.meta["date_label"] = date_label(meta.date)
        # The sitemap's <lastmod> (overrides/sitemap.xml): the front page changes with any article.
        page.meta["lastmod"] = str(max(a.last_modified for a in state.articles) if page.is_homepage else article.last_modified)
        if not page.is_homepage and lead is None:
            try:
                # Checked now, to refuse a headline the card cannot show with the article's name; drawn with
                # every other card once the pages are written (pipeline.write_social_cards). A card in the cache
                # passed this check when it was drawn (its key covers headline, site name and drawing code):
                # checking again cost a tenth of a build with every card cached.
                if not social_card.card_file(meta.title, config.site_name, state.theme_color["light"],
                                             state.card_cache).is_file():
                    social_card.check_card(meta.title, config.site_name)
                state.cards[article.name] = meta.title
            except ValueError as error:
                raise PluginError(f"{'mkdocs.yml' if 'site_name' in str(error) else article.where}: {error}") from error
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep each article for the feed, its addresses absolute and its lead photo first; mark the rendered
        Markdown as the HTML it is."""
        state = self.state
        if state.shows_article(page.file.src_uri):
            article = state.article(page.file.src_uri)
            meta, lead, url = article.meta, state.lead_photo(article), page.canonical_url or ""
            lead_html = "" if lead is None or meta.image is None else figure_html(figure(
                lead, meta.image.alt, state.site_url + PHOTO_FOLDER, lead=True,
                caption=meta.image.caption, credit=meta.image.credit))
            state.feed[page.file.src_uri] = Entry(
                title=meta.title, summary=meta.description, content=absolute_addresses(str(html), url), url=url,
                published=meta.date, updated=meta.updated or meta.date, lead=lead_html,
                authors=[(author.name, author.url) for author in state.authors_of(article)],
            )
        return Markup(html)

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Give the layout what it cannot read off the page:

        - `article_url`: the article's own address, which the sharing block and the
          printed address give (on the front page, the newest article's);
        - `card_url`, `card_size` (and for a lead photo `card_alt`, `card_type`, `images`,
          `lead_photo`): what it is shared with, and its lead photo's figure;
        - `byline`, `author_names`, `authors_data`: its authors;
        - on the front page, its own layout, `listed` (the articles after the lead, as many as
          `front_page_articles` says) and `archive_address`; on an archive or the search
          page, its own layout and what it lists or loads.
        """
        state = self.state
        # Keys of the plugin's own, which MkDocs' TypedDict of context keys does not list.
        extra: dict[str, object] = context  # type: ignore[assignment]
        extra["archive_years"] = years(state.archive)
        archived = state.archive_page(page.file.src_uri)
        if archived is not None:
            extra["layout"] = ARCHIVE_LAYOUT
            extra["archive"] = {"label": archived.label, "months": archived.months, "address": archived.address,
                                "listed": [_listing(article) for article in archived.articles] if not archived.months else []}
            return context
        if page.file.src_uri == SEARCH_PAGE:
            extra["layout"] = SEARCH_LAYOUT
            extra["search_script"] = urlsplit(state.site_url + SEARCH_SCRIPT).path
            extra["search_base"] = urlsplit(state.site_url).path
            # The sections after the first, which the page merges into it (newsroom.search.sections).
            extra["search_sections"] = [urlsplit(state.site_url + folder).path for folder in state.search_folders[1:]]
            return context
        article = state.article(page.file.src_uri)
        extra["article_url"] = state.site_url + article.address
        # The byline's parts, and the authors as structured data and <meta name="author"> name them.
        authors = state.authors_of(article)
        extra["byline"] = byline(authors)
        extra["author_names"] = ", ".join(author.name for author in authors)
        extra["authors_data"] = [{"@type": "Person", "name": author.name, **({"url": author.url} if author.url else {})}
                                 for author in authors]
        lead = state.lead_photo(article)
        if lead is None:
            extra["card_url"] = f"{state.site_url}{self.config.social_cards}{article.name}.png"
            extra["card_size"] = social_card.SIZE
        else:
            assert article.meta.image is not None
            image = article.meta.image
            extra["lead_photo"] = Markup(figure_html(figure(lead, image.alt, photo_folder(page.url), lead=True,
                                                            caption=image.caption, credit=image.credit)))
            # Shared and found by the crops (newsroom.photos says how large each is): the 16:9 one doubles as og:image.
            crops = {ratio: (state.site_url + PHOTO_FOLDER + r.name, r.width, r.height) for ratio, r in lead.crops.items()}
            extra["card_url"], width, height = crops[SHARE_CROP]
            extra["card_size"] = (width, height)
            extra["card_alt"] = image.alt
            extra["card_type"] = "image/jpeg"
            extra["images"] = [url for url, _, _ in crops.values()]
        if page.is_homepage:
            extra["layout"] = FRONT_LAYOUT
            extra["lead_address"] = state.articles[0].address
            # The articles after the one it leads with, up to the setting: the front page stays one size.
            extra["listed"] = [_listing(a) for a in state.articles[1:1 + self.config.front_page_articles]]
            extra["archive_address"] = years(state.archive)[0][1]
        return context

    @event_priority(-100)  # after every other plugin has changed the page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Finish the page in memory before it is written (pipeline steps 3-6)."""
        address = PageAddress(page.file.dest_uri, page.canonical_url or "", search=page.file.src_uri == SEARCH_PAGE)
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
