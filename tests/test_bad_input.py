"""Bad input: a clear error naming the file, a non-zero exit, and no site left to deploy.

Each case copies the project to a temporary folder, damages one thing, builds
with `mkdocs build --strict` and checks what a maintainer would see.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from article_text import text_problems
from conftest import copy_project, mkdocs_build, original_paragraphs
from bs4 import BeautifulSoup

ARTICLE = Path("docs/index.md")


def _edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _append_to_article(text: str) -> Callable[[Path], None]:
    return lambda project: _edit(project / ARTICLE, lambda md: md + "\n" + text + "\n")


def _drop_front_matter_key(key: str) -> Callable[[Path], None]:
    return lambda project: _edit(
        project / ARTICLE, lambda md: re.sub(rf"^{key}:.*\n(?:[ ]+.*\n)*", "", md, count=1, flags=re.M)
    )


def _edit_config(change: Callable[[str], str]) -> Callable[[Path], None]:
    return lambda project: _edit(project / "mkdocs.yml", change)


@dataclass(frozen=True)
class Case:
    """One way to break the project, and what the build must then say."""

    damage: Callable[[Path], None]
    # Every one of these must appear in the build's output.
    says: tuple[str, ...]


CASES: dict[str, Case] = {
    "link to a missing page": Case(
        _append_to_article("See [the background](background.md)."),
        ("index.md", "background.md", "not found"),
    ),
    "link to a missing anchor": Case(
        _append_to_article("See [the figures](#figures)."),
        ("index.md", "#figures", "no such anchor"),
    ),
    "missing image": Case(
        _append_to_article("![Map of Alaska](assets/alaska-map.png)"),
        ("index.md", "assets/alaska-map.png", "not found"),
    ),
    "front matter not valid YAML": Case(
        lambda project: _edit(project / ARTICLE, lambda md: md.replace("hide:\n", "hide: [navigation\n", 1)),
        ("docs/index.md", "front matter is not valid YAML", "line "),
    ),
    "front matter without headline": Case(
        _drop_front_matter_key("title"),
        ("docs/index.md", "front matter has no 'title'", "headline"),
    ),
    "front matter without description": Case(
        _drop_front_matter_key("description"),
        ("docs/index.md", "front matter has no 'description'", "standfirst"),
    ),
    "front matter date of wrong type": Case(
        lambda project: _edit(project / ARTICLE, lambda md: md.replace("date: 2026-11-25", "date: soon", 1)),
        ("docs/index.md", "'date' must be date", "got str"),
    ),
    "unknown key in mkdocs.yml": Case(
        _edit_config(lambda config: config + "\nsite_colour: red\n"),
        ("Config value 'site_colour'", "Unrecognised configuration name"),
    ),
    "wrong type in mkdocs.yml": Case(
        _edit_config(lambda config: config.replace("strict: true", "strict: true\nuse_directory_urls: sometimes", 1)),
        ("Config value 'use_directory_urls'", "Expected type: <class 'bool'>"),
    ),
    "empty article file": Case(
        lambda project: (project / ARTICLE).write_text("", encoding="utf-8"),
        ("docs/index.md", "the page is empty"),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_fails_loudly(case: Case, tmp_path: Path) -> None:
    """Should exit non-zero, say what is wrong and where, and leave no site to deploy."""
    project = copy_project(tmp_path / "project")
    case.damage(project)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0, f"the build accepted the damage:\n{build.output}"
    missing = [text for text in case.says if text not in build.output]
    assert not missing, f"the error does not say {missing}:\n{build.output}"
    assert not (build.site_dir / "index.html").exists(), f"a failed build left a site in {build.site_dir}"


ALTERATIONS: dict[str, tuple[Callable[[str], str], str]] = {
    "a word changed": (lambda md: md.replace("Zaporizhzhia", "Zaporizhia", 1), "paragraph 3 of the original"),
    "a paragraph dropped": (
        lambda md: md.replace(original_paragraphs()[4] + "\n\n", "", 1),
        "paragraph 5 of the original",
    ),
    "an apostrophe straightened": (lambda md: md.replace("Trump’s stance", "Trump's stance", 1), "paragraph 3"),
}


@pytest.mark.parametrize("alteration", ALTERATIONS.values(), ids=ALTERATIONS.keys())
def test_altered_text_is_named(alteration: tuple[Callable[[str], str], str], tmp_path: Path) -> None:
    """Should build, then fail the content check, naming the paragraph that no longer matches."""
    change, named = alteration
    project = copy_project(tmp_path / "project")
    _edit(project / ARTICLE, change)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    page = BeautifulSoup((build.site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    problems = text_problems(page, original_paragraphs())
    assert problems, "the content check missed an altered article"
    assert named in problems[0], f"expected the check to name {named!r}, it said: {problems}"
