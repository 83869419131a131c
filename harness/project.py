"""The project's files and how to build them: the one place that knows where the project is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hooks.articles import APPROVED_TEXTS, address_name, reading_order
from hooks.front_matter import Article, ArticleMeta, read_article

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
# Each article's approved text, as <address>.txt: one paragraph a line, no final newline.
# Written by `uv run python -m harness.approve docs/<file>.md`, never by hand.
APPROVED = Path(APPROVED_TEXTS)
# What a copy of the project needs to build, and the fixture its text is checked against.
PROJECT_FILES = ("docs", "overrides", "hooks", "mkdocs.yml", "tests/fixtures")


@dataclass(frozen=True)
class Build:
    """The result of one `mkdocs build`."""

    returncode: int
    output: str
    site_dir: Path


# Runs the mkdocs command line with the wall clock moved to the date in argv[1].
WITH_CLOCK = "import sys, time_machine; time_machine.travel(sys.argv.pop(1)).start(); from mkdocs.__main__ import cli; cli()"


def mkdocs_build(project: Path, site_dir: Path, site_url: str | None = None, clock: str | None = None,
                 options: tuple[str, ...] = ()) -> Build:
    """Run `mkdocs build --strict` on `project` in a fresh process and capture what it says.

    Without SOURCE_DATE_EPOCH, as the README's commands run;
    `clock` (an ISO date) moves the build's wall clock there; `options` go to the command.
    """
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    if site_url is not None:
        environment["SITE_URL"] = site_url
    launcher = ["-c", WITH_CLOCK, clock] if clock else ["-m", "mkdocs"]
    result = subprocess.run(
        [sys.executable, *launcher, "build", "--strict", "--site-dir", str(site_dir), *options],
        cwd=project, env=environment, capture_output=True, text=True, timeout=300,
    )
    return Build(result.returncode, result.stdout + result.stderr, site_dir)


def copy_project(target: Path) -> Path:
    """Copy what the project needs to build into `target` (no git history)."""
    for name in PROJECT_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, taking each `!ENV [NAME, default]` as its default."""


def _env_default(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    assert isinstance(node, yaml.SequenceNode), "!ENV takes [NAME, default]"
    return loader.construct_sequence(node)[-1]


_ConfigLoader.add_constructor("!ENV", _env_default)


def site_config(project: Path = REPO_ROOT) -> dict[str, Any]:
    """The site's configuration (mkdocs.yml) as data."""
    config: dict[str, Any] = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return config


@dataclass(frozen=True)
class ProjectArticle:
    """An article of a project: its file, its address and its text, read and validated as the build reads them."""

    project: Path
    path: Path
    article: Article

    @property
    def meta(self) -> ArticleMeta:
        return self.article.meta

    @property
    def name(self) -> str:
        """Its address without the slash, as the build derives it (hooks/articles.py)."""
        return address_name(self.path.name, self.meta)

    @property
    def address(self) -> str:
        return self.name + "/"

    @property
    def where(self) -> str:
        """The file as the maintainer sees it: docs/alaska-summit.md."""
        return self.path.relative_to(self.project).as_posix()

    @property
    def paragraphs(self) -> list[str]:
        """The paragraphs as the Markdown file holds them."""
        return self.article.paragraphs

    @property
    def approved_file(self) -> Path:
        return self.project / APPROVED / f"{self.name}.txt"

    def approved_paragraphs(self) -> list[str]:
        """The approved text, paragraph by paragraph."""
        return self.approved_file.read_text(encoding="utf-8").split("\n")


def articles(project: Path = REPO_ROOT) -> list[ProjectArticle]:
    """Every article of the project (each .md file in docs/), in reading order: newest first."""
    found = [ProjectArticle(project, path, read_article(path)) for path in sorted((project / "docs").glob("*.md"))]
    return sorted(found, key=lambda a: reading_order(a.meta.date, a.name))


def lead_article(project: Path = REPO_ROOT) -> ProjectArticle:
    """The newest article: the one the front page leads with."""
    return articles(project)[0]
