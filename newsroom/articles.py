"""The publication's articles: every Markdown file in docs/, each at its own permanent address.

Read once per build, before anything renders (the plugin's on_files), because the
front page and the feed need every article's headline, standfirst and date, and
an article's address must be settled before any page links to it:

- an article is a `.md` file directly in docs/ with the front matter `ArticleMeta`
  checks; adding one is adding the file, nothing else;
- its address is `<file name>/`, or `<slug>/` when the front matter gives a
  `slug`: that is its canonical URL and it never depends on the other articles;
- the front page (`index.md`, made here, never a file in docs/) is the newest
  article's source, so that it leads with the newest article in full, and the
  layout lists every article under it.

Material's blog plugin does the same for a blog (posts in `blog/posts/`, an index
and archive pages, addresses from dates and titles); the README says why this site
does not use it. Every refusal is one line naming the file.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import log as page_log
from mkdocs.utils.meta import get_data

from newsroom.authors import Author
from newsroom.front_matter import URL_SAFE, ArticleMeta, check_page
from newsroom.moments import instant
from newsroom.work import TYPES, WorkType

# The front page's source in the site: made by `place_articles`, never a file in docs/.
FRONT_PAGE = "index.md"
# Folders of the site's own pages that the plugin makes (newsroom.archive, newsroom.search): no article may
# take them.
ARCHIVE = "archive"
SEARCH = "search"
# The corrections page (newsroom.desk).
CORRECTIONS = "corrections"
# The listing pages' folders (newsroom.taxonomy: a section's, a tag's and an author's articles).
LISTINGS = ("section", "tag", "author")


@dataclass(frozen=True)
class Article:
    """One article as the build knows it before rendering."""

    # The file as the maintainer sees it, for messages: docs/alaska-summit.md.
    where: str
    # The file's path under docs/ (MkDocs' src_uri).
    src_uri: str
    # Its address relative to the site, ending in "/": alaska-summit/.
    address: str
    meta: ArticleMeta
    # The whole file, front matter and text.
    source: str
    # The publication's time zone (the `time_zone` setting), in which a date given as a day alone begins.
    zone: datetime.tzinfo = datetime.UTC
    # The type of work of an article whose front matter names none (the `default_type` setting).
    default_type: str = "news"

    @property
    def work(self) -> WorkType:
        """What kind of work it is (newsroom.work): its front matter's `type`, else the publication's default."""
        return TYPES[self.meta.type or self.default_type]

    @property
    def name(self) -> str:
        """The address without its slash: the name of the article's social card."""
        return self.address.rstrip("/")

    @property
    def page_file(self) -> str:
        """Its page's file in the site: alaska-summit/index.html."""
        return self.address + "index.html"

    @property
    def published(self) -> datetime.datetime:
        """The moment of its publication date (a day alone: its start in the publication's zone; newsroom.moments)."""
        return instant(self.meta.date, self.zone)

    @property
    def last_modified(self) -> datetime.datetime:
        """The moment the article last changed: the latest of its `updated`, its corrections and its withdrawal, else its
        publication's."""
        meta = self.meta
        changes = [meta.updated or meta.date, *(correction.date for correction in meta.corrections),
                   *([meta.withdrawn.date] if meta.withdrawn else [])]
        return max(instant(when, self.zone) for when in changes)

    @property
    def withdrawn(self) -> bool:
        """Taken down (front matter `withdrawn`): its address answers with a notice in place of the text."""
        return self.meta.withdrawn is not None


def first_address(article: Article) -> str:
    """The address (without its slash) the article had when it was first published: its feed entry's permanent id is
    made from it (newsroom.feed.entry_id). An article renamed later keeps its old addresses in `redirect_from`, oldest
    last, so the first is the last of those; without any, it is the address it has."""
    earlier = list(article.meta.redirect_from)
    return earlier[-1].strip("/") if earlier else article.name


def check_addresses_kept(articles: list[Article], published: Path, root: Path, others: Iterable[str] = ()) -> None:
    """Refuse a build in which a published address (one with an approved text in the `approved_texts` folder) has no article
    (nor is one of `others`, the publisher's pages: newsroom.publisher).

    That is what renaming an article's file does: its old address, which readers,
    feeds and search engines have, would stop working. The message says how to keep it.
    """
    addresses = {article.name for article in articles} | set(others)
    # An old address an article keeps alive with `redirect_from`: its approved text moved to the new address.
    moved = {old: article for article in articles for old in article.meta.redirect_from}
    for approved in sorted(published.glob("*.txt")) if published.is_dir() else []:
        where = approved.relative_to(root) if approved.is_relative_to(root) else approved
        if approved.stem in moved:
            article = moved[approved.stem]
            raise PluginError(
                f"{where}: {approved.stem}/ now sends readers to {article.address} ({article.where}'s 'redirect_from'), "
                f"so its approved text belongs to the new address: record it with "
                f"'uv run newsroom approve {article.where}' and delete this file."
            )
        if approved.stem not in addresses:
            raise PluginError(
                f"{where}: the article published at {approved.stem}/ has no file now. If you "
                f"renamed its file or changed its slug, keep its old address: add the line "
                f"'redirect_from: [{approved.stem}]' to the renamed file's front matter (readers are sent on to the new "
                f"address), or 'slug: {approved.stem}' (it stays at the old one). To take it down, give it 'withdrawn' "
                "(README: Withdrawing an article)."
            )


def check_old_addresses(articles: list[Article], taken: set[str]) -> None:
    """Refuse an old address (`redirect_from`) that two articles claim, that is an article's current address, or that
    is a folder of the site's own: each would send readers to the wrong page or hide one."""
    current = {article.name: article for article in articles}
    claimed: dict[str, Article] = {}
    for article in articles:
        for old in article.meta.redirect_from:
            if old in claimed:
                raise PluginError(f"{article.where}: front matter 'redirect_from' names {old + '/'!r}, which "
                                  f"{claimed[old].where} names too; an old address leads to one article")
            if old in current:
                raise PluginError(f"{article.where}: front matter 'redirect_from' names {old + '/'!r}, which is "
                                  f"{current[old].where}'s address now; take it out of 'redirect_from'")
            if old in taken:
                raise PluginError(f"{article.where}: front matter 'redirect_from' names {old + '/'!r}, a folder of the "
                                  "site's own; take it out of 'redirect_from'")
            claimed[old] = article


def address_name(src_uri: str, meta: ArticleMeta) -> str:
    """The article's address without its slash: its `slug`, else its file name without `.md`."""
    return meta.slug or PurePosixPath(src_uri).stem


def reading_order(published: datetime.datetime, name: str) -> tuple[float, str]:
    """Where an article comes on the front page, in the archive, the feed and search: newest moment first, then by
    address."""
    return -published.timestamp(), name


def newest_first(articles: list[Article]) -> list[Article]:
    """The articles in reading order."""
    return sorted(articles, key=lambda a: reading_order(a.published, a.name))


# Each article's checked front matter, by its file and a digest of its source. `mkdocs serve` reads every
# article again on every save: parsing and checking 1,000 front matters took half a second of each rebuild.
# A check that passed stays passed (it reads no clock: newsroom.schedule checks dates against it on every build),
# and a refusal is not kept.
_CHECKED: dict[tuple[str, str], ArticleMeta] = {}


def _checked_meta(source: str, where: str) -> ArticleMeta:
    """The article's front matter, checked (newsroom.front_matter.check_page), once per distinct source."""
    key = (where, hashlib.sha256(source.encode()).hexdigest())
    if key not in _CHECKED:
        body, meta = get_data(source)
        _CHECKED[key] = check_page(source, meta, body, where)
    return _CHECKED[key]


def read_articles(files: Files, docs_dir: Path, root: Path, authors: dict[str, Author],
                  zone: datetime.tzinfo = datetime.UTC, default_type: str = "news", reserved: Iterable[str] = ()
                  ) -> list[Article]:
    """Read and validate every article under docs/ (drafts and scheduled ones too: newsroom.schedule says which are
    published); refuse a file that cannot be one, two at one address, or an author the authors file does not name.
    `reserved`: addresses the site's own pages hold besides its folders (the publisher's: newsroom.publisher)."""
    docs = docs_dir.resolve()
    taken = {ARCHIVE, SEARCH, CORRECTIONS, *LISTINGS, *reserved} | {
        PurePosixPath(file.dest_uri).parts[0] for file in files
        if not file.is_documentation_page() and len(PurePosixPath(file.dest_uri).parts) > 1}
    by_address: dict[str, Article] = {}
    for file in files.documentation_pages():
        source_path = Path(file.abs_src_path or file.src_uri).resolve()
        where = str(source_path.relative_to(root)) if source_path.is_relative_to(root) else str(source_path)
        if not source_path.is_relative_to(docs):
            continue  # a page a plugin generated
        if file.src_uri == FRONT_PAGE:
            raise PluginError(f"{where}: the front page is made from the articles; "
                              "give this article a file name of its own, such as docs/alaska-summit.md")
        if "/" in file.src_uri:
            raise PluginError(f"{where}: articles are the .md files directly in docs/; move it there "
                              "(its address comes from its file name or its 'slug')")
        source = file.content_string
        article_meta = _checked_meta(source, where)
        for key in article_meta.authors:
            if key not in authors:
                known = ", ".join(authors) or "none yet"
                raise PluginError(f"{where}: front matter 'authors' names {key!r}, who is not in the authors file "
                                  f"(its authors: {known})")
        name = address_name(file.src_uri, article_meta)
        if not URL_SAFE.fullmatch(name):
            raise PluginError(f"{where}: its address would be {name + '/'!r}, which is not URL-safe; rename the file "
                              "to lowercase letters, digits and hyphens, or give it a 'slug' in its front matter")
        if name in taken:
            raise PluginError(f"{where}: its address {name + '/'!r} is a folder of the site's own; "
                              "give the article another file name or 'slug'")
        address = name + "/"
        if address in by_address:
            raise PluginError(f"{where}: its address {address!r} is already {by_address[address].where}'s; "
                              "give one of them another file name or 'slug'")
        by_address[address] = Article(where, file.src_uri, address, article_meta, source, zone, default_type)
    if not by_address:
        raise PluginError(f"{docs_dir}: holds no article; add one, such as docs/alaska-summit.md with its front matter")
    if all(article.withdrawn for article in by_address.values()):
        raise PluginError(f"{docs_dir}: every article is withdrawn, and the front page leads with one that is not")
    check_old_addresses(list(by_address.values()), taken)
    return newest_first(list(by_address.values()))


class _FrontPageEcho(logging.Filter):
    """Drops MkDocs' link warnings about the front page: its Markdown is the newest article's,
    whose own page gives the same warning naming the maintainer's file, not 'index.md'."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(f"Doc file '{FRONT_PAGE}'")


_ECHO = _FrontPageEcho()


def quiet_front_page_echoes() -> None:
    """Install the filter on MkDocs' page logger, once per process (`mkdocs serve` builds many times)."""
    # The module's own logger, not one by name: ProperDocs calls it "properdocs.structure.pages".
    if _ECHO not in page_log.filters:
        page_log.addFilter(_ECHO)


def place_articles(files: Files, config: MkDocsConfig, articles: list[Article]) -> None:
    """Put each article at its address (its page, and the front page made from the newest, are newsroom.pages')."""
    for article in articles:
        old = files.get_file_from_path(article.src_uri)
        assert old is not None, article.src_uri
        files.remove(old)
        files.append(File(article.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                          dest_uri=article.page_file))


def project_root(config: MkDocsConfig) -> Path:
    """The project's folder: mkdocs.yml's, against which files are named in messages."""
    return Path(config.config_file_path or ".").resolve().parent


def project_articles(config: MkDocsConfig, authors: dict[str, Author], zone: datetime.tzinfo = datetime.UTC,
                     default_type: str = "news", reserved: Iterable[str] = ()) -> list[Article]:
    """Every article of a project, drafts and scheduled ones included, newest first, read and validated as its build
    reads them (for the tools and tests; newsroom.schedule.published_at keeps those published at a moment), with the
    `time_zone` and `default_type` settings their caller read."""
    return read_articles(get_files(config), Path(config.docs_dir), project_root(config), authors, zone, default_type,
                         reserved)
