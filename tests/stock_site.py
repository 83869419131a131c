"""A stock Material for MkDocs project of the same article: the yardstick for weight and speed.

Default theme settings (Roboto from Google Fonts, default palette, search), the
same headline as an `h1` and the same paragraphs. Used by tests/test_budget.py
and bench/run.py so that both compare against the very same build.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Build, front_matter, mkdocs_build, original_paragraphs, site_config

STOCK_CONFIG = """site_name: {site_name}
site_url: {site_url}
theme:
  name: material
"""


def build_stock(workdir: Path, site_url: str) -> Build:
    """Write the stock project into `workdir` and build it into `workdir`/site."""
    project = workdir / "stock"
    (project / "docs").mkdir(parents=True)
    article = f"# {front_matter()['title']}\n\n" + "\n\n".join(original_paragraphs()) + "\n"
    (project / "docs" / "index.md").write_text(article, encoding="utf-8")
    config = STOCK_CONFIG.format(site_name=site_config()["site_name"], site_url=site_url)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return mkdocs_build(project, workdir / "site", site_url=site_url)
