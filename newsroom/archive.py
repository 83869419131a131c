"""The archive: every article, by year, at permanent addresses, so the front page can stay one size.

The front page shows the newest article in full and lists the next few (the plugin's
`front_page_articles`); every article is in the archive: one page per year,
`archive/2026/`, listing its articles newest first with headline, standfirst and date.
A year with more articles than one page holds (`archive_page_articles`) gets a page
per month instead, `archive/2026/11/`, and its year page lists the months. An
article's archive page depends only on its own date, so its address never changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from newsroom.articles import ARCHIVE, Article
from newsroom.moments import local_day


@dataclass(frozen=True)
class ArchivePage:
    """One page of the archive: a year's articles, a month's, or a year's months."""

    # Its source in the site (a generated page) and its address, relative to the site.
    src_uri: str
    address: str
    # How the page names itself ("2026", "November 2026"), and its year.
    label: str
    year: int
    articles: list[Article] = field(default_factory=list)
    # For a year split by month (whose page then lists these, not its articles): each month's label and address, newest first.
    months: list[tuple[str, str]] = field(default_factory=list)

    @property
    def last_modified(self) -> datetime.datetime:
        """The latest change of anything it lists (for the sitemap)."""
        return max(article.last_modified for article in self.articles)


def archive_pages(articles: list[Article], page_size: int) -> list[ArchivePage]:
    """The archive's pages for `articles` (newest first): a page a year, or a page a month where a year is too long."""
    pages: list[ArchivePage] = []
    # By the day in the publication's zone: an article at 23:30 in Anchorage on 31 December is that year's.
    for year, in_year in groupby(articles, key=lambda article: local_day(article.meta.date, article.zone).year):
        listed = list(in_year)
        if len(listed) <= page_size:
            pages.append(ArchivePage(f"{ARCHIVE}/{year}.md", f"{ARCHIVE}/{year}/", str(year), year, listed))
            continue
        months = []
        for month, in_month in groupby(listed, key=lambda article: local_day(article.meta.date, article.zone).month):
            label = f"{datetime.date(year, month, 1):%B} {year}"
            address = f"{ARCHIVE}/{year}/{month:02}/"
            months.append((label, address))
            pages.append(ArchivePage(f"{ARCHIVE}/{year}/{month:02}.md", address, label, year, list(in_month)))
        # The year's page lists its months; it keeps its articles only to be dated by them.
        pages.append(ArchivePage(f"{ARCHIVE}/{year}.md", f"{ARCHIVE}/{year}/", str(year), year, listed, months))
    return pages


def years(pages: list[ArchivePage]) -> list[tuple[str, str]]:
    """Each year's label and address, newest first: how the archive's pages link each other."""
    return [(page.label, page.address) for page in pages if page.label == str(page.year)]
