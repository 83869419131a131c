"""The site's own settings: the `newsroom` plugin's options under `plugins:` in mkdocs.yml.

One schema, MkDocs' `Config` classes, as Material's blog plugin and mkdocs-rss-plugin
declare theirs: MkDocs itself refuses a misspelt option ("Unrecognised configuration
name") or a mistyped one, naming it, before anything is built. Each option's type says
what it is for in its message.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from newsroom.moments import time_zone
from newsroom.work import SPONSORED, TYPES


class SitePath(c.Type[str]):
    """A path inside the built site: relative, without '..', ending as `ending` says."""

    def __init__(self, ending: str, purpose: str, default: str) -> None:
        super().__init__(str, default=default)
        self.ending, self.purpose = ending, purpose

    def run_validation(self, value: object) -> str:
        path = PurePosixPath(str(value))
        if not isinstance(value, str) or not value or path.is_absolute() or ".." in path.parts \
                or not value.endswith(self.ending):
            raise ValidationError(f"is {value!r}, but must be a relative path in the site ending in {self.ending!r}: "
                                  f"{self.purpose}")
        return value


class WholeNumber(c.Type[int]):
    """A whole number within bounds (YAML `true` is not one)."""

    def __init__(self, least: int, most: int, purpose: str, default: int) -> None:
        super().__init__(int, default=default)
        self.least, self.most, self.purpose = least, most, purpose

    def run_validation(self, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not self.least <= value <= self.most:
            raise ValidationError(f"is {value!r}, but must be a whole number from {self.least} to {self.most}: {self.purpose}")
        return value


class Locale(c.Type[str]):
    """An Open Graph locale: language_TERRITORY, such as en_US."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", value):
            raise ValidationError(f"is {value!r}, but must be an Open Graph locale, language_TERRITORY such as en_US")
        return value


class TimeZone(c.Type[str]):
    """An IANA time zone name, such as America/Anchorage, that this machine's zoneinfo (or PyPI's tzdata) knows."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        try:
            time_zone(str(value)) if isinstance(value, str) else time_zone("")
        except ValueError as error:
            raise ValidationError(f"is {value!r}, which is not an IANA time zone name, such as America/Anchorage or "
                                  "Europe/London: the publication's time zone") from error
        return str(value)


class TagAuthority(c.Type[str]):
    """The tagging entity of the feed's permanent ids (RFC 4151 `tag:` URIs): a domain name or an e-mail address the
    publication controls, a comma, and a day (or month, or year) on which it controlled it: example.org,2026-11-25."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        name = r"[a-z0-9]+(?:-+[a-z0-9]+)*(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)+"
        if not isinstance(value, str) or not re.fullmatch(rf"(?:[a-z0-9._%+-]+@)?{name},\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?",
                                                           value):
            raise ValidationError(f"is {value!r}, but must be a domain name or e-mail address the publication controls "
                                  "and a date it controlled it on, such as example.org,2026-11-25: the feed's permanent "
                                  "ids are made from it (RFC 4151)")
        return value


class Patterns(c.ListOfItems[str]):
    """The files the built site may hold, as patterns relative to the site: at least one."""

    def __init__(self) -> None:
        super().__init__(c.Type(str))

    def run_validation(self, value: object) -> list[str]:
        patterns = super().run_validation(value)
        for pattern in patterns:
            path = PurePosixPath(pattern)
            if not pattern or path.is_absolute() or ".." in path.parts:
                raise ValidationError(f"holds {pattern!r}, but each must be a pattern relative to the site")
        if not patterns:
            raise ValidationError("is empty: list the files (patterns relative to the site) the built site may hold")
        return patterns


class NewsroomConfig(Config):
    """Every setting of the site's own build features (the README's "Settings")."""

    # The approved text of every published article, as <address>.txt, written by `newsroom approve docs/<file>.md`:
    # what the tests hold each page to, and the record of which addresses are published (a renamed file cannot
    # drop one).
    approved_texts = c.Dir(exists=False, default="published")
    # Each article's social card, drawn from its headline, as <address>.png: its og:image.
    social_cards = SitePath("/", "the folder each article's card is written to as <address>.png", "assets/cards/")
    # The Atom feed, linked from every page's <head>.
    feed = SitePath(".xml", "where the Atom feed is written", "feed.xml")
    # The Open Graph locale (og:locale): the site's language as language_TERRITORY.
    og_locale = Locale(default="en_US")
    # How many words a reader gets through in a minute, for the reading time.
    words_per_minute = WholeNumber(50, 1000, "the words a reader reads in a minute, for the reading time", 200)
    # How many articles the front page lists under the one it leads with; the archive has every one.
    front_page_articles = WholeNumber(1, 200, "how many articles the front page lists under the newest", 20)
    # How many of the newest articles the feed carries, in full: its size stays the same as the site grows.
    feed_articles = WholeNumber(1, 500, "how many of the newest articles the feed carries", 20)
    # The most articles one archive page lists: a year with more gets a page a month.
    archive_page_articles = WholeNumber(10, 1000, "the most articles an archive page lists before a year is split by month", 100)
    # The most articles one search index holds: a larger publication is indexed in sections of this many, one after
    # another, which the search page merges (newsroom.search.sections says why).
    search_index_articles = WholeNumber(1, 5000, "the most articles one search index holds", 1000)
    # Cut the inlined CSS to what each page uses; false inlines Material's stylesheets whole.
    stylesheet_reduction = c.Type(bool, default=True)
    # Every file the built site may hold; the build fails on any other, and on a pattern it wrote nothing for.
    publish = Patterns()
    # The publication's authors (newsroom.authors), whom an article's `authors:` names for its byline.
    authors = c.File(exists=False, default="authors.yml")
    # The publisher and its pages (newsroom.publisher): about, masthead, contact, ownership, ethics and other policies.
    publisher = c.File(exists=False, default="publisher.yml")
    # The publication's time zone (an IANA name): a date given as a day alone is that day here, and pages show times in
    # it (newsroom.moments, newsroom.date_line).
    time_zone = TimeZone(default="UTC")
    # How far ahead of the build's clock an article may be dated (scheduled, newsroom.schedule): further is a typo.
    schedule_days_ahead = WholeNumber(1, 366, "how many days ahead of the build an article may be scheduled", 60)
    # The feed's permanent ids (RFC 4151): a domain or e-mail address the publication controls and a date it controlled
    # it on, `example.org,2026-11-25`; an entry's id is tag:<domain>,<first publication day>:<first address>, the
    # feed's tag:<this>:<feed>. Set once and never changed (newsroom.feed).
    feed_id_authority = TagAuthority()
    # The publication's sections (newsroom.taxonomy), whom an article's `section:` names; whether every article needs one.
    sections = c.File(exists=False, default="sections.yml")
    require_section = c.Type(bool, default=False)
    # The most articles one page of a section's, a tag's or an author's articles lists; older ones are on further pages.
    listing_page_articles = WholeNumber(5, 200, "the most articles one page of a section, tag or author lists", 20)
    # What later builds reuse (social cards, photo encodings), kept out of the site.
    cache_dir = c.Type(str, default=".cache")
    # The type of work an article is when its front matter names none (newsroom.work): any but sponsored content,
    # which must name its sponsor.
    default_type = c.Choice(tuple(key for key in TYPES if key != SPONSORED), default="news")

