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
- **Related articles.** Under each article, up to `RELATED` others, ranked by the tags they
  share with it, then by sharing its section, then newest first. Candidates come from
  inverted indexes: the newest `CANDIDATES` of each of its tags' articles, and of its
  section's only when fewer than `RELATED` share a tag. So the cost per article has a
  ceiling however large the publication grows (no list is read further), reached once
  its lists are longer than that: an older article reached only through a very common
  tag may be passed over for newer ones, which rank above it anyway unless it shares
  more tags, and one sharing a rarer tag too is found through that tag's shorter list.

Each listing (a section's, a tag's, an author's articles) is split into pages of
`listing_page_articles`, newest first: `section/world/`, then `section/world/2/`…
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError

from newsroom.articles import LISTINGS, Article
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

    @classmethod
    def empty(cls) -> Taxonomy:
        """No sections, tags or authors: the state before the articles are read."""
        return cls({}, {}, {}, {}, {}, {})

    @classmethod
    def of(cls, articles: list[Article], sections: dict[str, Section], authors: dict[str, Author],
           require_section: bool, sections_file: str, authors_file: str = "the authors file") -> Taxonomy:
        """The taxonomy of `articles` (newest first); refuse an unknown section, a missing one where required, a tag
        that makes no address, and an author key that cannot be an address (the files named as given)."""
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
        return cls(sections, group_tags(articles), by_section, by_author, slugs, order,
                   {src_uri: frozenset(tags) for src_uri, tags in slugs.items()})

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
        """Up to `limit` other articles, those sharing most of its tags first, then those in its section, then the
        newest: candidates are the newest `CANDIDATES` of each of its tags' lists (and of its section's, when too few
        share a tag), never all."""
        own, section = article.src_uri, article.meta.section
        tags = self.tag_sets[own] if own in self.tag_sets else frozenset(self._slugs_of(article))
        # +1: the article itself may be among them.
        found = {other.src_uri: other for slug in tags for other in self.tags[slug].articles[:CANDIDATES + 1]
                 if other.src_uri != own}
        if len(found) < limit and section is not None:
            # Too few share a tag: the section's newest fill the list (any that share a tag rank first anyway).
            found.update((other.src_uri, other) for other in self.by_section.get(section, [])[:CANDIDATES + 1]
                         if other.src_uri != own)

        def rank(other: Article) -> tuple[int, bool, int]:
            # Shared tags counted from the candidate's own, so that one found through a rare tag counts a common one too.
            return -len(tags & self.tag_sets[other.src_uri]), other.meta.section != section, self.order[other.src_uri]

        return heapq.nsmallest(limit, found.values(), key=rank)


def pages_of(articles: list[Article], per_page: int) -> list[list[Article]]:
    """A listing split into pages of `per_page`, newest first; one page, empty, for an empty listing."""
    return [articles[start:start + per_page] for start in range(0, len(articles), per_page)] or [[]]


def page_address(address: str, number: int) -> str:
    """The address of a listing's page `number` (from 1): its own address for the first, `<address><n>/` after."""
    return address if number == 1 else f"{address}{number}/"


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
