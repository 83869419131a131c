"""Reproducible builds: the same commit at the same build clock (NEWSROOM_NOW, which the suite sets once for the
session: newsroom.clock) builds to byte-identical files, whatever the day the machine thinks it is: the corpus, with
its photos, sections, tags, authors, corrections, redirect and withdrawal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import copy_project, mkdocs_build
from harness.project import Build, lead_article, seed_article


def _tree(site_dir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site_dir)): path.read_bytes() for path in sorted(site_dir.rglob("*")) if path.is_file()}


def _build(project: Path, clock: str) -> Build:
    build = mkdocs_build(project, project.parent / clock[:10], site_url="https://example.github.io/anchorage-summit/",
                         clock=clock)
    assert build.returncode == 0, build.output
    return build


def _clocks() -> tuple[str, str]:
    """Two wall-clock times for the machine: the day after publication, and five years on. What a build publishes
    follows the build's clock, NEWSROOM_NOW, which both builds share; nothing may follow the machine's."""
    published = seed_article().meta.date
    return f"{published + timedelta(days=1)}T03:04:05+00:00", f"{published.year + 5}-07-08T09:10:11+00:00"


def test_two_days_two_identical_builds(tmp_path: Path) -> None:
    """Should give byte-identical files (sitemaps, feed, pages with their inlined CSS, card) when built on different days
    at one build clock."""
    early, late = _clocks()
    project = copy_project(tmp_path / "project", corpus=True)
    first = _tree(_build(project, early).site_dir)
    second = _tree(_build(project, late).site_dir)
    assert first.keys() == second.keys(), f"files differ: {sorted(first.keys() ^ second.keys())}"
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"these files differ between the two builds: {differing}"
    assert "sitemap.xml" in first and any(name.startswith("assets/cards/") for name in first)


def test_builds_from_its_sources_alone(tmp_path: Path) -> None:
    """Should build a copy that holds only the site's sources (no tests/), and still refuse a renamed article there."""
    project = copy_project(tmp_path / "project")
    assert not (project / "tests").exists(), "the copy should hold the site's sources only"
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, f"the build needs something outside the site's sources:\n{build.output}"
    article = lead_article(project)
    article.path.rename(article.path.with_name("renamed.md"))
    refused = mkdocs_build(project, tmp_path / "refused")
    assert refused.returncode != 0 and f"published at {article.name}/ has no file now" in refused.output, refused.output
