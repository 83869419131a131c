"""Reproducible builds: the same commit builds to byte-identical files, whatever the day."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import REPO_ROOT, mkdocs_build
from harness.project import Build, front_matter


def _tree(site_dir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site_dir)): path.read_bytes() for path in sorted(site_dir.rglob("*")) if path.is_file()}


def _last_commit_day() -> str:
    epoch = subprocess.run(["git", "-C", str(REPO_ROOT), "log", "-1", "--format=%ct"],
                           capture_output=True, text=True, check=True).stdout.strip()
    return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()


def _build(tmp_path: Path, clock: str) -> Build:
    build = mkdocs_build(REPO_ROOT, tmp_path / clock[:10], site_url="https://example.github.io/anchorage-summit/", clock=clock)
    assert build.returncode == 0, build.output
    return build


def _clocks() -> tuple[str, str]:
    """Two build times: the day after publication, and five years on (a build refuses a future date)."""
    published = front_matter()["date"]
    return f"{published + timedelta(days=1)}T03:04:05+00:00", f"{published.year + 5}-07-08T09:10:11+00:00"


def test_two_days_two_identical_builds(tmp_path: Path) -> None:
    """Should give byte-identical files (sitemap, pages with their inlined CSS, card) when built on different days."""
    early, late = _clocks()
    first = _tree(_build(tmp_path, early).site_dir)
    second = _tree(_build(tmp_path, late).site_dir)
    assert first.keys() == second.keys(), f"files differ: {sorted(first.keys() ^ second.keys())}"
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"these files differ between the two builds: {differing}"
    assert "sitemap.xml" in first and "assets/social-card.png" in first


def test_sitemap_dated_by_the_last_commit(tmp_path: Path) -> None:
    """Should date the sitemap by the last commit, not by the build's clock."""
    site_dir = _build(tmp_path, _clocks()[1]).site_dir
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert re.findall(r"<lastmod>(.*?)</lastmod>", sitemap) == [_last_commit_day()]
