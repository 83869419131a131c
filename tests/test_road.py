"""Which road a push takes (newsroom.road): content alone when every path it changed is an editor's, code otherwise.

The rule denies by default: a path is content only where a rule names it, so a template, a stylesheet, a script or
mkdocs.yml, even under docs/, takes the code road, and so does a push with nothing on record to compare with. The
command compares the work tree's commit with the last clean gate's, by git (no browser).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, project_settings
from newsroom.road import road, road_command
from newsroom.verify.record import Record

CONTENT = ["docs/alaska-summit.md", "docs/images/summit.jpg", "docs/images/Harbour Dawn.JPEG", "docs/images/chart.svg",
           "docs/images/2026/arrivals.webp", "published/alaska-summit.txt", "authors.yml", "sections.yml"]
CODE = ["mkdocs.yml", "docs/stylesheets/extra.css", "docs/assets/favicon.svg", "docs/robots.txt", "docs/images/evil.css",
        "docs/images/page.html", "docs/images/notes.md", "docs/news/alaska-summit.md", "published/notes.md",
        "published/old/alaska-summit.txt", "overrides/layouts/article.html", "newsroom/pipeline.py", "uv.lock",
        "pyproject.toml", ".github/workflows/publish.yml", "tests/corpus/docs/after-anchorage.md", "README.md",
        "docs/../mkdocs.yml", "/authors.yml"]


@pytest.mark.parametrize("path", CONTENT)
def test_an_editors_file_is_content(path: str) -> None:
    """Should take an article, a photo or chart under docs/images/, an approved text and the authors and sections files
    as content."""
    assert road([path]) == ("content", [])


@pytest.mark.parametrize("path", CODE)
def test_anything_else_is_code(path: str) -> None:
    """Should take every other path as code: the configuration, a stylesheet or template (even under docs/ or
    docs/images/), the plugin, the locks, the workflow, the tests' own articles, the README."""
    assert road([path]) == ("code", [path])


def test_content_and_code_together_take_the_code_road() -> None:
    """Should take the code road when a push changes content and code, naming the code."""
    assert road(["docs/alaska-summit.md", "published/alaska-summit.txt", "docs/stylesheets/extra.css"]) == (
        "code", ["docs/stylesheets/extra.css"])


def _git(root: Path, *arguments: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *arguments], cwd=root,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def _road(project: Path, capsys: pytest.CaptureFixture[str], since: str | None = None) -> tuple[str, str]:
    assert road_command(project / "mkdocs.yml", since) == 0
    said = capsys.readouterr()
    return said.out.strip(), said.err


def test_the_command_compares_with_the_last_clean_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should say `code` with no clean gate on record, then compare the work tree's commit with the record's: `content`
    after an article's edit, `code` after a stylesheet's, and `code` when git does not know the recorded commit."""
    project = copy_project(tmp_path / "project")
    cache = project / project_settings(project).cache_dir
    cache.unlink()  # a record of its own, not the suite's shared cache
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "the published site")
    assert _road(project, capsys)[0] == "code"
    Record(cache / "verified.json", "code", _git(project, "rev-parse", "HEAD")).save()
    assert _road(project, capsys)[0] == "content", "nothing changed since the last clean gate"
    article = next((project / "docs").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    _git(project, "commit", "-qam", "an article edited")
    assert _road(project, capsys)[0] == "content"
    stylesheet = project / "docs" / "stylesheets" / "extra.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(project, "commit", "-qam", "a stylesheet edited")
    road, why = _road(project, capsys)
    assert road == "code" and "docs/stylesheets/extra.css" in why, why
    road, why = _road(project, capsys, since="0" * 40)
    assert road == "code" and "cannot say what changed" in why, why
