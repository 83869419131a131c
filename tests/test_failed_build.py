"""A failed build never deletes what it did not write, and never leaves a page of its own behind.

Building into a gh-pages checkout (`mkdocs build -d DIR`, where DIR holds `.git/`,
`CNAME` and `.nojekyll`) and making a typo must lose nothing: newsroom.atomic_build
stages the site and only a successful build replaces what DIR held.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from article_edit import ArticleEditor
from conftest import copy_project, mkdocs_build


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, dotfiles included, with its bytes."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def deploy_checkout(tmp_path: Path) -> Path:
    """A folder like a gh-pages checkout: git metadata, a custom domain, no Jekyll, and a published site."""
    checkout = tmp_path / "gh-pages"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (checkout / "CNAME").write_text("news.example.org\n")
    (checkout / ".nojekyll").write_text("")
    (checkout / "index.html").write_text("<!doctype html><title>The published article</title>\n")
    return checkout


def test_failed_build_leaves_the_folder_as_it_was(deploy_checkout: Path, tmp_path: Path) -> None:
    """Should leave every file of the target folder untouched, and write no page of the broken site."""
    before = _snapshot(deploy_checkout)
    project = copy_project(tmp_path / "project")
    ArticleEditor(project).append_paragraph("See [the background](background.md).")
    build = mkdocs_build(project, deploy_checkout)
    assert build.returncode != 0, f"the broken copy built:\n{build.output}"
    after = _snapshot(deploy_checkout)
    assert after.keys() == before.keys(), (
        f"the failed build changed which files {deploy_checkout} holds: "
        f"removed {sorted(before.keys() - after.keys())}, added {sorted(after.keys() - before.keys())}"
    )
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"the failed build rewrote {changed}"


def test_successful_build_keeps_dotfiles(deploy_checkout: Path, tmp_path: Path) -> None:
    """Should replace the site, keep dotfiles as MkDocs' own cleaning does, and leave no staging folder."""
    project = copy_project(tmp_path / "project")
    build = mkdocs_build(project, deploy_checkout)
    assert build.returncode == 0, build.output
    assert (deploy_checkout / ".git" / "HEAD").is_file() and (deploy_checkout / ".nojekyll").is_file()
    assert "The published article" not in (deploy_checkout / "index.html").read_text(encoding="utf-8")
    leftovers = [path.name for path in deploy_checkout.iterdir() if path.name.startswith(".building-")]
    assert not leftovers, f"the build left its staging folder behind: {leftovers}"
