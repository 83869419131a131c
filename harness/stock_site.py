"""A stock Material for MkDocs project of the same article: the yardstick for weight and speed.

Default theme settings (Roboto from Google Fonts, default palette, search), the
same headline as an `h1` and the same paragraphs. The weight budget test and
the benchmark both compare against this very build.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from harness.project import Build, lead_article, mkdocs_build, site_config


def stock_page(title: str, paragraphs: list[str]) -> str:
    """An article as a stock Material page's Markdown: the headline as its h1, then the paragraphs."""
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def build_stock(workdir: Path, site_url: str) -> Build:
    """Write the stock project of the newest article into `workdir` and build it into `workdir`/site."""
    project = workdir / "stock"
    (project / "docs").mkdir(parents=True)
    article = lead_article()
    (project / "docs" / "index.md").write_text(stock_page(article.meta.title, article.paragraphs), encoding="utf-8")
    config = {"site_name": site_config().site_name, "site_url": site_url, "theme": {"name": "material"}}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return mkdocs_build(project, workdir / "site", site_url=site_url)
