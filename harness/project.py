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

from hooks.front_matter import Article, ArticleMeta, read_article

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
ARTICLE_MD = DOCS_DIR / "index.md"
FIXTURE = REPO_ROOT / "tests" / "fixtures" / "original.txt"
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

    As the README's commands do, it leaves SOURCE_DATE_EPOCH to hooks/reproducible.py;
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


def original_paragraphs(project: Path = REPO_ROOT) -> list[str]:
    """The approved text of the article, paragraph by paragraph (the fixture, one paragraph a line)."""
    return (project / FIXTURE.relative_to(REPO_ROOT)).read_text(encoding="utf-8").split("\n")


def site_config(project: Path = REPO_ROOT) -> dict[str, Any]:
    """The site's configuration (mkdocs.yml) as data."""
    config: dict[str, Any] = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return config


def article(project: Path = REPO_ROOT) -> Article:
    """docs/index.md read and validated as the build reads it (hooks/front_matter.py)."""
    return read_article(project / "docs" / "index.md")


def front_matter(project: Path = REPO_ROOT) -> ArticleMeta:
    """The article's front matter (headline, standfirst, date, points), validated."""
    return article(project).meta


def article_paragraphs(project: Path = REPO_ROOT) -> list[str]:
    """The article's paragraphs as docs/index.md holds them."""
    return article(project).paragraphs
