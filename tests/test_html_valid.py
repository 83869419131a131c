"""Every built HTML file is valid HTML, by the Nu Html Checker (the W3C validator)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import Site, node_tool


def test_every_page_passes_the_nu_html_checker(site: Site, publication: Site, photographed: Site) -> None:
    """Should report zero errors on every built HTML file, on a site of two articles, and on one with a lead photo."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed to run the Nu Html Checker: install Java 17+ (Debian: openjdk-17-jre-headless)")
    pages = sorted([*site.dir.rglob("*.html"), *publication.dir.rglob("*.html"), *photographed.dir.rglob("*.html")])
    assert len(pages) >= 2, f"expected the article and the 404 page, found {pages}"
    result = subprocess.run(
        [java, "-jar", str(node_tool("vnu-jar", "build", "dist", "vnu.jar")),
         "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "Nu Html Checker errors:\n" + "\n".join(
        f"- {m['url'].split('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']} …{m.get('extract', '').strip()[:80]}…"
        for m in errors
    )
