"""Sections, tags and people: the ways into a publication besides its front page, archive and search.

- **Sections.** One file declares them (the plugin's `sections` setting, `sections.yml`
  beside mkdocs.yml), in the shape of the authors file: a top-level `sections:` mapping,
  one URL-safe key per section with a `name` and a one-line `description`. An article
  names its section by key (`section: world`); an unknown key is refused naming the
  article, and an article without one is refused only under `require_section: true`.
- **Tags.** An article's `tags:` are its topics as readers write them. Each tag's address
  is its slug (`tag/vladimir-putin/`): the text folded to lowercase ASCII letters and
  digits joined by single hyphens. Spellings that share a slug are one tag, shown as the
  spelling most of its articles use; a tie goes to the spelling of the earliest-published
  article (by date, then address). A tag with no letter or digit to make an address of
  is refused naming the article.
- **People.** Every author in the authors file has a page, `author/<key>/`.
- **Related articles.** Under each article, up to `RELATED` earlier ones (published before
  it), ranked by the tags they share with it, then by sharing its section, then newest
  first: its earlier coverage. Only earlier ones, so that publishing an article changes no
  older article's page (a push re-verifies only the pages it changed: newsroom.gate); its
  tags' pages list what came after. Candidates come from inverted indexes: the
  `CANDIDATES` articles just before it in each of its tags' lists, and in its section's
  only when fewer than `RELATED` share a tag. So the cost per article has a ceiling
  however large the publication grows (no list is read further): an older article
  reached only through a very common tag may be passed over for newer ones, which rank
  above it anyway unless it shares more tags, and one sharing a rarer tag too is found
  through that tag's shorter list.

Each listing (a section's, a tag's, an author's articles) is split into pages that keep
their articles once written (`listing_pages`): the listing's own address, `section/world/`,
shows its newest, and the older pages, `section/world/1/` (the oldest), `section/world/2/`…,
each hold `listing_page_articles` counted from the oldest, so a new article changes only
the first page, and a withdrawn one (which keeps its place, shown by none) only its own.
"""

from __future__ import annotations

import bisect
import heapq
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError

from newsroom.articles import LISTINGS, Article, newest_first
from newsroom.authors import Author, read_entries
from newsroom.front_matter import URL_SAFE, Text
from newsroom.photos import Photo

# The site's folders for the listing pages (newsroom.articles refuses an article at one of them).
SECTION, TAG, AUTHOR = LISTINGS
# How many related articles an article lists at most, and how many of each inverted list are scanned for them.
RELATED = 4
CANDIDATES = 50


class SectionMeta(Config):
    """One section in the sections file."""

    name = Text("the section's name, as the pages show it")
    description = Text("one line saying what the section covers")


@dataclass(frozen=True)
class Section:
    """A section as the pages name it."""

    key: str
    name: str
    description: str

    @property
    def address(self) -> str:
        return f"{SECTION}/{self.key}/"


def read_sections(path: Path, root: Path) -> dict[str, Section]:
    """Every section in the file at `path`, by key, in the file's order; none if there is no file. Refuse a file
    that is not valid, naming it and the key."""
    where, entries = read_entries(path, root, "section", SectionMeta, "name, description",
                                  "a mapping with 'name' and 'description'")
    sections: dict[str, Section] = {}
    for key, meta in entries.items():
        if not isinstance(key, str) or not URL_SAFE.fullmatch(key):
            raise PluginError(f"{where}: section {key!r} is not URL-safe (its page is section/<key>/): use lowercase "
                              "letters, digits and single hyphens, such as 'world'")
        assert isinstance(meta, SectionMeta)
        sections[key] = Section(key, meta.name, meta.description)
    return sections


def tag_slug(text: str) -> str:
    """A tag's address part: accents dropped, lowercase ASCII letters and digits in words joined by single hyphens
    ("Vladimir Putin" and "vladimir putin" give vladimir-putin; "Russia–US relations" gives russia-us-relations);
    empty when the text has no Latin letter or digit."""
    folded = unicodedata.normalize("NFKD", text)
    kept = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in folded if not unicodedata.combining(c))
    return "-".join(kept.split())


@dataclass
class Tag:
    """A tag: its address part, the spelling shown, and its articles, newest first."""

    slug: str
    name: str
    articles: list[Article] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"{TAG}/{self.slug}/"


def article_tags(article: Article) -> list[str]:
    """An article's tags' slugs, in its front matter's order, each once; refuse a tag that makes no address."""
    slugs: list[str] = []
    for text in article.meta.tags:
        slug = tag_slug(text)
        if not slug or not URL_SAFE.fullmatch(slug):
            raise PluginError(f"{article.where}: front matter 'tags' holds {text!r}, which has no Latin letter or "
                              "digit to make its page's address of; write the topic in words, such as 'Ukraine'")
        if slug not in slugs:
            slugs.append(slug)
    return slugs


def group_tags(articles: list[Article]) -> dict[str, Tag]:
    """Every tag of `articles` (newest first), by slug, most articles first (then by slug); each shown as the
    spelling most of its articles use, a tie going to the earliest-published article's spelling."""
    spellings: dict[str, Counter[str]] = {}
    earliest: dict[tuple[str, str], int] = {}
    tags: dict[str, Tag] = {}
    for position, article in enumerate(articles):
        seen: set[str] = set()
        for text in article.meta.tags:
            slug = tag_slug(text)
            if slug in seen:
                continue  # one article's two spellings of one tag count once, as its first
            seen.add(slug)
            spellings.setdefault(slug, Counter())[text] += 1
            # The list is newest first: a later position is an earlier publication.
            earliest[slug, text] = position
            tags.setdefault(slug, Tag(slug, text)).articles.append(article)
    for slug, tag in tags.items():
        tag.name = max(spellings[slug], key=lambda text: (spellings[slug][text], earliest[slug, text]))
    return dict(sorted(tags.items(), key=lambda item: (-len(item[1].articles), item[0])))


def check_sections(articles: list[Article], sections: dict[str, Section], require_section: bool,
                   sections_file: str) -> None:
    """Refuse an unknown section, and a missing one where the `require_section` setting asks for one (the file named
    as given); the build checks every article so, drafts, scheduled and withdrawn ones too, which no listing holds."""
    for article in articles:
        section = article.meta.section
        if section is not None and section not in sections:
            known = ", ".join(sections) or "none yet"
            raise PluginError(f"{article.where}: front matter 'section' names {section!r}, which is not in "
                              f"{sections_file} (its sections: {known})")
        if section is None and require_section:
            raise PluginError(f"{article.where}: front matter 'section' is missing (the `require_section` setting "
                              f"asks every article for one of {sections_file}'s: {', '.join(sections) or 'none yet'})")


@dataclass
class Taxonomy:
    """One build's sections, tags and authors with their articles, and the indexes related articles come from."""

    sections: dict[str, Section]
    tags: dict[str, Tag]
    # Each section's and each author's articles, newest first (every section and author, if without any).
    by_section: dict[str, list[Article]]
    by_author: dict[str, list[Article]]
    # Each article's tags' slugs and its place in reading order (0 the newest), by its source file.
    slugs: dict[str, list[str]]
    order: dict[str, int]
    # The same slugs as sets, to count the tags two articles share.
    tag_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    # The withdrawn articles each listing held, by the listing's address (section/world/): each keeps its place on
    # the listing's pages (`listing_pages`), shown by none.
    gaps: dict[str, list[Article]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Taxonomy:
        """No sections, tags or authors: the state before the articles are read."""
        return cls({}, {}, {}, {}, {}, {})

    @classmethod
    def of(cls, articles: list[Article], sections: dict[str, Section], authors: dict[str, Author],
           require_section: bool, sections_file: str, authors_file: str = "the authors file",
           withdrawn: list[Article] | None = None) -> Taxonomy:
        """The taxonomy of `articles` (newest first), with the places `withdrawn` articles kept in its listings; refuse
        an unknown section, a missing one where required, a tag that makes no address, and an author key that cannot be
        an address (the files named as given)."""
        for key in authors:
            if not URL_SAFE.fullmatch(key):
                raise PluginError(f"{authors_file}: author {key!r} is not URL-safe (their page is author/<key>/): use "
                                  "lowercase letters, digits and single hyphens, such as 'jdoe'")
        by_section: dict[str, list[Article]] = {key: [] for key in sections}
        by_author: dict[str, list[Article]] = {key: [] for key in authors}
        slugs: dict[str, list[str]] = {}
        check_sections(articles, sections, require_section, sections_file)
        for article in articles:
            if article.meta.section is not None:
                by_section[article.meta.section].append(article)
            for key in article.meta.authors:
                by_author[key].append(article)
            slugs[article.src_uri] = article_tags(article)
        order = {article.src_uri: position for position, article in enumerate(articles)}
        tags = group_tags(articles)
        gaps: dict[str, list[Article]] = {}
        for article in withdrawn or []:
            homes = [*([sections[article.meta.section].address] if article.meta.section in sections else []),
                     *(tags[slug].address for slug in article_tags(article) if slug in tags),
                     *(f"{AUTHOR}/{key}/" for key in article.meta.authors if key in authors)]
            for home in homes:
                gaps.setdefault(home, []).append(article)
        return cls(sections, tags, by_section, by_author, slugs, order,
                   {src_uri: frozenset(tags) for src_uri, tags in slugs.items()}, gaps)

    def _slugs_of(self, article: Article) -> list[str]:
        """The article's tags' slugs. A draft or a scheduled article is in no listing, so it is not among the articles
        the taxonomy was made of; `mkdocs serve` still shows it as it will look, with those of its tags that have a page
        (published articles share them)."""
        slugs = self.slugs.get(article.src_uri)
        return slugs if slugs is not None else [slug for slug in article_tags(article) if slug in self.tags]

    def tags_of(self, article: Article) -> list[Tag]:
        """The article's tags, in its front matter's order."""
        return [self.tags[slug] for slug in self._slugs_of(article)]

    def related(self, article: Article, limit: int = RELATED) -> list[Article]:
        """Up to `limit` articles published before it, those sharing most of its tags first, then those in its section,
        then the newest: candidates are the `CANDIDATES` just before it in each of its tags' lists (and in its
        section's, when too few share a tag), never all. A draft's or a scheduled story's preview, in no list, takes
        them from every published article."""
        own, section = article.src_uri, article.meta.section
        tags = self.tag_sets[own] if own in self.tag_sets else frozenset(self._slugs_of(article))
        position = self.order.get(own, -1)

        def earlier(listing: list[Article]) -> list[Article]:
            # Each list is newest first (reading order): what comes after the article in it was published before it.
            start = bisect.bisect_right(listing, position, key=lambda other: self.order[other.src_uri])
            return listing[start:start + CANDIDATES]

        found = {other.src_uri: other for slug in tags for other in earlier(self.tags[slug].articles)}
        if len(found) < limit and section is not None:
            # Too few share a tag: the section's newest fill the list (any that share a tag rank first anyway).
            found.update((other.src_uri, other) for other in earlier(self.by_section.get(section, [])))

        def rank(other: Article) -> tuple[int, bool, int]:
            # Shared tags counted from the candidate's own, so that one found through a rare tag counts a common one too.
            return -len(tags & self.tag_sets[other.src_uri]), other.meta.section != section, self.order[other.src_uri]

        return heapq.nsmallest(limit, found.values(), key=rank)


@dataclass(frozen=True)
class ListPage:
    """One page of a listing: its number (0 for the listing's own address, its newest; 1 for the oldest page, then
    counting up), the articles it shows, newest first, and the numbers of the pages of newer and older articles."""

    number: int
    articles: list[Article]
    # The days its places span, its newest and its oldest (a withdrawn article's place counts): the page's label.
    span: tuple[Article, Article] | None
    newer: int | None
    older: int | None


def listing_pages(listed: list[Article], withdrawn: list[Article], per_page: int) -> list[ListPage]:
    """A listing's pages, newest first, made so that a page once written keeps its articles.

    Pages are counted from the oldest: page 1 holds the `per_page` oldest places, page 2 the next, and the
    listing's own address (page 0) holds what no full page does (`per_page` to twice that, less one, once there
    are that many). A new article then changes page 0 alone (and, each `per_page` articles, makes one more page,
    whose neighbour's link to it is new). A withdrawn article keeps its place, shown by no page, so that its
    withdrawal changes only the page that held it. One page, empty, for an empty listing.
    """
    places = newest_first([*listed, *withdrawn])
    shown = {article.src_uri for article in listed}
    full = max(0, len(places) // per_page - 1)
    first = len(places) - full * per_page
    pages = [places[:first], *(places[first + index * per_page:first + (index + 1) * per_page] for index in range(full))]
    numbers = [0, *range(full, 0, -1)]
    return [ListPage(number, [article for article in page if article.src_uri in shown],
                     (page[0], page[-1]) if page else None,
                     numbers[index - 1] if index else None, numbers[index + 1] if index + 1 < len(numbers) else None)
            for index, (number, page) in enumerate(zip(numbers, pages, strict=True))]


def page_address(address: str, number: int) -> str:
    """The address of a listing's page `number`: the listing's own for page 0 (its newest), `<address><n>/` after."""
    return address if number == 0 else f"{address}{number}/"


# The width a listing's photo is shown at, at most (docs/stylesheets/extra.css, "Sections, tags and people"): the
# browser picks the smallest rendition that covers it (560 px, the photo pipeline's smallest).
THUMBNAIL_SIZES = "(min-width: 45em) 180px, 120px"


def thumbnail_html(photo: Photo, base: str) -> Markup:
    """A small copy of a lead photo for a list of articles: the photo's renditions, the smallest the screen needs,
    loaded only as the reader nears it. Its alt text is empty: the headline beside it says what the entry is, and
    a screen reader would otherwise read the photo's description before every headline."""
    sources = "".join(f'<source type="image/{kind}" srcset="{escape(photo.srcset(kind, base))}" sizes="{THUMBNAIL_SIZES}">'
                      for kind in ("avif", "webp"))
    fallback = photo.fallback
    return Markup(f'<picture class="listing__photo">{sources}<img src="{escape(base + fallback.name)}" '
                  f'srcset="{escape(photo.srcset("jpeg", base))}" sizes="{THUMBNAIL_SIZES}" alt="" '
                  f'width="{fallback.width}" height="{fallback.height}" loading="lazy" decoding="async"></picture>')
