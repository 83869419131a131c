"""The project's files and how to build them: the one place that knows where the project is."""

from __future__ import annotations

import atexit
import datetime
import functools
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from newsroom import clock
from newsroom.articles import Article as BuiltArticle
from newsroom.articles import project_articles
from newsroom.authors import read_authors
from newsroom.cli import CONFIG_LOADING, quiet_loader
from newsroom.clock import VARIABLE as NEWSROOM_NOW
from newsroom.config import NewsroomConfig
from newsroom.front_matter import ArticleMeta, read_article
from newsroom.moments import time_zone
from newsroom.plugin import NewsroomPlugin
from newsroom.road import is_content
from newsroom.schedule import published_at

REPO_ROOT = Path(__file__).resolve().parent.parent
# The code a copy of the project builds with (the plugin itself is installed, from this repository): the configuration,
# the layouts, and docs/ but its articles and photos (newsroom.road.is_content).
CODE_FILES = ("mkdocs.yml", "overrides", "docs")
# The test suite's own publication (tests/corpus/README.md): the articles, photos, approved texts, authors and sections
# the tests build with, in place of the publication's own, so that the suite judges the code on articles it owns and
# takes the same time however many articles docs/ holds.
CORPUS = REPO_ROOT / "tests" / "corpus"
CONTENT_FILES = ("docs", "published", "authors.yml", "sections.yml", "publisher.yml", "policies")
# The corpus's first article, the original text published verbatim: a copy of the project holds it alone unless it asks
# for the whole corpus.
SEED = "trump-putin-alaska-summit"
# What a copy of the seed alone leaves out with the other articles: the publisher's pages, whose approved texts it has
# not (their own tests build the corpus).
SEED_LEAVES_OUT = ("publisher.yml",)


@dataclass(frozen=True)
class Build:
    """The result of one `mkdocs build`."""

    returncode: int
    output: str
    site_dir: Path


# Runs the mkdocs command line with the wall clock moved to the date in argv[1].
WITH_CLOCK = "import sys, time_machine; time_machine.travel(sys.argv.pop(1)).start(); from mkdocs.__main__ import cli; cli()"


def mkdocs_build(project: Path, site_dir: Path, site_url: str | None = None, clock: str | None = None,
                 options: tuple[str, ...] = (), now: datetime.datetime | None = None) -> Build:
    """Run `mkdocs build --strict` on `project` in a process of its own and capture what it says: a child forked from
    a process that has imported MkDocs and the plugin (harness.forked_builds), as if fresh.

    Without SOURCE_DATE_EPOCH, as the README's commands run;
    `clock` (an ISO date) moves the process's wall clock there; `now` sets the build's clock (NEWSROOM_NOW,
    newsroom.clock), which is otherwise the environment's (the tests set it once: tests/conftest.py);
    `options` go to the command.
    """
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    if now is not None:
        environment[NEWSROOM_NOW] = now.isoformat()
    if site_url is not None:
        environment["SITE_URL"] = site_url
    arguments = ["build", "--strict", "--site-dir", str(site_dir), *options]
    if clock is None:
        returncode, output = _BUILDERS.build(project, environment, arguments)
        return Build(returncode, output, site_dir)
    result = subprocess.run([sys.executable, "-c", WITH_CLOCK, clock, *arguments],
                            cwd=project, env=environment, capture_output=True, text=True, timeout=300)
    return Build(result.returncode, result.stdout + result.stderr, site_dir)


class _Builders:
    """Processes that have imported MkDocs and the plugin and fork a child for each build (harness.forked_builds):
    as many as the machine has cores, each running one build at a time, started when first needed."""

    def __init__(self) -> None:
        self._idle: queue.SimpleQueue[subprocess.Popen[str]] = queue.SimpleQueue()
        self._started: list[subprocess.Popen[str]] = []
        self._lock = threading.Lock()

    def build(self, project: Path, environment: dict[str, str], arguments: list[str]) -> tuple[int, str]:
        """Run `mkdocs ARGUMENTS` in `project` with `environment`: its exit status, and its output (stdout, then
        stderr, as subprocess.run would capture them)."""
        builder = self._take()
        try:
            with tempfile.TemporaryDirectory(prefix="build-output-") as folder:
                stdout, stderr = Path(folder) / "stdout", Path(folder) / "stderr"
                job = {"cwd": str(project), "env": environment, "args": arguments, "stdout": str(stdout), "stderr": str(stderr)}
                assert builder.stdin is not None and builder.stdout is not None
                builder.stdin.write(json.dumps(job) + "\n")
                builder.stdin.flush()
                answer = builder.stdout.readline()
                if not answer:
                    raise RuntimeError(f"the builder process stopped (exit {builder.wait()})")
                output = (stdout.read_text(encoding="utf-8", errors="replace")
                          + stderr.read_text(encoding="utf-8", errors="replace"))
        except BaseException:
            builder.kill()
            raise
        self._idle.put(builder)
        return int(answer), output

    def _take(self) -> subprocess.Popen[str]:
        """An idle builder, or a new one while there are fewer than the machine's cores."""
        with self._lock:
            if self._idle.empty() and len(self._started) < (os.cpu_count() or 1):
                builder = subprocess.Popen([sys.executable, "-m", "harness.forked_builds"], cwd=REPO_ROOT, text=True,
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
                self._started.append(builder)
                return builder
        return self._idle.get()

    def stop(self) -> None:
        """End every builder (at exit)."""
        for builder in self._started:
            builder.kill()
            builder.wait()


_BUILDERS = _Builders()
atexit.register(_BUILDERS.stop)


def copy_project(target: Path, corpus: bool = False) -> Path:
    """Copy the project's code into `target` (no git history) with the test corpus's content: its seed article alone
    (with the corpus's authors and sections files), or with `corpus` all of it; share the project's build cache.

    The cache (social cards, photo renditions) is keyed by what each entry is made
    from and written atomically, so copies built side by side can share it: a photo
    is encoded once for every copy, not once per copy.
    """
    for name in CODE_FILES:
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
            continue
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(REPO_ROOT)
            if path.is_file() and "__pycache__" not in path.parts and not is_content(relative.as_posix()):
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / relative)
    for name in CONTENT_FILES:
        source = CORPUS / name
        if source.is_file() and (corpus or name not in SEED_LEAVES_OUT):
            shutil.copy2(source, target / name)
        elif source.is_dir() and corpus:
            shutil.copytree(source, target / name, dirs_exist_ok=True)
    if not corpus:
        for name in (f"docs/{SEED}.md", f"published/{SEED}.txt"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(CORPUS / name, target / name)
    cache_dir = plugin_settings(site_config()).cache_dir
    (REPO_ROOT / cache_dir).mkdir(parents=True, exist_ok=True)
    (target / cache_dir).symlink_to(REPO_ROOT / cache_dir, target_is_directory=True)
    return target


@functools.cache
def corpus_project() -> Path:
    """A copy of the project with the whole corpus, made once for this process (for reading it, not for building it)."""
    return copy_project(_scratch("corpus-") / "project", corpus=True)


@functools.cache
def seed_project() -> Path:
    """A copy of the project with the corpus's seed article alone, made once for this process (for reading it)."""
    return copy_project(_scratch("seed-") / "project")


def _scratch(prefix: str) -> Path:
    """A temporary folder, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


# MkDocs' configuration loader is not thread-safe: two projects loaded at once (the tests
# prepare copies side by side) can each get the other's paths. One lock for this process's
# loads, the approve command's (newsroom.cli) included.
_LOADING = CONFIG_LOADING


def site_config(project: Path = REPO_ROOT) -> MkDocsConfig:
    """The project's configuration as MkDocs loads and validates it (its plugins' settings included)."""
    # MkDocs' loader reports on the "mkdocs" logger; a test build's output is what counts.
    with _LOADING, quiet_loader():
        return load_config(str(project / "mkdocs.yml"))


def plugin_settings(config: MkDocsConfig) -> NewsroomConfig:
    """The newsroom plugin's settings in a configuration just loaded, as the build reads them.

    Read them at once (or use `project_settings`): MkDocs keeps one instance of a plugin
    that has on_startup for the whole process and gives it the settings of each
    configuration it loads, so a configuration loaded earlier answers with the latest
    project's settings.
    """
    plugin = config.plugins["newsroom"]
    assert isinstance(plugin, NewsroomPlugin), plugin
    return plugin.config


def project_settings(project: Path = REPO_ROOT) -> NewsroomConfig:
    """The newsroom plugin's settings in a project's mkdocs.yml, read as it is loaded (no other load in between)."""
    with _LOADING, quiet_loader():
        return plugin_settings(load_config(str(project / "mkdocs.yml")))




@dataclass(frozen=True)
class ProjectArticle:
    """An article of a project as its build reads it, with its approved text in the `approved_texts` folder (published/)."""

    project: Path
    built: BuiltArticle
    approved_texts: Path

    @property
    def meta(self) -> ArticleMeta:
        return self.built.meta

    @property
    def name(self) -> str:
        """Its address without the slash."""
        return self.built.name

    @property
    def address(self) -> str:
        return self.built.address

    @property
    def where(self) -> str:
        """The file as the maintainer sees it: docs/alaska-summit.md."""
        return self.built.where

    @property
    def path(self) -> Path:
        return self.project / self.built.where

    @functools.cached_property
    def paragraphs(self) -> list[str]:
        """The paragraphs as the Markdown file holds them."""
        return read_article(self.path).paragraphs

    @property
    def approved_file(self) -> Path:
        return self.approved_texts / f"{self.name}.txt"

    def approved_paragraphs(self) -> list[str]:
        """The approved text, paragraph by paragraph."""
        return self.approved_file.read_text(encoding="utf-8").split("\n")


def articles(project: Path, now: datetime.datetime | None = None, unpublished: bool = False,
             ) -> list[ProjectArticle]:
    """The project's articles published at `now` (the build's clock, newsroom.clock, by default), newest first, as its
    build reads them; with `unpublished`, its drafts and scheduled articles too."""
    config = site_config(project)
    settings = plugin_settings(config)
    authors = read_authors(Path(settings.authors), project)
    found = project_articles(config, authors, time_zone(settings.time_zone), settings.default_type)
    if not unpublished:
        found = published_at(found, now or clock.now())
    return [ProjectArticle(project, article, Path(settings.approved_texts)) for article in found]


def clock_past_schedule(project: Path | None = None) -> datetime.datetime:
    """The real time, or a minute past the latest scheduled article's time (of the corpus, by default) when that is
    later: a build at this clock publishes every article that is not a draft, so that the suite checks scheduled
    articles as they will be."""
    real = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    try:
        found = articles(project or corpus_project(), unpublished=True)
    except PluginError:
        return real  # the build refuses the project, and says why, in every test that builds it
    latest = max((article.built.published for article in found if not article.meta.draft), default=None)
    return real if latest is None or latest < real else latest + datetime.timedelta(minutes=1)


def lead_article(project: Path) -> ProjectArticle:
    """The newest article: the one the front page leads with."""
    return articles(project)[0]


def seed_article() -> ProjectArticle:
    """The corpus's seed article: the original text, which the benchmarks and the tests of one article's words use."""
    return articles(seed_project())[0]
