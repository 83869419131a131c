"""A stock Material for MkDocs project of the same article: the yardstick for weight and speed.

Default theme settings (Roboto from Google Fonts, default palette, search), the
same headline as an `h1` and the same paragraphs. The weight budget test and
the benchmark both compare against this very build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from harness.project import REPO_ROOT, Build, lead_article, mkdocs_build, site_config


def stock_page(title: str, paragraphs: list[str]) -> str:
    """An article as a stock Material page's Markdown: the headline as its h1, then the paragraphs."""
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def build_stock(workdir: Path, site_url: str, source: Path = REPO_ROOT) -> Build:
    """Write the stock project of `source`'s newest article into `workdir` and build it into `workdir`/site.

    Its photos come along as files, as Material publishes them: the original, at full
    size, the lead photo as the first image under the headline.
    """
    project = workdir / "stock"
    (project / "docs").mkdir(parents=True)
    article = lead_article(source)
    paragraphs = list(article.paragraphs)
    if article.meta.image is not None:
        paragraphs.insert(0, f"![{article.meta.image.alt}]({article.meta.image.src})")
    for paragraph in paragraphs:
        if paragraph.startswith("!["):
            name = paragraph.split("](", 1)[1].split(")", 1)[0].split(" ", 1)[0]
            (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(article.path.parent / name, project / "docs" / name)
    (project / "docs" / "index.md").write_text(stock_page(article.meta.title, paragraphs), encoding="utf-8")
    config = {"site_name": site_config().site_name, "site_url": site_url, "theme": {"name": "material"}}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return mkdocs_build(project, workdir / "site", site_url=site_url)
