"""One build's state: made new for every build (the plugin's on_config), so that each
`mkdocs serve` rebuild starts clean, and typed, so that each step says what it reads.
"""

from __future__ import annotations

import datetime
import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from mkdocs.exceptions import PluginError

from newsroom.archive import ArchivePage
from newsroom.articles import Article
from newsroom.authors import Author
from newsroom.config import NewsroomConfig
from newsroom.css_reduction import Names, Stylesheet
from newsroom.feed import Entry
from newsroom.figures import PhotoDesk
from newsroom.moments import time_zone
from newsroom.photos import Photo
from newsroom.publisher import Publisher
from newsroom.search import section_size, sections
from newsroom.taxonomy import Taxonomy

# What Material's JavaScript sets at run time on the elements a page has, which no
# built HTML shows: the stylesheet reduction keeps the rules that need them. Read
# off the bundle's source (src/templates/assets/javascripts/ in
# squidfunk/mkdocs-material, 9.8) and checked against bundle.js on every build: if
# Material stops using a name, the build fails and this list gets a second look.
# Names the HTML already carries (data-md-color-* on the palette inputs, which the
# palette copies onto <body>; `hidden` on the toggle labels) need no entry.
RUNTIME_CLASSES = {
    "js": "bundle.ts, on <html> once the script runs (replacing no-js)",
    "js-focus-visible": "the focus-visible polyfill, on <html>",
    "focus-visible": "the focus-visible polyfill, on an element focused from the keyboard",
    "md-header--shadow": "components/header: toggled on the header as the page scrolls",
    "md-header__title--active": "components/header/title: the headline replaces the site name once scrolled past",
}
RUNTIME_ATTRIBUTES = {
    "data-js-focus-visible": "the focus-visible polyfill, on <html>",
    "data-focus-visible-added": "the focus-visible polyfill, beside the focus-visible class",
    "data-md-color-switching": "components/palette: on <body> while the colours switch (no transitions)",
}


@dataclass(frozen=True)
class PageAddress:
    """A page being finished: its file in the site (for messages) and its absolute address."""

    name: str
    url: str
    # The search page: its policy also admits Pagefind's script, fetches and WebAssembly (newsroom.search).
    search: bool = False


@dataclass
class BuildState:
    """What one build learns in one step and uses in a later one."""

    # The project's folder (mkdocs.yml's), to name files as the maintainer sees them.
    root: Path
    # The site's address, checked and ending in "/".
    site_url: str
    # The publication's name (mkdocs.yml's site_name), which every social card shows.
    site_name: str
    # The plugin's settings (mkdocs.yml, under plugins: newsroom).
    settings: NewsroomConfig
    # False under `mkdocs serve`, whose live-reload script a policy would block.
    with_policy: bool
    # The header's colour in each scheme, as extra.css sets it: the address bar's and the card's.
    theme_color: dict[str, str]
    # Every photo the articles show, each read once, and what the site publishes for them.
    photos: PhotoDesk
    # The publication's authors, by key (newsroom.authors).
    authors: dict[str, Author] = field(default_factory=dict)
    # The publisher and its pages (newsroom.publisher), read with the articles.
    publisher: Publisher | None = None
    # Each stylesheet a page may link, by its path in the site: the file it is read from.
    stylesheet_sources: dict[str, Path] = field(default_factory=dict)
    # The build's moment (newsroom.clock): what is published, and the news sitemap's two days, depend on it.
    now: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(datetime.UTC))
    # Every article published at `now`, newest first, read before rendering: everything the site shows.
    articles: list[Article] = field(default_factory=list)
    # Under `mkdocs serve`: the drafts and scheduled articles, each shown on its own page alone, marked (newsroom.schedule).
    previews: list[Article] = field(default_factory=list)
    # The withdrawn articles (newsroom.desk): their addresses answer with a notice; no list, feed or index has them.
    withdrawn: list[Article] = field(default_factory=list)
    # The archive's pages (newsroom.archive).
    archive: list[ArchivePage] = field(default_factory=list)
    # The headline of each article's social card, by the article's name (its address without the slash).
    cards: dict[str, str] = field(default_factory=dict)
    # Each article's feed entry, by source file, as it renders; under `mkdocs serve --dirty`, which renders only
    # the changed articles, the plugin keeps them from one build to the next (NewsroomPlugin.entries).
    feed: dict[str, Entry] = field(default_factory=dict)
    # What each search index section was last indexed from, by its folder (newsroom.search.index_site): under
    # `mkdocs serve --dirty` the plugin keeps it from one build to the next (NewsroomPlugin.indexed).
    search_sections: dict[str, str] = field(default_factory=dict)
    # Sections, tags and authors with their articles (newsroom.taxonomy), read with the articles.
    taxonomy: Taxonomy = field(default_factory=Taxonomy.empty)
    # What each listing page showed when last rendered, by its source: under `mkdocs serve --dirty` the plugin keeps
    # it from one build to the next (NewsroomPlugin.listings), so that only a listing that changed is rendered again.
    listings: dict[str, str] = field(default_factory=dict)
    # True for a build that renders only changed pages into a site left from earlier builds (`--dirty`).
    dirty: bool = False
    runtime_names: Names = field(default_factory=Names)
    _addresses: dict[str, str] | None = None
    _joined: dict[tuple[str, ...], Stylesheet] = field(default_factory=dict)

    @property
    def cache_dir(self) -> Path:
        """What later builds reuse (cards, photos' renditions), kept out of the site."""
        return self.root / self.settings.cache_dir

    @property
    def zone(self) -> ZoneInfo:
        """The publication's time zone (the `time_zone` setting, checked when the settings were read)."""
        return time_zone(self.settings.time_zone)

    @property
    def card_cache(self) -> Path:
        """Where the social cards are kept from one build to the next (newsroom.social_card.card_file)."""
        return self.cache_dir / "social-cards"

    @property
    def search_folders(self) -> list[str]:
        """Where each section of this build's search index goes, the first the search page's bundle: what the search
        page names and what is indexed (the articles, then the publisher's pages), from one place
        (newsroom.search.sections)."""
        indexed = len(self.articles) + (len(self.publisher.pages) if self.publisher else 0)
        return sections(indexed, section_size(self.settings.search_index_articles, self.dirty))

    def take_articles(self, articles: list[Article], archive: list[ArchivePage]) -> None:
        """Keep the articles, newest first, as they were read, and the archive's pages; a withdrawn article apart."""
        self.articles = [article for article in articles if not article.withdrawn]
        self.withdrawn = [article for article in articles if article.withdrawn]
        self.archive = archive

    def article_addresses(self) -> dict[str, str]:
        """Each published article's file under docs/ (alaska-summit.md) and its absolute address, for the links of the
        corrections (newsroom.desk): made once per build, as made for each corrected page it cost a build of 10,000
        articles minutes."""
        if self._addresses is None:
            self._addresses = {article.src_uri: self.site_url + article.address
                               for article in [*self.articles, *self.withdrawn]}
        return self._addresses

    def authors_of(self, article: Article) -> list[Author]:
        """The article's authors, in its front matter's order (each checked to be in the authors file)."""
        return [self.authors[key] for key in article.meta.authors]

    def lead_photo(self, article: Article) -> Photo | None:
        """The article's lead photo (front matter `image`), processed once per build; None without one."""
        image = article.meta.image
        if image is None:
            return None
        src_uri = posixpath.normpath(posixpath.join(posixpath.dirname(article.src_uri), image.src))
        if src_uri.startswith("../") or not (self.photos.docs_dir / src_uri).is_file():
            raise PluginError(f"{article.where}: front matter 'image' names {image.src!r}, but there is no file "
                              f"docs/{src_uri} (src is relative to the article's file, such as images/summit.jpg)")
        photo = self.photos.photo(src_uri, lead=True)
        assert isinstance(photo, Photo), "a lead SVG is refused"
        return photo

    def check_runtime_names(self, bundle: str, where: str) -> None:
        """Take the run-time names, each checked to still be in Material's bundle."""
        for name in [*RUNTIME_CLASSES, *RUNTIME_ATTRIBUTES]:
            if f'"{name}"' not in bundle:
                raise PluginError(f"newsroom: {where} no longer names {name!r}; review RUNTIME_CLASSES in newsroom.state")
        self.runtime_names.classes.update(RUNTIME_CLASSES)
        for attribute in RUNTIME_ATTRIBUTES:
            self.runtime_names.add_attribute(attribute, "")

    def stylesheet_text(self, name: str) -> str:
        """A stylesheet's text, by its path in the site."""
        return self.stylesheet_sources[name].read_text(encoding="utf-8")

    def stylesheet(self, names: tuple[str, ...]) -> Stylesheet:
        """The stylesheets a page links, in order, read once per build and parsed once per text."""
        if names not in self._joined:
            self._joined[names] = _joined(tuple(self.stylesheet_text(name) for name in names))
        return self._joined[names]


# Parsed stylesheets, by their text, kept across the builds of one process: `mkdocs serve`
# rebuilds on every save, and parsing Material's stylesheets took half a second of each
# rebuild although they never change. A changed extra.css is a new text, parsed anew.
@functools.lru_cache(maxsize=8)
def _parsed(text: str) -> Stylesheet:
    return Stylesheet(text)


@functools.lru_cache(maxsize=8)
def _joined(texts: tuple[str, ...]) -> Stylesheet:
    return Stylesheet.joined([_parsed(text) for text in texts])
