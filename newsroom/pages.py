"""The site's kinds of page: one class each, which knows its layout and what its layout shows.

Modelled on Material's blog plugin (material/plugins/blog/structure/__init__.py), whose
`Post`, `View`, `Archive` and `Category` are MkDocs `Page` subclasses carrying their own
data: `site_pages` is the one place that decides what each page of a build is, and
makes it before MkDocs would make a plain `Page` for the file. Every MkDocs event then
asks the page itself (`read`, `rendered`), and the layout (overrides/layouts/, picked by
`layout` in overrides/main.html) reads the page's typed attributes: `page.byline`,
`page.card`, `page.listed`. Adding a kind of page is adding a class here and a layout.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from newsroom import social_card
from newsroom.archive import ArchivePage, years
from newsroom.articles import FRONT_PAGE, Article
from newsroom.authors import Author, BylinePart, byline, person
from newsroom.date_line import DatePart, date_label, date_line, date_span, dateline, reading_minutes
from newsroom.desk import (
    CORRECTIONS_ADDRESS,
    CORRECTIONS_PAGE,
    LoggedCorrection,
    PrintedCorrection,
    corrections_data,
    corrections_log,
    feed_corrections,
    printed_corrections,
)
from newsroom.feed import Entry, absolute_addresses, entry_id
from newsroom.figures import PHOTO_FOLDER, figure, figure_html, photo_folder
from newsroom.moments import instant, w3c, w3c_instant
from newsroom.photos import SHARE_CROP, Photo
from newsroom.publisher import PolicyPage
from newsroom.schedule import preview_notice
from newsroom.search import SCRIPT as SEARCH_SCRIPT
from newsroom.search import SEARCH_PAGE, search_order
from newsroom.state import BuildState
from newsroom.taxonomy import AUTHOR, ListPage, Section, Tag, listing_pages, page_address, thumbnail_html
from newsroom.work import Sponsor, WorkType


@dataclass(frozen=True)
class Listing:
    """An article as the front page and the archive list it (partials/article-list.html)."""

    title: str
    description: str
    # The publication day, machine-readable and as readers read it.
    date: str
    date_label: str
    address: str
    # Its type of work as readers read it (newsroom.work), and whether it is sponsored content, set apart in every list.
    work: str = ""
    sponsored: bool = False

    @classmethod
    def of(cls, article: Article) -> Listing:
        meta = article.meta
        return cls(meta.title, meta.description, w3c(meta.date, article.zone), date_label(meta.date, article.zone),
                   article.address, article.work.label, article.work.sponsored)


@dataclass(frozen=True)
class Card:
    """What a page is shared with (og:image, partials/social.html): the headline's card, or the lead photo's crop."""

    url: str
    width: int
    height: int
    # Set for a lead photo; a drawn card's alt text and type are the layout's defaults.
    alt: str | None = None
    type: str | None = None


class SitePage(Page):
    """A page of this site: it names its layout and answers the MkDocs events about itself."""

    # The layout that renders it (overrides/layouts/).
    layout: ClassVar[str]
    # Whether its policy admits Pagefind (newsroom.search): only the search page's does.
    runs_search: ClassVar[bool] = False

    def __init__(self, file: File, config: MkDocsConfig, build: BuildState) -> None:
        super().__init__(None, file, config)
        self.build = build
        # The site's configuration: its Markdown settings render what the front matter holds in Markdown (newsroom.desk).
        self.site_config = config

    def read(self, markdown: str) -> str:
        """on_page_markdown: set what the theme reads from the front matter (MkDocs has just read it from the source)."""
        return markdown

    def rendered(self, html: str) -> None:
        """on_page_content: take what the page needs of its rendered Markdown."""

    @property
    def corrections_address(self) -> str:
        """The corrections page (newsroom.desk), which every corrected article and the archive's pages link."""
        return CORRECTIONS_ADDRESS

    @property
    def archive_years(self) -> list[tuple[str, str]]:
        """Each year of the archive, newest first, with its address."""
        return years(self.build.archive)


class ArticlePage(SitePage):
    """An article at its own address: headline, byline, date line, glance points, lead photo and text."""

    layout = "layouts/article.html"

    def __init__(self, file: File, config: MkDocsConfig, build: BuildState, article: Article) -> None:
        super().__init__(file, config, build)
        self.article = article
        self.date_line: list[DatePart] = []

    def read(self, markdown: str) -> str:
        """Date the page, time its reading, and check its headline can be drawn on its card."""
        meta = self.article.meta
        # Derived here rather than in the template: Zensical renders the same templates with
        # MiniJinja, which has neither Jinja2's `wordcount` nor Python's date methods.
        minutes = reading_minutes(len(markdown.split()), self.build.settings.words_per_minute)
        self.date_line = date_line(meta.date, meta.updated, minutes, self.article.zone)
        # The sitemap's <lastmod> (overrides/sitemap.xml), read from meta, where Zensical's sitemap finds it too.
        self.meta["lastmod"] = w3c_instant(self.last_modified)
        if self.lead is None:
            self._queue_card()
        return markdown

    @property
    def last_modified(self) -> datetime.datetime:
        """The article's last change."""
        return self.article.last_modified

    @property
    def published_time(self) -> str:
        """Its publication's moment, W3C (article:published_time, datePublished)."""
        return w3c(self.article.meta.date, self.article.zone)

    @property
    def modified_time(self) -> str | None:
        """The moment of its last change, W3C (article:modified_time, dateModified), when it has been changed
        (`updated`, a correction, a withdrawal); nothing is claimed otherwise."""
        meta = self.article.meta
        if meta.updated is None and not meta.corrections and meta.withdrawn is None:
            return None
        return w3c_instant(self.article.last_modified)

    @property
    def preview_notice(self) -> str | None:
        """Under `mkdocs serve`, for a draft or a scheduled article: what its editor sees near the headline."""
        return preview_notice(self.article, self.build.now)

    def _queue_card(self) -> None:
        """Refuse now a headline the card cannot show, naming the article; the card is drawn with every other once the
        pages are written (pipeline.write_social_cards). A card in the cache passed this check when it was drawn (its
        key covers headline, site name and drawing code): checking again cost a tenth of a build with every card cached."""
        build, title, site_name = self.build, self.article.meta.title, self.build.site_name
        try:
            if not social_card.card_file(title, site_name, build.theme_color["light"], build.card_cache).is_file():
                social_card.check_card(title, site_name)
        except ValueError as error:
            raise PluginError(f"{'mkdocs.yml' if 'site_name' in str(error) else self.article.where}: {error}") from error
        build.cards[self.article.name] = title

    def rendered(self, html: str) -> None:
        """Keep the article's feed entry: its addresses absolute, its lead photo first."""
        meta, url = self.article.meta, self.canonical_url or ""
        self.build.feed[self.file.src_uri] = Entry(
            title=meta.title, summary=meta.description, url=url,
            content=absolute_addresses(html, url) + feed_corrections(self.corrections),
            first_published=self.article.published, updated=self.article.last_modified,
            id=entry_id(self.build.settings.feed_id_authority, self.article),
            lead=absolute_addresses(self.lead_photo, url) if self.lead_photo else "",
            authors=[(author.name, author.url) for author in self.build.authors_of(self.article)],
            category=(self.article.work.key, self.article.work.label),
        )

    @functools.cached_property
    def corrections(self) -> list[PrintedCorrection]:
        """The article's corrections, in order, rendered (newsroom.desk): printed at its end, flagged under its date
        line, and in its structured data."""
        return printed_corrections(self.article, self.site_config, self.build.article_addresses())

    @property
    def corrections_data(self) -> list[dict[str, str]]:
        """The structured data's `correction`: a CorrectionComment for each."""
        return corrections_data(self.corrections)

    @property
    def work(self) -> WorkType:
        """What kind of work the article is (newsroom.work): the label above its headline, its schema.org type."""
        return self.article.work

    @property
    def sponsor(self) -> Sponsor | None:
        """Who paid for it, when it is sponsored content."""
        return self.article.meta.sponsor

    @property
    def article_data_extra(self) -> dict[str, object]:
        """The structured data its type of work adds: who paid for sponsored content (schema.org `sponsor`)."""
        return {"sponsor": self.sponsor.data} if self.sponsor is not None else {}

    @property
    def date_label(self) -> str:
        """The publication day as readers read it, which search results show."""
        return date_label(self.article.meta.date, self.article.zone)

    @property
    def search_order(self) -> str:
        """Where it comes among search results (newsroom.search.search_order)."""
        return search_order(self.article.published, self.article.name)

    @property
    def article_url(self) -> str:
        """The article's own address, which the sharing block and the printed address give."""
        return self.build.site_url + self.article.address

    @functools.cached_property
    def byline(self) -> list[BylinePart]:
        """The byline's parts (newsroom.authors), each author linked to their page on this site (newsroom.taxonomy)."""
        # Each author given their key as their address, so that every name's part carries the key of their page.
        keyed = [Author(author.key, author.name, author.key) for author in self.build.authors_of(self.article)]
        return [BylinePart(part.text, f"{AUTHOR}/{part.url}/", author=True) if part.author and part.url else part
                for part in byline(keyed)]

    @property
    def author_names(self) -> str:
        """The authors as <meta name="author"> names them."""
        return ", ".join(author.name for author in self.build.authors_of(self.article))

    @property
    def authors_data(self) -> list[dict[str, object]]:
        """The authors as the structured data names them: each a Person whose url is their page on this site."""
        return [person(author, f"{self.build.site_url}{AUTHOR}/{author.key}/")
                for author in self.build.authors_of(self.article)]

    @property
    def dateline(self) -> str | None:
        """The dateline printed before the text (newsroom.date_line.dateline), if the front matter gives a place."""
        place = self.article.meta.dateline
        return dateline(place) if place else None

    @property
    def location_data(self) -> dict[str, str] | None:
        """The structured data's `locationCreated`: the dateline's place, where the story was reported from."""
        place = self.article.meta.dateline
        return {"@type": "Place", "name": place} if place else None

    @property
    def section(self) -> Section | None:
        """The article's section (newsroom.taxonomy), linked above its headline; None without one."""
        key = self.article.meta.section
        return self.build.taxonomy.sections[key] if key is not None else None

    @property
    def tags(self) -> list[Tag]:
        """The article's tags, in its front matter's order, linked under its text."""
        return self.build.taxonomy.tags_of(self.article)

    @functools.cached_property
    def related(self) -> list[Listing]:
        """A few other articles sharing its tags or section, listed at its end (newsroom.taxonomy.Taxonomy.related)."""
        return [Listing.of(other) for other in self.build.taxonomy.related(self.article)]

    @functools.cached_property
    def lead(self) -> Photo | None:
        """The front matter's lead photo, processed (once per build, newsroom.figures.PhotoDesk)."""
        return self.build.lead_photo(self.article)

    @functools.cached_property
    def lead_photo(self) -> Markup:
        """The lead photo's figure, its addresses relative to this page; empty without one."""
        image = self.article.meta.image
        if self.lead is None or image is None:
            return Markup("")
        return Markup(figure_html(figure(self.lead, image.alt, photo_folder(self.url), lead=True,
                                         caption=image.caption, credit=image.credit)))

    @functools.cached_property
    def card(self) -> Card:
        """What the page is shared with: the lead photo's share crop (newsroom.photos.SHARE_CROP, 16:9, 1200 px wide),
        else the card drawn from the headline."""
        if self.lead is None or self.article.meta.image is None:
            width, height = social_card.SIZE
            return Card(f"{self.build.site_url}{self.build.settings.social_cards}{self.article.name}.png", width, height)
        crop = self.lead.crops[SHARE_CROP]
        return Card(self.build.site_url + PHOTO_FOLDER + crop.name, crop.width, crop.height,
                    alt=self.article.meta.image.alt, type="image/jpeg")

    @property
    def images(self) -> list[str]:
        """The structured data's images: each crop of the lead photo (16:9, 4:3, 1:1), else the card."""
        if self.lead is None:
            return [self.card.url]
        return [self.build.site_url + PHOTO_FOLDER + crop.name for crop in self.lead.crops.values()]


class WithdrawnPage(ArticlePage):
    """A withdrawn article's address: its headline, its dates and the notice, nothing else of it (newsroom.desk).

    Its text, standfirst, "At a glance" points, photos and card leave the site: this page
    renders none of its Markdown, shows no photo (so no rendition is published), queues no
    card, and its description is the notice. It stays in the sitemap, dated by the
    withdrawal, so that search engines come back soon and drop what they kept of it.
    """

    layout = "layouts/withdrawn.html"

    def read(self, markdown: str) -> str:
        meta, notice = self.article.meta, self.article.meta.withdrawn
        assert notice is not None
        zone = self.article.zone
        self.date_line = [DatePart(f"Published on this site {date_label(meta.date, zone)}", w3c(meta.date, zone)),
                          DatePart(f"Withdrawn {date_label(notice.date, zone)}", w3c(notice.date, zone))]
        self.meta["lastmod"] = w3c_instant(self.last_modified)
        # Material's <meta name="description"> and the social description read it: the notice, not the standfirst.
        self.meta["description"] = notice.notice
        self.meta["glance"] = []
        return ""

    def rendered(self, html: str) -> None:
        """No feed entry: the feed carries no withdrawn article."""

    @property
    def notice(self) -> str:
        """Why the article was taken down."""
        assert self.article.meta.withdrawn is not None
        return self.article.meta.withdrawn.notice

    @functools.cached_property
    def corrections(self) -> list[PrintedCorrection]:
        """None shown: a correction may quote what was withdrawn."""
        return []

    @functools.cached_property
    def lead(self) -> Photo | None:
        return None

    @property
    def withdrawal_data(self) -> dict[str, object]:
        """What the structured data says happened (schema.org has no "withdrawn" type): `creativeWorkStatus`, the
        property for where a work is in its life, and the notice as a dated CorrectionComment, the one kind of
        editor's note `correction` takes."""
        notice = self.article.meta.withdrawn
        assert notice is not None
        return {"creativeWorkStatus": "Withdrawn",
                "correction": [{"@type": "CorrectionComment", "datePublished": w3c(notice.date, self.article.zone),
                                "text": notice.notice}]}


class FrontPage(ArticlePage):
    """The front page: the newest article in full, then the next ones listed, then the archive."""

    layout = "layouts/front.html"

    def rendered(self, html: str) -> None:
        """Nothing to keep: the article it leads with has its own feed entry."""

    @property
    def preview_notice(self) -> str | None:
        """The front page shows only published articles."""
        return None

    @property
    def last_modified(self) -> datetime.datetime:
        """The front page changes with any article."""
        return max(article.last_modified for article in self.build.articles)

    def _queue_card(self) -> None:
        """The front page shares the newest article's card, which its own page queues."""

    @property
    def related(self) -> list[Listing]:
        """None: the front page lists the newest articles instead."""
        return []

    @property
    def lead_address(self) -> str:
        """The address its headline leads to: the newest article's."""
        return self.article.address

    @property
    def listed(self) -> list[Listing]:
        """The articles after the one it leads with, up to `front_page_articles`: the front page stays one size."""
        return [Listing.of(article) for article in self.build.articles[1:1 + self.build.settings.front_page_articles]]

    @property
    def archive_address(self) -> str:
        """The newest year's archive page, which links every other."""
        return self.archive_years[0][1]


class ArchiveView(SitePage):
    """A page of the archive (newsroom.archive): a year's or a month's articles, or a year's months."""

    layout = "layouts/archive.html"

    def __init__(self, file: File, config: MkDocsConfig, build: BuildState, archived: ArchivePage) -> None:
        super().__init__(file, config, build)
        self.archived = archived

    def read(self, markdown: str) -> str:
        self.meta["title"] = f"Archive: {self.archived.label}"
        self.meta["lastmod"] = w3c_instant(self.archived.last_modified)
        return markdown

    @property
    def address(self) -> str:
        return self.archived.address

    @property
    def months(self) -> list[tuple[str, str]]:
        """For a year split by month: each month's label and address, newest first."""
        return self.archived.months

    @property
    def listed(self) -> list[Listing]:
        """Its articles, newest first (none for a year that lists its months)."""
        return [] if self.archived.months else [Listing.of(article) for article in self.archived.articles]


class CorrectionsView(SitePage):
    """The corrections page (newsroom.desk): every correction and withdrawal, newest first, each with the article's
    headline linking to it. It grows by one entry a correction (a few hundred bytes each): kept whole, because
    it is the publication's record of what it got wrong, which readers search through on one page."""

    layout = "layouts/corrections.html"

    def read(self, markdown: str) -> str:
        self.meta["title"] = "Corrections"
        self.meta["lastmod"] = w3c_instant(max(article.last_modified
                                                for article in [*self.build.articles, *self.build.withdrawn]))
        return markdown

    @property
    def corrections_policy(self) -> str | None:
        """The publisher's corrections policy's address, which the page links, if the publisher has one."""
        policy = self.build.publisher.page("corrections") if self.build.publisher else None
        return policy.address if policy else None

    @functools.cached_property
    def logged(self) -> list[LoggedCorrection]:
        """Every correction and withdrawal, newest first."""
        return corrections_log(self.build.articles, self.build.withdrawn, self.site_config,
                               self.build.article_addresses())


class PolicyView(SitePage):
    """One of the publisher's pages (newsroom.publisher): about, the masthead, contact, ownership, ethics and the other
    policies. Written by the editor and approved as an article is; no article: no feed entry, no list has it."""

    layout = "layouts/policy.html"

    def __init__(self, file: File, config: MkDocsConfig, build: BuildState, policy: PolicyPage) -> None:
        super().__init__(file, config, build)
        self.policy = policy
        self.date_line: list[DatePart] = []

    def read(self, markdown: str) -> str:
        """Its title and description from its front matter; the day it was last updated under its title."""
        policy, zone = self.policy, self.build.zone
        self.meta["title"], self.meta["description"] = policy.title, policy.description
        self.date_line = [DatePart(f"Last updated {date_label(policy.updated, zone)}", w3c(policy.updated, zone))]
        self.meta["lastmod"] = w3c_instant(instant(policy.updated, zone))
        return markdown

    @property
    def kind(self) -> str:
        """Its kind's key: the layout adds the masthead's people, the corrections policy's link."""
        return self.policy.kind.key

    @property
    def page_type(self) -> str:
        """What schema.org calls the page: an about page, a contact page, else a web page."""
        return {"about": "AboutPage", "contact": "ContactPage"}.get(self.kind, "WebPage")

    @property
    def people(self) -> list[Author]:
        """On the masthead: the authors file's people, in its order, each linked to their page here."""
        return list(self.build.authors.values()) if self.kind == "masthead" else []

    @property
    def search_order(self) -> str:
        """Where it comes among search results: after every article (newsroom.search.search_order sorts by moment)."""
        return "~" + self.policy.name


class SearchView(SitePage):
    """The search page (newsroom.search): a form, and Pagefind's results, loaded only when the reader searches."""

    layout = "layouts/search.html"
    runs_search = True

    def read(self, markdown: str) -> str:
        self.meta["title"] = "Search"
        self.meta["lastmod"] = w3c_instant(max(article.last_modified for article in self.build.articles))
        return markdown

    @property
    def search_script(self) -> str:
        """Pagefind's script, by its path on the host."""
        return urlsplit(self.build.site_url + SEARCH_SCRIPT).path

    @property
    def search_base(self) -> str:
        """The site's path, which the results' addresses are relative to."""
        return urlsplit(self.build.site_url).path

    @property
    def search_sections(self) -> list[str]:
        """The index's sections after the first, which the page merges into it (newsroom.search.sections)."""
        return [urlsplit(self.build.site_url + folder).path for folder in self.build.search_folders[1:]]


@dataclass(frozen=True)
class ListedWithPhoto(Listing):
    """An article as a section's, a tag's or an author's page lists it: with a small copy of its lead photo."""

    thumbnail: Markup = field(default_factory=Markup)


class ListFile(File):
    """A listing page's generated file: under `mkdocs serve --dirty`, MkDocs renders it again only when what it lists
    changed since the last build (`changed`); a generated file otherwise counts as changed on every build."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class ListingView(SitePage):
    """One page of a section's, a tag's or an author's articles (newsroom.taxonomy): newest first, linking the pages of
    newer and older articles; page 0, at the listing's own address, shows the newest, and each older page keeps its
    articles once written (`listing_pages`), so that it weighs the same however many there are."""

    layout = "layouts/listing.html"
    # What the page lists the articles of, as its label names it.
    kind: ClassVar[str]

    def __init__(self, file: File, config: MkDocsConfig, build: BuildState, name: str, description: str, home: str,
                 listing: ListPage) -> None:
        super().__init__(file, config, build)
        self.name, self.description, self.home = name, description, home
        self.listing, self.articles = listing, listing.articles

    def read(self, markdown: str) -> str:
        self.meta["title"] = self.name if self.listing.number == 0 else f"{self.name}: {self.span}"
        self.meta["description"] = self.description
        if self.articles:
            self.meta["lastmod"] = w3c_instant(max(article.last_modified for article in self.articles))
        return markdown

    @property
    def span(self) -> str | None:
        """The days an older page spans, as its label says ("3–26 November 2026"); none for page 0, which shows the
        newest."""
        if self.listing.number == 0 or self.listing.span is None:
            return None
        newest, oldest = self.listing.span
        return date_span(newest.meta.date, oldest.meta.date, newest.zone)

    @property
    def newer(self) -> str | None:
        """The page of newer articles before this one, if any."""
        newer = self.listing.newer
        return page_address(self.home, newer) if newer is not None else None

    @property
    def older(self) -> str | None:
        """The page of older articles after this one, if any."""
        older = self.listing.older
        return page_address(self.home, older) if older is not None else None

    @property
    def feed(self) -> str | None:
        """Its own Atom feed's address (a section's), if it has one."""
        return None

    @property
    def own_url(self) -> str | None:
        """A page of the subject's own elsewhere (an author's), if the file gives one."""
        return None

    @property
    def listed(self) -> list[ListedWithPhoto]:
        """Its articles, newest first, each with a small copy of its lead photo where it has one."""
        folder = photo_folder(self.url)
        return [ListedWithPhoto(**vars(Listing.of(article)), thumbnail=thumbnail_html(photo, folder) if (
            photo := self.build.lead_photo(article)) else Markup("")) for article in self.articles]

    def signature(self) -> str:
        """What the page shows, as text: a --dirty build renders it again only when this changed (ListFile)."""
        shown = [self.kind, self.name, self.description, self.listing.number, self.span, self.newer, self.older,
                 self.feed, self.own_url,
                 [(section.name, section.address) for section in self.build.taxonomy.sections.values()],
                 [(a.address, a.meta.title, a.meta.description, str(a.meta.date), str(a.last_modified), str(a.meta.image))
                  for a in self.articles]]
        return repr(shown)


class SectionView(ListingView):
    """A page of a section's articles, with the section's own feed."""

    kind = "Section"

    @property
    def feed(self) -> str | None:
        """Its feed (pipeline.write_section_feeds), once the section has an article."""
        return self.home + "feed.xml" if self.articles else None


class TagView(ListingView):
    """A page of a tag's articles."""

    kind = "Topic"


class AuthorView(ListingView):
    """A page of an author's articles, with their description, what the authors file says of them as a person, and
    their own page elsewhere: a schema.org ProfilePage whose mainEntity is their Person."""

    kind = "Author"

    def __init__(self, file: File, config: MkDocsConfig, build: BuildState, name: str, description: str, home: str,
                 listing: ListPage, key: str) -> None:
        super().__init__(file, config, build, name, description, home, listing)
        self.author = build.authors[key]

    @property
    def own_url(self) -> str | None:
        return self.author.url

    @property
    def person(self) -> dict[str, object]:
        """The author as the page's structured data describes them (newsroom.authors.person), their page on this site
        (the listing's first page) as their url."""
        return person(self.author, self.build.site_url + self.home, profile=True)

    def signature(self) -> str:
        """What the page shows: its articles, and the author as the authors file describes them."""
        return super().signature() + repr(self.author)


def _listing_pages(files: Files, config: MkDocsConfig, build: BuildState, kind: type[ListingView], name: str,
                   description: str, home: str, articles: list[Article], **more: str | None) -> None:
    """Every page of one listing, newest first; under --dirty, each marked changed only if what it shows changed."""
    for listing in listing_pages(articles, build.taxonomy.gaps.get(home, []), build.settings.listing_page_articles):
        src_uri = page_address(home, listing.number).rstrip("/") + ".md"
        file = ListFile.generated(config, src_uri, content="")
        assert isinstance(file, ListFile)
        files.append(file)
        page = kind(file, config, build, name, description, home, listing, **more)
        signature = page.signature()
        file.changed = build.listings.get(src_uri) != signature or not Path(file.abs_dest_path).is_file()
        build.listings[src_uri] = signature


def site_pages(files: Files, config: MkDocsConfig, build: BuildState) -> None:
    """Decide what every page of the build is, once: each article's own page, the front page, the archive's pages and
    the search page. Each is made here, so MkDocs, which makes a plain `Page` only for a file that has none, uses it."""
    for article in build.articles + build.previews:
        file = files.get_file_from_path(article.src_uri)
        assert file is not None, article.src_uri
        ArticlePage(file, config, build, article)
    for article in build.withdrawn:
        file = files.get_file_from_path(article.src_uri)
        assert file is not None, article.src_uri
        WithdrawnPage(file, config, build, article)
    FrontPage(_generated(files, config, FRONT_PAGE, build.articles[0].source), config, build, build.articles[0])
    for archived in build.archive:
        ArchiveView(_generated(files, config, archived.src_uri), config, build, archived)
    SearchView(_generated(files, config, SEARCH_PAGE), config, build)
    for policy in build.publisher.pages if build.publisher else ():
        PolicyView(_generated(files, config, policy.name + ".md", policy.source), config, build, policy)
    CorrectionsView(_generated(files, config, CORRECTIONS_PAGE), config, build)
    taxonomy = build.taxonomy
    for section in taxonomy.sections.values():
        _listing_pages(files, config, build, SectionView, section.name, section.description, section.address,
                       taxonomy.by_section[section.key])
    for tag in taxonomy.tags.values():
        _listing_pages(files, config, build, TagView, tag.name, f"Every article about {tag.name}, newest first.",
                       tag.address, tag.articles)
    for key, author in build.authors.items():
        _listing_pages(files, config, build, AuthorView, author.name,
                       author.description or f"Every article by {author.name}, newest first.",
                       f"{AUTHOR}/{key}/", taxonomy.by_author[key], key=key)


def _generated(files: Files, config: MkDocsConfig, src_uri: str, content: str = "") -> File:
    """A page the plugin makes, with no file in docs/, added to the build's files."""
    file = File.generated(config, src_uri, content=content)
    files.append(file)
    return file
