"""Shared fixtures: the site is built once per session, served once, checked by every test.

The site is the project's code built with the test suite's own publication, the corpus (tests/corpus), never with
docs/: the suite judges the code on articles it owns, and takes the same time however many articles docs/ holds.
Checks that depend on the articles' content take `article_site` instead of `site`:
it is the same site, and then a build of a copy of the corpus's seed after each legitimate edit (legit_edits.py).
A site's `pages` are the front page and each article's page, each with the
article it shows: the checks that hold for every page loop over them.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from playwright.sync_api import Browser

from article_edit import ArticleEditor
from harness import node_tools
from harness.browser import system_browser
from harness.pages_server import PagesServer
from harness.project import (
    NEWSROOM_NOW,
    REPO_ROOT,
    SEED,
    Build,
    ProjectArticle,
    articles,
    clock_past_schedule,
    copy_project,
    mkdocs_build,
    plugin_settings,
    project_settings,
    site_config,
)
from legit_edits import EDITS, bylines_added, lead_photo_added, newer_article_added
from newsroom.archive import ArchivePage, archive_pages
from newsroom.authors import Author
from newsroom.config import NewsroomConfig
from newsroom.front_matter import ArticleMeta, Correction
from newsroom.inputs import header_colours
from newsroom.photos import Photo, process_photo
from newsroom.verify.dom import Expected
from newsroom.verify.text import photo_line

# Re-exported: the tests import what they share from here.
__all__ = ["REPO_ROOT", "ProjectArticle", "copy_project", "mkdocs_build", "plugin_settings", "site_config"]

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "publish.yml"
README = REPO_ROOT / "README.md"
# The sub-path the site is served under, as on a project Pages site (OWNER.github.io/REPO/).
SUB_PATH = "/anchorage-summit/"

# The build's clock (newsroom.clock) for the whole session, every build and every reading of the articles: set once,
# so that nothing changes while the suite runs, and past every scheduled article's time of the corpus, so that the
# corpus and every legitimate edit are checked as they will be once everything scheduled is published (drafts stay out;
# test_schedule.py checks what a build before their time leaves out). A clock the environment gives is kept.
os.environ.setdefault(NEWSROOM_NOW, clock_past_schedule().isoformat())


# What a reader must read, in the tests' own words: never computed with the build's code, whose fault it would
# repeat. tests/test_date_line.py pins the build's wording to the same, once.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def written_date(when: datetime.date, zone: datetime.tzinfo) -> str:
    """A date as readers read it on every page: 26 November 2026 for a day; for a time, the time in the publication's
    zone with the zone's abbreviation: 26 November 2026, 06:00 AKST."""
    if not isinstance(when, datetime.datetime):
        return f"{when.day} {MONTHS[when.month - 1]} {when.year}"
    local = when.astimezone(zone)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local.hour:02}:{local.minute:02} {local.tzname()}"


def byline_of(names: list[str]) -> str:
    """The byline naming these authors in order: "By A", "By A and B", "By A, B and C"; none without authors."""
    if not names:
        return ""
    return "By " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}")


def dateline_of(place: str | None) -> str | None:
    """The dateline before the article's text: the front matter's place as written, then an em dash; none without."""
    return f"{place} \u2014" if place else None


def minutes_to_read(words: int, per_minute: int) -> int:
    """The reading time of `words` words at `per_minute`: rounded to whole minutes, and at least one."""
    return max(1, round(words / per_minute))


@dataclass(frozen=True)
class SitePage:
    """One page of a built site that shows an article: the front page, or the article's own."""

    # The file in the site: index.html, alaska-summit/index.html.
    name: str
    # Its absolute address.
    url: str
    # The article it shows (the front page shows the newest).
    article: ProjectArticle
    front: bool

    def __str__(self) -> str:
        return self.name


# The publisher's pages (newsroom.publisher), in the README's words: each kind's address, its footer's label and the
# NewsMediaOrganization properties that name it.
POLICIES = {
    "about": ("about/", "About us", ("missionCoveragePrioritiesPolicy",)),
    "masthead": ("masthead/", "Masthead", ("masthead",)),
    "contact": ("contact/", "Contact", ("actionableFeedbackPolicy",)),
    "ownership": ("ownership-and-funding/", "Ownership and funding", ("ownershipFundingInfo",)),
    "ethics": ("ethics/", "Ethics", ("ethicsPolicy", "publishingPrinciples")),
    "corrections": ("corrections-policy/", "Corrections policy", ("correctionsPolicy",)),
    "verification": ("verification/", "Verification", ("verificationFactCheckingPolicy",)),
    "unnamed_sources": ("unnamed-sources/", "Unnamed sources", ("unnamedSourcesPolicy",)),
}


# Each type of work (newsroom.work), in the Trust Project's and schema.org's words: the label readers read and the
# schema.org type (https://schema.org/NewsArticle's subtypes; AdvertiserContentArticle for sponsored content).
WORK_TYPES = {
    "news": ("News", "ReportageNewsArticle"),
    "analysis": ("Analysis", "AnalysisNewsArticle"),
    "opinion": ("Opinion", "OpinionNewsArticle"),
    "background": ("Background", "BackgroundNewsArticle"),
    "review": ("Review", "ReviewNewsArticle"),
    "sponsored": ("Sponsored content", "AdvertiserContentArticle"),
}


@dataclass(frozen=True)
class PolicyFile:
    """One of the publisher's pages as the project's publisher file names it."""

    kind: str
    # Its file in the project (policies/about.md) and its page in the site (about/index.html).
    path: Path
    address: str

    @property
    def name(self) -> str:
        return self.address + "index.html"


@dataclass(frozen=True)
class Site:
    """A built and served site, and the project it was built from."""

    dir: Path
    url: str
    # The copy of the project it was built from: the corpus (tests/corpus), or its seed after a legitimate edit.
    project: Path
    # Which build this is: "the corpus", or the legitimate edit it was made after (legit_edits.py).
    label: str = "the corpus"
    # The server serving it, which counts what it sends (for the weight budget).
    server: PagesServer | None = None
    # The clock it was built at (newsroom.clock), when not the session's.
    now: datetime.datetime | None = None

    def soup(self, name: str = "index.html") -> BeautifulSoup:
        """Parse one built HTML file."""
        return BeautifulSoup((self.dir / name).read_text(encoding="utf-8"), "html.parser")

    @functools.cached_property
    def articles(self) -> list[ProjectArticle]:
        """The project's articles published at its clock, newest first, read and validated as the build reads them."""
        return articles(self.project, self.now)

    @functools.cached_property
    def pages(self) -> list[SitePage]:
        """The front page, then each article's own page (but a withdrawn one's: `withdrawn_pages`)."""
        front = SitePage("index.html", self.url, self.lead, front=True)
        return [front, *(SitePage(f"{a.name}/index.html", self.url + a.address, a, front=False) for a in self.listed)]

    @property
    def withdrawn_pages(self) -> list[SitePage]:
        """Each withdrawn article's address, which shows its headline, dates and notice (newsroom.desk)."""
        return [SitePage(f"{a.name}/index.html", self.url + a.address, a, front=False) for a in self.articles
                if a.meta.withdrawn is not None]

    @functools.cached_property
    def kinds(self) -> list[SitePage]:
        """One page of each kind the site has, for the checks too slow to run on every page: the front page, then the
        first article's page of each kind (no photo, a lead photo, photos in its text), then a withdrawn one's."""
        def kind(page: SitePage) -> str:
            meta = page.article.meta
            return ("lead photo" if meta.image
                    else "photos in the text" if any(photo_line(p) for p in page.article.approved_paragraphs()) else "text")
        first: dict[str, SitePage] = {}
        for page in self.pages[1:]:
            first.setdefault(kind(page), page)
        return [self.pages[0], *first.values(), *self.withdrawn_pages[:1]]

    def page_of(self, name: str) -> SitePage:
        """The page of the article whose address is `name`/ (the front page never: it is the first of `pages`)."""
        return next(page for page in self.pages[1:] if page.article.name == name)

    @property
    def listed(self) -> list[ProjectArticle]:
        """The articles the front page, the archive and the feed list, newest first: every one not withdrawn."""
        return [article for article in self.articles if article.meta.withdrawn is None]

    @property
    def lead(self) -> ProjectArticle:
        """The article the front page leads with: the newest not withdrawn."""
        return next(article for article in self.articles if article.meta.withdrawn is None)

    @functools.cached_property
    def archive(self) -> list[ArchivePage]:
        """The archive's pages, as the build's own archive makes them from these articles (a withdrawn one is in none)."""
        return archive_pages([article.built for article in self.articles if article.meta.withdrawn is None],
                             self.settings.archive_page_articles)

    @property
    def listing_pages(self) -> list[str]:
        """The section, tag and author pages the build wrote (newsroom.taxonomy), by their names in the site."""
        return sorted(path.relative_to(self.dir).as_posix() for folder in ("section", "tag", "author")
                      for path in (self.dir / folder).rglob("index.html"))

    @functools.cached_property
    def policies(self) -> list[PolicyFile]:
        """The publisher's pages the project's publisher file names, in its order (none without one)."""
        path = Path(self.settings.publisher)
        pages = yaml.safe_load(path.read_text(encoding="utf-8"))["publisher"].get("pages", {}) if path.is_file() else {}
        return [PolicyFile(kind, self.project / file, POLICIES[kind][0]) for kind, file in pages.items()]

    def policy_expected(self, policy: PolicyFile) -> Expected:
        """What a publisher's page must show: its approved text under its title, its description and the day it was last
        updated, in the tests' words."""
        meta = yaml.safe_load(policy.path.read_text(encoding="utf-8").split("---\n")[1])
        approved = self.project / self.settings.approved_texts / f"{policy.address.rstrip('/')}.txt"
        # The masthead names the authors file's people, each followed by the role it gives.
        named = [", ".join(filter(None, [person["name"], person.get("role")])) for person in self.authors_file().values()]
        return Expected(paragraphs=approved.read_text(encoding="utf-8").split("\n"), headline=meta["title"],
                        standfirst=meta["description"], glance=[],
                        date_line=f"Last updated {written_date(meta['updated'], self.zone)}",
                        people=tuple(named) if policy.kind == "masthead" else ())

    def work_type(self, article: ProjectArticle) -> str:
        """An article's type of work: its front matter's, else the `default_type` setting's."""
        return article.meta.type or self.settings.default_type

    def publisher_data(self) -> dict[str, object]:
        """The publisher as every page's structured data must name it: one NewsMediaOrganization, its `@id` the site's
        address and #publisher, its name the publisher file's (else site_name), each page it has by its property."""
        path = Path(self.settings.publisher)
        declared = yaml.safe_load(path.read_text(encoding="utf-8"))["publisher"] if path.is_file() else {}
        data: dict[str, object] = {"@type": "NewsMediaOrganization", "@id": self.url + "#publisher",
                                   "name": declared.get("name", self.config["site_name"]), "url": self.url}
        for policy in self.policies:
            for prop in POLICIES[policy.kind][2]:
                data[prop] = self.url + policy.address
        return data

    @property
    def html_pages(self) -> list[str]:
        """Every HTML file of the site, by its name in the site: each page, the archive's and the search page, the
        section, tag and author pages, the publisher's pages, then 404."""
        return [*(page.name for page in self.pages), *(page.name for page in self.withdrawn_pages),
                *(f"{page.address}index.html" for page in self.archive),
                "search/index.html", "corrections/index.html", *self.listing_pages,
                *(policy.name for policy in self.policies), "404.html"]

    @property
    def meta(self) -> ArticleMeta:
        """The front matter of the article the front page leads with."""
        return self.lead.meta

    @property
    def paragraphs(self) -> list[str]:
        """The approved text of the article the front page leads with."""
        return self.lead.approved_paragraphs()

    @functools.cached_property
    def config(self) -> MkDocsConfig:
        """The project's mkdocs.yml, as MkDocs loads it."""
        return site_config(self.project)

    @functools.cached_property
    def settings(self) -> NewsroomConfig:
        """The newsroom plugin's settings (not `self.config`'s: MkDocs gives those of the latest project loaded)."""
        return project_settings(self.project)

    def header_colours(self) -> dict[str, str]:
        """The header's colour in each scheme, as the project's stylesheet sets it (read as the build reads it)."""
        return header_colours(self.project / "docs", self.config["extra_css"])

    def lead_photo(self, article: ProjectArticle) -> Photo | None:
        """The renditions the build makes of an article's lead photo (from the shared cache, as the build reads it)."""
        image = article.meta.image
        if image is None:
            return None
        source = (article.path.parent / image.src).read_bytes()
        return process_photo(source, self.project / self.settings.cache_dir / "photos", lead=True)

    def authors_file(self) -> dict[str, dict[str, Any]]:
        """The project's authors file, as written: each author's entry by key (none without the file)."""
        path = self.project / self.settings.authors
        return yaml.safe_load(path.read_text(encoding="utf-8"))["authors"] if path.is_file() else {}

    def authors_of(self, article: ProjectArticle) -> list[Author]:
        """The article's authors in its byline's order, with the name and page the project's authors file gives each."""
        known = self.authors_file()
        return [Author(key, known[key]["name"], known[key].get("url")) for key in article.meta.authors]

    def byline(self, article: ProjectArticle) -> str | None:
        """The byline a reader should see under the article's headline, if it names its authors."""
        return byline_of([author.name for author in self.authors_of(article)]) or None

    def reading_minutes(self, article: ProjectArticle | None = None) -> int:
        """The reading time a page should show: the approved text's words at the plugin's words_per_minute."""
        words = len(" ".join((article or self.lead).approved_paragraphs()).split())
        return minutes_to_read(words, self.settings.words_per_minute)

    def expected(self, page: SitePage) -> Expected:
        """The article a page shows, as its approved text and front matter say a reader must see it."""
        meta = page.article.meta
        if meta.withdrawn is not None:
            # Its address answers with the headline, its dates and the notice: none of its text (newsroom.desk).
            return Expected(paragraphs=[], headline=meta.title, standfirst=None, glance=[], withdrawn=meta.withdrawn.notice,
                            date_line=f"Published on this site {written_date(meta.date, self.zone)} · "
                                      f"Withdrawn {written_date(meta.withdrawn.date, self.zone)}")
        return Expected(
            paragraphs=page.article.approved_paragraphs(),
            headline=meta.title,
            standfirst=meta.description,
            date_line=self.date_line(page.article),
            lead_photo=" ".join(filter(None, [meta.image.caption, meta.image.credit])) if meta.image else None,
            byline=self.byline(page.article),
            glance=meta.glance,
            corrections=tuple(self.correction_as_read(correction) for correction in meta.corrections),
            dateline=dateline_of(meta.dateline),
        )

    @property
    def zone(self) -> ZoneInfo:
        """The publication's time zone (the plugin's time_zone setting)."""
        return ZoneInfo(self.settings.time_zone)

    def machine_date(self, when: datetime.date) -> str:
        """A front-matter date as the machine-readable forms must carry it (RFC 3339, full time and the publication's
        offset): a time in the publication's zone, a day alone from its midnight there."""
        return self.moment(when).isoformat()

    def moment(self, when: datetime.date) -> datetime.datetime:
        """A front-matter date as a moment in the publication's zone: a day alone from its midnight there."""
        if isinstance(when, datetime.datetime):
            return when.astimezone(self.zone)
        return datetime.datetime(when.year, when.month, when.day, tzinfo=self.zone)

    def last_change(self, meta: ArticleMeta) -> datetime.datetime:
        """The moment of an article's last change, as the README says: the latest of `updated` (else `date`), its
        corrections' dates and its withdrawal's."""
        return max(self.moment(when) for when in [meta.updated or meta.date, *(c.date for c in meta.corrections),
                                                   *([meta.withdrawn.date] if meta.withdrawn else [])])

    def modified(self, meta: ArticleMeta) -> str | None:
        """What an article's `dateModified` and `article:modified_time` say: its last change, if it has been changed
        (`updated`, a correction, a withdrawal); nothing otherwise."""
        changed = meta.updated is not None or meta.corrections or meta.withdrawn is not None
        return self.last_change(meta).isoformat() if changed else None

    def correction_as_read(self, correction: Correction) -> str:
        """A correction as a reader reads it at the end of its article: headed with its date, its Markdown read as text
        (emphasis and links keep their words; the links here are [words](address))."""
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", correction.text)
        return f"Correction, {written_date(correction.date, self.zone)}: " + re.sub(r"(\*\*|\*|__|_|`)", "", text)

    def local_day(self, when: datetime.date) -> datetime.date:
        """A front-matter date's calendar day in the publication's zone (the archive's year and month)."""
        return when.astimezone(self.zone).date() if isinstance(when, datetime.datetime) else when

    def date_line(self, article: ProjectArticle) -> str:
        """The date line a reader should see under the article's headline: published, updated if dated, reading time."""
        meta = article.meta
        parts = [f"Published on this site {written_date(meta.date, self.zone)}",
                 *([f"Updated {written_date(meta.updated, self.zone)}"] if meta.updated else []),
                 f"{self.reading_minutes(article)} min read"]
        return " · ".join(parts)




def meta_content(page: BeautifulSoup, key: str) -> str | None:
    """The content of <meta property=key> (Open Graph) or <meta name=key>, if the page has one."""
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag.get("content") if tag else None


def readme_test_command() -> str:
    """The one test command the README gives (in a ```sh block, on a line of its own)."""
    commands = re.findall(r"^(uv run pytest\b.*)$", README.read_text(encoding="utf-8"), re.M)
    assert commands, "README.md gives no `uv run pytest` command"
    return commands[0].strip()


def node_tool(*parts: str) -> Path:
    """A file from the Node checkers, installed from package-lock.json if need be."""
    try:
        return node_tools.node_tool(*parts)
    except node_tools.NodeToolsMissing as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def server() -> Iterator[PagesServer]:
    """A loopback server bound before the build, so the build knows its address."""
    pages = PagesServer(SUB_PATH)
    yield pages
    pages.stop()


@pytest.fixture(scope="session")
def site(server: PagesServer, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Build the project's code with the test corpus (tests/corpus) once with `mkdocs build --strict` and serve it like
    Pages."""
    project = copy_project(tmp_path_factory.mktemp("corpus") / "project", corpus=True)
    build = mkdocs_build(project, project.parent / "site", site_url=server.url)
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict of the corpus failed (exit {build.returncode}):\n{build.output}")
    server.start(build.site_dir)
    return Site(build.site_dir, server.url, project, server=server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless system Chromium for the whole session (never a downloaded one; without one, a message says why)."""
    with system_browser() as chromium:
        yield chromium


@contextmanager
def served(project: Path, site_dir: Path, why: str, label: str = "a copy", now: datetime.datetime | None = None,
           ) -> Iterator[Site]:
    """Build `project` with `mkdocs build --strict` for a fresh Pages stand-in and serve it while in use.

    `why` says what the copy is, for the message if its build fails; `now`, the build's clock when not the session's.
    """
    pages = PagesServer(SUB_PATH)
    try:
        build = mkdocs_build(project, site_dir, site_url=pages.url, now=now)
        if build.returncode != 0:
            pytest.fail(f"{why}: mkdocs build --strict failed (exit {build.returncode}):\n{build.output}")
        pages.start(build.site_dir)
        yield Site(build.site_dir, pages.url, project, label, pages, now)
    finally:
        pages.stop()


@pytest.fixture(scope="session")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Path, PagesServer, Build]]]:
    """Each legitimate edit made on a copy of its own and built, as many at a time as the machine has cores
    (each build is a process of its own); `article_site` serves each when a test first asks for it."""
    copies: dict[str, tuple[Path, PagesServer]] = {}
    try:
        for name, edit in EDITS.items():
            project = copy_project(tmp_path_factory.mktemp("edit") / "project")
            before = snapshot(project / "docs")
            edit(ArticleEditor(project))
            assert snapshot(project / "docs") != before, f"the edit ({name}) changed nothing"
            copies[name] = (project, PagesServer(SUB_PATH))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            builds = list(pool.map(lambda copy: mkdocs_build(copy[0], copy[0].parent / "site", site_url=copy[1].url),
                                   copies.values()))
        yield {name: (project, server, build) for (name, (project, server)), build in zip(copies.items(), builds, strict=True)}
    finally:
        for _, server in copies.values():
            server.stop()


def _edited_site(edited: dict[str, tuple[Path, PagesServer, Build]], name: str) -> Site:
    """The copy made by legitimate edit `name`, served from the first time a test asks for it."""
    project, server, build = edited[name]
    if build.returncode != 0:
        pytest.fail(f"after a legitimate edit ({name}): mkdocs build --strict failed (exit {build.returncode}):\n{build.output}")
    if server.root is None:
        server.start(build.site_dir)
    return Site(build.site_dir, server.url, project, name, server)


@pytest.fixture(scope="session")
def every_site(site: Site, edited: dict[str, tuple[Path, PagesServer, Build]]) -> list[Site]:
    """The corpus and every legitimately edited copy of its seed, for a check that runs one tool over all of them at
    once."""
    return [site, *(_edited_site(edited, name) for name in EDITS)]


@pytest.fixture(scope="session", params=["the corpus", *EDITS], ids=["the corpus", *EDITS])
def article_site(request: pytest.FixtureRequest, site: Site) -> Site:
    """The corpus, then a build of a copy of its seed after each legitimate edit, served like Pages."""
    if request.param == "the corpus":
        return site
    return _edited_site(request.getfixturevalue("edited"), request.param)


@pytest.fixture(scope="session")
def publication(edited: dict[str, tuple[Path, PagesServer, Build]]) -> Site:
    """The copy with a second, newer article (legit_edits.py): a front page that lists articles, for the
    audits that otherwise run on the corpus alone (axe, Lighthouse, the budget, the Nu Html Checker)."""
    built = _edited_site(edited, next(name for name, edit in EDITS.items() if edit is newer_article_added))
    assert len(built.articles) == 2 and built.soup().select(".article-list li"), "the front page lists no articles"
    return built


@pytest.fixture(scope="session")
def bylined(edited: dict[str, tuple[Path, PagesServer, Build]]) -> Site:
    """The copy whose newest article has a byline of two authors (legit_edits.py)."""
    built = _edited_site(edited, next(name for name, edit in EDITS.items() if edit is bylines_added))
    assert built.articles[0].meta.authors and built.soup().select(".article-byline")
    return built


@pytest.fixture(scope="session")
def photographed(edited: dict[str, tuple[Path, PagesServer, Build]]) -> Site:
    """The copy whose newest article has a lead photo (legit_edits.py): for the audits that otherwise run on pages
    without one (axe, Lighthouse, the budget, the Nu Html Checker, layout shift)."""
    built = _edited_site(edited, next(name for name, edit in EDITS.items() if edit is lead_photo_added))
    assert built.articles[0].meta.image is not None and built.soup(built.pages[1].name).select("figure picture")
    return built


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path: to tell that an edit changed something."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


# The pixel check (newsroom.verify.pixels) reads every layout of every page with Tesseract: minutes of processor
# time, most of it while the rest of the suite waits on builds and browsers. It runs as a process of
# its own, at low priority, from the first test on; its tests (test_pixels.py) run last and read its results.
PIXEL_TESTS = "test_pixels.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the pixel check's tests last, so that the rest of the suite runs while it reads."""
    items.sort(key=lambda item: item.path.name == PIXEL_TESTS)


@dataclass
class PixelJob:
    """The pixel check, running in the background over the visits it was given."""

    process: subprocess.Popen[bytes]
    results: Path
    log: Path

    def visits(self) -> list[dict[str, object]]:
        """Each visit's problems and worst score by layout, once the check has read them all."""
        self.process.wait()
        if self.process.returncode != 0:
            pytest.fail(f"the pixel check failed to run (exit {self.process.returncode}):\n"
                        + self.log.read_text(encoding="utf-8", errors="replace")[-4000:])
        return json.loads(self.results.read_text(encoding="utf-8"))["visits"]


def _idle_priority() -> None:
    """Run this process, and what it starts, only when no other wants the processor (SCHED_IDLE), else at nice 19."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux
        os.nice(19)


@pytest.fixture(scope="session")
def pixel_job(site: Site, every_site: list[Site], tmp_path_factory: pytest.TempPathFactory) -> Iterator[PixelJob]:
    """Start the pixel check on the corpus, its front page, its seed article's page and the first page with a dateline
    (which runs into the text's first line) in every layout and each other page (every kind: a lead photo, photos in
    the text, the longest paragraph, a withdrawal…) in two, taken in turn, each legitimately edited copy in one, and
    each attack of the catalogue (pixel_attacks.py) on the seed's page."""
    from newsroom.verify.pixels import LAYOUTS, Visit, job_file
    from pixel_attacks import ATTACKS

    layouts = list(LAYOUTS)
    seed = site.page_of(SEED)
    datelined = [page for page in site.pages[1:] if page.article.meta.dateline][:1]
    everywhere = [site.pages[0], seed, *(page for page in datelined if page != seed)]
    visits = [Visit(f"the corpus: {page}", page.url, layout, site.expected(page))
              for page in everywhere for layout in layouts]
    others = [page for page in [*site.pages[1:], *site.withdrawn_pages] if page not in everywhere]
    visits += [Visit(f"the corpus: {page}", page.url, layouts[(2 * number + turn) % len(layouts)], site.expected(page))
               for number, page in enumerate(others) for turn in range(2)]
    # A publisher's page (newsroom.publisher), held to its approved text as an article is: the masthead, in two.
    masthead = [policy for policy in site.policies if policy.kind == "masthead"]
    visits += [Visit(f"the corpus: {policy.name}", site.url + policy.address, layouts[turn * 4 + 1],
                     site.policy_expected(policy)) for policy in masthead for turn in range(2)]
    for number, edited_site in enumerate(every_site[1:]):
        # The front page or the newest article's, in turn: the pages an edit changes (the others are the same layout).
        page = edited_site.pages[number % 2]
        visits.append(Visit(f"{edited_site.label}: {page}", page.url, layouts[number % len(layouts)], edited_site.expected(page)))
    article = site.page_of(SEED)
    visits += [Visit(f"attack, {name}: {article}", article.url, attack.layout, site.expected(article), attack.damage)
               for name, attack in ATTACKS.items()]
    folder = tmp_path_factory.mktemp("pixels")
    job, results, log = folder / "job.json", folder / "results.json", folder / "log.txt"
    job.write_text(job_file(visits, folder), encoding="utf-8")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsroom.verify.pixels", str(job), str(results)],
            cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "tests"), str(REPO_ROOT)])},
            # Only the processor time the rest of the suite leaves (and its browser and Tesseract with it): Linux's
            # idle policy, under which any other process that wakes takes the processor at once. At nice 19 it
            # still held the processor for a slice each time the suite's browser and builds woke, which cost the
            # rest of the suite over a minute.
            preexec_fn=_idle_priority,
        )
    try:
        yield PixelJob(process, results, log)
    finally:
        process.kill()
        process.wait()


@pytest.fixture(scope="session", autouse=True)
def _pixel_job_early(request: pytest.FixtureRequest) -> None:
    """Start the pixel check with the first test, when its tests are among those collected."""
    if any(item.path.name == PIXEL_TESTS for item in request.session.items):
        request.getfixturevalue("pixel_job")
