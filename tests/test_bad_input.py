"""Bad input: a clear error naming the file, a non-zero exit, and no site left to deploy.

Each case copies the project to a temporary folder, damages one thing, builds
with `mkdocs build --strict` and checks what a maintainer would see. The damage
never depends on today's text: the article (the newest), its file name, dates,
words and paragraphs are taken from the project as it stands (article_edit.py);
`{article}` in what the build must say stands for that article's file.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from article_edit import ArticleEditor, set_setting, words
from article_text import text_problems
from conftest import copy_project, mkdocs_build
from harness.project import Build, lead_article
from newsroom import clock


def _append_to_article(text: str) -> Callable[[Path], None]:
    return lambda project: ArticleEditor(project).append_paragraph(text)


def _edit_config(change: Callable[[str], str]) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        config = project / "mkdocs.yml"
        config.write_text(change(config.read_text(encoding="utf-8")), encoding="utf-8")
    return damage


def _broken_yaml(project: Path) -> None:
    article = ArticleEditor(project)
    block = article.markdown.read_text(encoding="utf-8")
    article.markdown.write_text(block.replace("---\n", "---\nbroken: [never closed\n", 1), encoding="utf-8")


def _add_file(name: str, content: bytes = b"", size: int = 0) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        path = project / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if size:
            os.truncate(path, size)  # sparse: the size without the disk
    return damage


def _symlink_outside(project: Path) -> None:
    outside = project.parent / "private-notes.txt"
    outside.write_text("Not for publication.\n", encoding="utf-8")
    (project / "docs" / "assets" / "notes.txt").symlink_to(outside)


def _set_setting(key: str, value: str) -> Callable[[Path], None]:
    """Give one of the newsroom plugin's settings in mkdocs.yml another value."""
    return _edit_config(lambda config: re.sub(rf"^(\s+{key}:).*$", rf"\1 {value}", config, count=1, flags=re.M))


def _misspell_setting(key: str, typo: str) -> Callable[[Path], None]:
    """Misspell one of the newsroom plugin's settings in mkdocs.yml."""
    return _edit_config(lambda config: re.sub(rf"^(\s+){key}:", rf"\1{typo}:", config, count=1, flags=re.M))


def _set_date(text: Callable[[datetime.date], str]) -> Callable[[Path], None]:
    return lambda project: ArticleEditor(project).set_key_text("date", text(ArticleEditor(project).front_matter()["date"]))


def _set_headline(title: str) -> Callable[[Path], None]:
    return lambda project: ArticleEditor(project).set_key("title", title)


def _second_article(name: str, change: Callable[[str], str] = lambda source: source) -> Callable[[Path], None]:
    """Add docs/<name>: the newest article's file, changed by `change`."""
    def damage(project: Path) -> None:
        path = project / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change(ArticleEditor(project).markdown.read_text(encoding="utf-8")), encoding="utf-8")
    return damage


def _link_to_unpublished(name: str, line: str) -> Callable[[Path], None]:
    """A second article, docs/<name>, with `line` added to its front matter (a draft, or a later date), and the newest
    article linking it."""
    def damage(project: Path) -> None:
        key = line.split(":", 1)[0]
        _second_article(name, lambda source: re.sub(rf"^{key}: .*\n", "", source, flags=re.M).replace(
            "---\n", f"---\n{line}\n", 1))(project)
        ArticleEditor(project).append_paragraph(f"See [what comes next]({name}).")
    return damage


def _with_slug_of_the_newest(project: Path) -> None:
    """A second article whose slug is the newest article's address."""
    name = lead_article(project).name
    _second_article("other.md", lambda source: source.replace("---\n", f"---\nslug: {name}\n", 1))(project)


PHOTOS = Path(__file__).parent / "fixtures" / "photos"
# A real photograph (fixtures/photos/LICENCES.md), and one too narrow for a lead photo.
WIDE_PHOTO, NARROW_PHOTO = PHOTOS / "retina.jpg", PHOTOS / "coffee.jpg"


def _photo_in_text(markdown: Callable[[str], str], photo: Path = NARROW_PHOTO, name: str = "images/photo.jpg",
                   data: bytes | None = None) -> Callable[[Path], None]:
    """Put a photo under docs/images/ and a paragraph of Markdown, made from its path, at the end of the article."""
    def damage(project: Path) -> None:
        _add_file(name, photo.read_bytes() if data is None else data)(project)
        ArticleEditor(project).append_paragraph(markdown(name))
    return damage


def _lead_photo(fields: dict[str, str], photo: Path = WIDE_PHOTO, name: str = "images/lead.jpg",
                data: bytes | None = None) -> Callable[[Path], None]:
    """Put a photo under docs/images/ and name it as the article's lead photo with `fields`."""
    def damage(project: Path) -> None:
        _add_file(name, photo.read_bytes() if data is None else data)(project)
        ArticleEditor(project).set_key("image", {"src": name, **fields})
    return damage


def _sections_file(text: str) -> Callable[[Path], None]:
    """Have the newest article name the section 'world', then replace the sections file."""
    def damage(project: Path) -> None:
        ArticleEditor(project).set_key("section", "world")
        (project / "sections.yml").write_text(text, encoding="utf-8")
    return damage


def _without_section_required(project: Path) -> None:
    """Require a section of every article, and take the newest article's away."""
    ArticleEditor(project).drop_key("section")
    set_setting(project, "require_section", True)


def _authors_file(text: str) -> Callable[[Path], None]:
    """Have the newest article name an author, then replace the authors file (which reading the article checks)."""
    def damage(project: Path) -> None:
        ArticleEditor(project).set_key("authors", ["jdoe"])
        (project / "authors.yml").write_text(text, encoding="utf-8")
    return damage


def _corrections(*entries: Callable[[datetime.date], dict[str, object]]) -> Callable[[Path], None]:
    """Give the newest article `corrections`, each entry made from its publication date."""
    def damage(project: Path) -> None:
        published = ArticleEditor(project).front_matter()["date"]
        ArticleEditor(project).set_key("corrections", [entry(published) for entry in entries])
    return damage


def _withdrawn(entry: Callable[[datetime.date], dict[str, object]]) -> Callable[[Path], None]:
    """Withdraw the newest article with `entry`, made from its publication date."""
    def damage(project: Path) -> None:
        ArticleEditor(project).set_key("withdrawn", entry(ArticleEditor(project).front_matter()["date"]))
    return damage


def _redirect_from(*names: str) -> Callable[[Path], None]:
    return lambda project: ArticleEditor(project).set_key("redirect_from", list(names))


def _own_address_as_old() -> Callable[[Path], None]:
    return lambda project: _redirect_from(lead_article(project).name)(project)


def _one_old_address_twice(project: Path) -> None:
    """The newest article and a copy of it at another address both claim the old address 'gone'."""
    _redirect_from("gone")(project)
    _second_article("other.md", lambda source: source.replace("---\n", "---\nslug: other\n", 1))(project)


def _renamed_keeping_the_old_approved_text(project: Path) -> None:
    """The article renamed with `redirect_from`, but its approved text left at the old address."""
    article = ArticleEditor(project)
    name = article.markdown.stem
    renamed = article.markdown.rename(article.markdown.with_name(f"{name}-renamed.md"))
    ArticleEditor(project, renamed).set_key("redirect_from", [name])


def _bomb() -> bytes:
    """A PNG of 60 megapixels in a few kilobytes: what a decompression bomb looks like."""
    out = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(out, format="PNG")
    return out.getvalue()


def _gif() -> bytes:
    out = io.BytesIO()
    Image.open(NARROW_PHOTO).convert("P").save(out, format="GIF")
    return out.getvalue()


def _svg(body: str) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">{body}</svg>'.encode()


def _svg_in_text(body: str) -> Callable[[Path], None]:
    """A chart in the article's text: an SVG of `body` under docs/images/."""
    return _photo_in_text(lambda name: f"![A chart]({name})", name="images/chart.svg", data=_svg(body))


@dataclass(frozen=True)
class Case:
    """One way to break the project, and what the build must then say."""

    damage: Callable[[Path], None]
    # Every one of these must appear in the build's output.
    says: tuple[str, ...]
    # Options for `mkdocs build` beyond --strict.
    options: tuple[str, ...] = ()
    # The SITE_URL to build with, if not the default.
    site_url: str | None = None


def _site_url(value: str, says: str) -> Case:
    return Case(lambda project: None, (f"SITE_URL={value!r}", says, "https://owner.github.io/repo/"), site_url=value)


def _front_matter(**keys: object) -> Callable[[Path], None]:
    """Give the newest article these front matter keys (YAML values)."""
    def damage(project: Path) -> None:
        article = ArticleEditor(project)
        for key, value in keys.items():
            article.set_key(key, value)
    return damage


def _publisher(pages: dict[str, str], files: dict[str, str] | None = None, slug: str | None = None,
               ) -> Callable[[Path], None]:
    """A publisher file naming `pages`, the files of `files` written under the project, and the newest article given
    `slug`."""
    def damage(project: Path) -> None:
        (project / "publisher.yml").write_text(yaml.safe_dump({"publisher": {"pages": pages}}), encoding="utf-8")
        for name, text in (files or {}).items():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_text(text, encoding="utf-8")
        if slug is not None:
            ArticleEditor(project).set_key("slug", slug)
    return damage


POLICY = "---\ntitle: About us\ndescription: What we cover.\nupdated: 2026-11-20\n---\n\nWe cover the Arctic.\n"


CASES: dict[str, Case] = {
    "link to a missing page": Case(
        _append_to_article("See [the background](background.md)."),
        ("{article_name}", "background.md", "not found"),
    ),
    "link to a missing anchor": Case(
        _append_to_article("See [the figures](#figures)."),
        ("{article_name}", "#figures", "no such anchor"),
    ),
    "missing image": Case(
        _append_to_article("![Map of Alaska](assets/alaska-map.png)"),
        ("{article_name}", "assets/alaska-map.png", "not found"),
    ),
    # MkDocs' --quiet silences warnings before strict mode can count them (newsroom.strict_when_quiet).
    "link to a missing page, built with --quiet": Case(
        _append_to_article("See [the background](background.md)."),
        # One: the front page renders the newest article too, but only its own page's warning counts.
        ("Aborted with 1 warnings in strict mode",),
        options=("--quiet",),
    ),
    "front matter not valid YAML": Case(_broken_yaml, ("{article}", "front matter is not valid YAML", "line ")),
    "front matter without headline": Case(
        lambda project: ArticleEditor(project).drop_key("title"),
        ("{article}", "front matter 'title' is missing", "headline"),
    ),
    "front matter without description": Case(
        lambda project: ArticleEditor(project).drop_key("description"),
        ("{article}", "front matter 'description' is missing", "standfirst"),
    ),
    "front matter date of wrong type": Case(
        lambda project: ArticleEditor(project).set_key_text("date", "soon"),
        ("{article}", "'date' is 'soon', which is not a date"),
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
        lambda project: ArticleEditor(project).markdown.write_text("", encoding="utf-8"),
        ("{article}", "the page is empty"),
    ),
    # Articles: each a .md file directly in docs/, at its own URL-safe address.
    "two articles at one address": Case(_with_slug_of_the_newest, ("docs/other.md", "{article}", "is already", "'slug'")),
    "a slug that is not URL-safe": Case(
        lambda project: ArticleEditor(project).set_key("slug", "Alaska Summit!"), ("{article}", "'slug'", "not URL-safe")
    ),
    "a file name that is not URL-safe": Case(
        _second_article("Alaska Summit.md"), ("docs/Alaska Summit.md", "not URL-safe", "rename the file", "'slug'")
    ),
    "an article's file renamed": Case(
        lambda project: ArticleEditor(project).markdown.rename(ArticleEditor(project).markdown.with_name("renamed.md")),
        ("published/{article_stem}.txt", "published at {article_stem}/ has no file now",
         "redirect_from: [{article_stem}]", "slug: {article_stem}"),
    ),
    "an article in a folder": Case(_second_article("2026/summit.md"), ("docs/2026/summit.md", "directly in docs/")),
    "an article at the front page's address": Case(
        _second_article("index.md"), ("docs/index.md", "the front page is made from the articles")
    ),
    "a second article without front matter": Case(
        _add_file("notes.md", b"Some notes.\n"), ("docs/notes.md", "front matter 'title' is missing")
    ),
    "a second article dated too far ahead": Case(
        _second_article("later.md", lambda source: re.sub(
            r"^date: .*$", f"date: {(clock.now() + datetime.timedelta(days=400)).date()}", source, count=1, flags=re.M)),
        ("docs/later.md", "'date'", "days after the build's clock", "schedule_days_ahead"),
    ),
    # What is published: only real files of the types the site uses, under a size limit, and declared.
    "a symlink to a file outside the project": Case(
        _symlink_outside, ("docs/assets/notes.txt", "symbolic link", "private-notes.txt")
    ),
    "a stray HTML page with a third-party script": Case(
        _add_file("promo.html", b'<script src="https://ads.example/x.js"></script>'),
        ("docs/promo.html", "publishes no .html files"),
    ),
    "a 50 MB file": Case(
        _add_file("assets/video.png", size=50 * 1024 * 1024),
        ("docs/assets/video.png", "over the 33,554,432-byte limit for a photo"),
    ),
    "a script file added through extra_javascript": Case(
        lambda project: (_add_file("assets/rewrite.js", b"document.body.remove()")(project),
                         _edit_config(lambda c: c + "\nextra_javascript:\n  - assets/rewrite.js\n")(project)),
        ("docs/assets/rewrite.js", "publishes no .js files"),
    ),
    "a third-party script through extra_javascript": Case(
        _edit_config(lambda config: config + "\nextra_javascript:\n  - https://cdn.example/analytics.js\n"),
        ("refuse_foreign_resources", "https://cdn.example/analytics.js", "another site"),
    ),
    "a declared file the build does not write": Case(
        _edit_config(lambda config: re.sub(r"^(\s+)- robots.txt\n", r"\g<0>\1- humans.txt\n", config, count=1, flags=re.M)),
        ("check_published_files", "humans.txt", "did not write"),
    ),
    # Photos: every one read safely, described, credited, and free of active content.
    "a photo without alt text": Case(_photo_in_text(lambda name: f"![]({name})"), ("{article}", "has no alt text")),
    "a photo inside a paragraph of text": Case(
        _photo_in_text(lambda name: f"As the photo ![A cup of coffee]({name}) shows, talks ran late."),
        ("{article}", "images/photo.jpg", "paragraph of its own"),
    ),
    "a lead photo without a credit": Case(
        _lead_photo({"alt": "The harbour at dawn"}), ("{article}", "'image' has no 'credit'", "who took the photo"),
    ),
    "a lead photo without alt text": Case(
        _lead_photo({"credit": "A. Photographer"}), ("{article}", "'image' has no 'alt'"),
    ),
    "a lead photo file that does not exist": Case(
        lambda project: ArticleEditor(project).set_key("image", {"src": "images/missing.jpg", "alt": "A harbour",
                                                           "credit": "A. Photographer"}),
        ("{article}", "images/missing.jpg", "no file"),
    ),
    "a lead photo too small to share": Case(
        _lead_photo({"alt": "A cup of coffee", "credit": "A. Photographer"}, photo=NARROW_PHOTO),
        ("docs/images/lead.jpg", "600x400", "at least 1200 px wide"),
    ),
    "a lead photo that is an SVG": Case(
        _lead_photo({"alt": "A chart", "credit": "The desk"}, name="images/chart.svg", data=_svg("<rect width='9' height='9'/>")),
        ("docs/images/chart.svg", "lead photo"),
    ),
    "a decompression bomb": Case(
        _photo_in_text(lambda name: f"![A harbour]({name})", name="images/bomb.png", data=_bomb()),
        ("docs/images/bomb.png", "60 MP", "the limit is 50 MP"),
    ),
    "a truncated photo": Case(
        _photo_in_text(lambda name: f"![A harbour]({name})", data=WIDE_PHOTO.read_bytes()[:20_000]),
        ("docs/images/photo.jpg", "truncated"),
    ),
    "a photo file that is not an image": Case(
        _photo_in_text(lambda name: f"![A harbour]({name})", data=b"This is not a photograph."),
        ("docs/images/photo.jpg", "not an image"),
    ),
    "a GIF named as a JPEG": Case(
        _photo_in_text(lambda name: f"![A harbour]({name})", data=_gif()),
        ("docs/images/photo.jpg", "GIF", "JPEG, PNG, WebP or AVIF"),
    ),
    "an SVG with a script": Case(
        _svg_in_text("<script>alert(1)</script>"),
        ("docs/images/chart.svg", "<script>"),
    ),
    "an SVG with an event attribute": Case(
        _svg_in_text('<circle r="5" onclick="alert(1)"/>'),
        ("docs/images/chart.svg", "onclick"),
    ),
    "an SVG with a foreignObject": Case(
        _svg_in_text("<foreignObject><p>Text</p></foreignObject>"),
        ("docs/images/chart.svg", "foreignObject"),
    ),
    "an SVG that loads from another site": Case(
        _svg_in_text('<image href="https://tracker.example/pixel.png" width="1" height="1"/>'),
        ("docs/images/chart.svg", "https://tracker.example/pixel.png"),
    ),
    # Authors: every one an article names is in the authors file, and that file is valid.
    "an article naming an unknown author": Case(
        lambda project: ArticleEditor(project).set_key("authors", ["nobody"]),
        ("{article}", "'authors' names 'nobody'", "not in the authors file"),
    ),
    "an author without a name": Case(
        _authors_file("authors:\n  jdoe:\n    url: https://example.org/jdoe\n"),
        ("authors.yml", "author 'jdoe'", "'name' is missing"),
    ),
    "an author whose url is not an absolute address": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    url: example.org/jdoe\n"),
        ("authors.yml", "author 'jdoe'", "'url'", "not an absolute http(s) address"),
    ),
    "an author with an unknown key": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    twitter: '@jdoe'\n"),
        ("authors.yml", "author 'jdoe'", "unknown key 'twitter'"),
    ),
    "an author with a misspelt key": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    same-as: [https://example.org/jdoe]\n"),
        ("authors.yml", "author 'jdoe'", "unknown key 'same-as'", "same_as"),
    ),
    "an author whose email is not an address": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    email: jane at example.org\n"),
        ("authors.yml", "author 'jdoe'", "'email'", "'jane at example.org'", "not an e-mail address"),
    ),
    "an author whose email is a mailto: link": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    email: mailto:jane@example.org\n"),
        ("authors.yml", "author 'jdoe'", "'email'", "not an e-mail address", "without mailto:"),
    ),
    "an author whose other profile is not an absolute address": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    same_as: [social.example/@jdoe]\n"),
        ("authors.yml", "author 'jdoe'", "'same_as'", "'social.example/@jdoe'", "not an absolute http(s) address"),
    ),
    "an author whose other profiles are not a list": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    same_as: https://social.example/@jdoe\n"),
        ("authors.yml", "author 'jdoe'", "'same_as'", "must be a list"),
    ),
    "an author whose expertise is not a list": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    expertise: Russia and the Arctic\n"),
        ("authors.yml", "author 'jdoe'", "'expertise'", "must be a list of text"),
    ),
    "an author whose languages are not all text": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    languages: [English, {Russian: fluent}]\n"),
        ("authors.yml", "author 'jdoe'", "'languages'", "must be a list of text"),
    ),
    "an author whose role is two lines": Case(
        _authors_file("authors:\n  jdoe:\n    name: Jane Doe\n    role: \"Editor\\nand writer\"\n"),
        ("authors.yml", "author 'jdoe'", "'role'", "must be one line"),
    ),
    # Sections and tags (newsroom.taxonomy): every section an article names is in the sections file, which is valid.
    "an article naming an unknown section": Case(
        lambda project: ArticleEditor(project).set_key("section", "nowhere"),
        ("{article}", "'section' names 'nowhere'", "sections.yml"),
    ),
    "an article without a section where one is required": Case(
        _without_section_required,
        ("{article}", "'section' is missing", "require_section"),
    ),
    "a section without a description": Case(
        _sections_file("sections:\n  world:\n    name: World\n"),
        ("sections.yml", "section 'world'", "'description' is missing"),
    ),
    "a section whose key is not URL-safe": Case(
        _sections_file("sections:\n  World News:\n    name: World\n    description: The world.\n"),
        ("sections.yml", "section 'World News'", "not URL-safe"),
    ),
    "a section with an unknown key": Case(
        _sections_file("sections:\n  world:\n    name: World\n    description: The world.\n    colour: red\n"),
        ("sections.yml", "section 'world'", "unknown key 'colour'"),
    ),
    "a tag with no letter or digit": Case(
        lambda project: ArticleEditor(project).set_key("tags", ["?!"]),
        ("{article}", "'tags' holds '?!'", "address"),
    ),
    "an author whose key is not URL-safe": Case(
        lambda project: (project / "authors.yml").write_text("authors:\n  J Doe:\n    name: Jane Doe\n", encoding="utf-8"),
        ("authors.yml", "author 'J Doe'", "not URL-safe"),
    ),
    # The site's address.
    "an empty SITE_URL": _site_url("", "is empty"),
    "a SITE_URL with a query": _site_url("https://example.org/repo/?utm=x", "has a query"),
    "a SITE_URL with a fragment": _site_url("https://example.org/repo/#top", "has a fragment"),
    "a SITE_URL naming a file": _site_url("https://example.org/repo/index.html", "ends in a file name"),
    "a SITE_URL that is not http": _site_url("ftp://example.org/repo/", "is not an http or https address"),
    # The publication date.
    "a publication date too far ahead": Case(
        _set_date(lambda date: str((clock.now() + datetime.timedelta(days=400)).date())),
        ("{article}", "'date'", "days after the build's clock", "schedule_days_ahead"),
    ),
    "a publication time without an offset": Case(
        _set_date(lambda date: f"{date} 10:30:00"), ("{article}", "'date'", "has a time without an offset", "ambiguous")
    ),
    "a quoted publication time without an offset": Case(
        _set_date(lambda date: f"'{date}T10:30'"), ("{article}", "'date'", "has a time without an offset")
    ),
    "an impossible publication date": Case(
        _set_date(lambda date: "2026-02-30"), ("{article}", "'date' is 2026-02-30", "not a calendar date")
    ),
    # The date of the last correction, optional.
    "a correction dated before publication": Case(
        lambda project: ArticleEditor(project).set_key(
            "updated", ArticleEditor(project).front_matter()["date"] - datetime.timedelta(days=1)),
        ("{article}", "'updated'", "is earlier than the publication 'date'"),
    ),
    "a correction dated after the build's clock": Case(
        lambda project: ArticleEditor(project).set_key("updated", (clock.now() + datetime.timedelta(days=30)).date()),
        ("{article}", "'updated' is dated", "after the build's clock"),
    ),
    "a correction's time without an offset": Case(
        lambda project: ArticleEditor(project).set_key_text(
            "updated", f"{ArticleEditor(project).front_matter()['date']} 09:00:00"),
        ("{article}", "'updated'", "has a time without an offset"),
    ),
    "a correction date that is not a date": Case(
        lambda project: ArticleEditor(project).set_key_text("updated", "recently"), ("{article}", "'updated' is 'recently'")
    ),
    # Drafts and scheduled articles (newsroom.schedule).
    "a draft that may be one": Case(
        lambda project: ArticleEditor(project).set_key_text("draft", "maybe"),
        ("{article}", "'draft' is 'maybe', but must be true or false"),
    ),
    "a published article made a draft": Case(
        lambda project: ArticleEditor(project).set_key("draft", True),
        ("{article}", "'draft' is true", "published/{article_stem}.txt"),
    ),
    "a link to a draft": Case(
        _link_to_unpublished("upcoming.md", "draft: true"), ("{article}", "links to docs/upcoming.md", "a draft"),
    ),
    "a link to a scheduled article": Case(
        _link_to_unpublished("upcoming.md", f"date: {(clock.now() + datetime.timedelta(days=3)).isoformat()}"),
        ("{article}", "links to docs/upcoming.md", "scheduled for"),
    ),
    # Corrections printed on the article (newsroom.desk): each dated, with one paragraph of text.
    "a correction without text": Case(
        _corrections(lambda day: {"date": day}), ("{article}", "front matter 'corrections' entry 1 has no 'text'")
    ),
    "a correction with an unknown key": Case(
        _corrections(lambda day: {"date": day, "text": "A name was misspelt.", "by": "the desk"}),
        ("{article}", "'corrections' entry 1 has an unknown key 'by'"),
    ),
    "a correction in corrections dated before publication": Case(
        _corrections(lambda day: {"date": day - datetime.timedelta(days=1), "text": "A name was misspelt."}),
        ("{article}", "'corrections' entry 1: 'date'", "is earlier than the publication 'date'"),
    ),
    "a correction in corrections dated after the build's clock": Case(
        _corrections(lambda day: {"date": day, "text": "A name was misspelt."},
                     lambda day: {"date": (clock.now() + datetime.timedelta(days=30)).date(), "text": "A date."}),
        ("{article}", "'corrections' is dated", "after the build's clock"),
    ),
    "a correction of two paragraphs": Case(
        _corrections(lambda day: {"date": day, "text": "A name was misspelt.\n\nIt is now right."}),
        ("{article}", "'corrections' entry 1: 'text' has more than one paragraph"),
    ),
    "a correction that is a list": Case(
        _corrections(lambda day: {"date": day, "text": "- a name\n- a date"}),
        ("{article}", "'corrections' entry 1: 'text' must be one paragraph"),
    ),
    "a correction linking a file that is not an article": Case(
        _corrections(lambda day: {"date": day, "text": "See [the note](missing.md)."}),
        ("{article}", "'corrections' entry 1: 'text' links 'missing.md'"),
    ),
    # The dateline: one line, the place the story was reported from.
    "a dateline of two lines": Case(
        lambda project: ArticleEditor(project).set_key("dateline", "ANCHORAGE,\nAlaska"),
        ("{article}", "front matter 'dateline' must be one line"),
    ),
    "an empty dateline": Case(
        lambda project: ArticleEditor(project).set_key_text("dateline", "''"),
        ("{article}", "front matter 'dateline' is empty"),
    ),
    "a dateline that is not text": Case(
        lambda project: ArticleEditor(project).set_key("dateline", ["ANCHORAGE", "Alaska"]),
        ("{article}", "front matter 'dateline' must be text"),
    ),
    # Old addresses kept alive (redirect_from).
    "an old address that is not URL-safe": Case(
        _redirect_from("Old Name"), ("{article}", "front matter 'redirect_from'", "not URL-safe")
    ),
    "an old address two articles claim": Case(
        _one_old_address_twice, ("'redirect_from' names 'gone/'", "docs/other.md", "{article}", "names too")
    ),
    "an old address that is the article's own": Case(
        _own_address_as_old(), ("{article}", "'redirect_from' names '{article_stem}/'", "address now")
    ),
    "an old address that is a folder of the site's own": Case(
        _redirect_from("archive"), ("{article}", "'redirect_from' names 'archive/'", "a folder of the site's own")
    ),
    "an approved text left at a redirected address": Case(
        _renamed_keeping_the_old_approved_text,
        ("published/{article_stem}.txt", "now sends readers to", "newsroom approve", "delete this file"),
    ),
    # Withdrawals: a date and a one-line notice, both required.
    "a withdrawal without a notice": Case(
        _withdrawn(lambda day: {"date": day}), ("{article}", "front matter 'withdrawn'", "has no 'notice'")
    ),
    "a withdrawal without a date": Case(
        _withdrawn(lambda day: {"notice": "Withdrawn at the request of a court."}),
        ("{article}", "front matter 'withdrawn'", "has no 'date'"),
    ),
    "a withdrawal dated before publication": Case(
        _withdrawn(lambda day: {"date": day - datetime.timedelta(days=1), "notice": "Withdrawn."}),
        ("{article}", "front matter 'withdrawn' 'date'", "is earlier than the publication 'date'"),
    ),
    "a withdrawal notice of two lines": Case(
        _withdrawn(lambda day: {"date": day, "notice": "Withdrawn.\nThe desk regrets it."}),
        ("{article}", "front matter 'withdrawn' 'notice' must be one line"),
    ),
    # The site's own settings: the newsroom plugin's options, checked by MkDocs against NewsroomConfig.
    "a misspelt setting": Case(
        _misspell_setting("words_per_minute", "word_per_minute"),
        ("Plugin 'newsroom' option 'word_per_minute'", "Unrecognised configuration name"),
    ),
    "words_per_minute that is not a number": Case(
        _set_setting("words_per_minute", "fast"), ("Plugin 'newsroom' option 'words_per_minute'", "'fast'", "whole number")
    ),
    "an Open Graph locale that is not one": Case(
        _set_setting("og_locale", "English"), ("Plugin 'newsroom' option 'og_locale'", "language_TERRITORY")
    ),
    "stylesheet_reduction that is not true or false": Case(
        _set_setting("stylesheet_reduction", "sometimes"), ("Plugin 'newsroom' option 'stylesheet_reduction'", "bool")
    ),
    "an unknown time zone": Case(
        _set_setting("time_zone", "Mars/Olympus_Mons"), ("Plugin 'newsroom' option 'time_zone'", "'Mars/Olympus_Mons'", "IANA")
    ),
    "schedule_days_ahead that is not a number": Case(
        _set_setting("schedule_days_ahead", "soon"), ("Plugin 'newsroom' option 'schedule_days_ahead'", "whole number")
    ),
    "a feed id authority that is a web address": Case(
        _set_setting("feed_id_authority", "https://example.org/"),
        ("Plugin 'newsroom' option 'feed_id_authority'", "RFC 4151"),
    ),
    "a feed that is not an .xml file": Case(
        _set_setting("feed", "../feed"), ("Plugin 'newsroom' option 'feed'", "'../feed'", ".xml")
    ),
    # The type of work (newsroom.work) and the publisher's pages (newsroom.publisher).
    "an unknown type of work": Case(_front_matter(type="gossip"), ("{article}", "front matter 'type'", "no type of work")),
    "sponsored content without its sponsor": Case(
        _front_matter(type="sponsored"), ("{article}", "front matter 'sponsor' is missing", "who paid for it")),
    "a sponsor for an article that is not sponsored": Case(
        _front_matter(sponsor={"name": "An Energy Council"}), ("{article}", "front matter 'sponsor'", "only `type: sponsored`")),
    "a sponsor whose address is no address": Case(
        _front_matter(type="sponsored", sponsor={"name": "An Energy Council", "url": "example.org"}),
        ("{article}", "front matter 'sponsor'", "'url' is 'example.org'")),
    "sponsored content as the publication's default": Case(
        _set_setting("default_type", "sponsored"), ("Plugin 'newsroom' option 'default_type'", "sponsored")),
    "a publisher file naming a page that does not exist": Case(
        _publisher({"ethics": "policies/ethics.md"}), ("publisher.yml: 'pages' 'ethics' names policies/ethics.md",
                                                       "does not exist")),
    "a publisher file naming no kind of page": Case(
        _publisher({"faq": "policies/faq.md"}, {"policies/faq.md": POLICY}), ("publisher.yml", "'faq'", "no kind")),
    "a publisher's page without its title": Case(
        _publisher({"about": "policies/about.md"}, {"policies/about.md": POLICY.replace("title: About us\n", "")}),
        ("policies/about.md: front matter 'title' is missing",)),
    "an article at a publisher's page's address": Case(
        _publisher({"about": "policies/about.md"}, {"policies/about.md": POLICY}, slug="about"),
        ("{article}", "its address 'about/'")),
    # The social card: every character drawn, nothing off the edge.
    "a headline in Chinese": Case(_set_headline("特朗普与普京在阿拉斯加会晤"), ("{article}", "cannot draw", "U+7279")),
    "a headline with an emoji": Case(_set_headline("Trump and Putin meet 🤝 in Alaska"), ("{article}", "U+1F91D HANDSHAKE")),
    "a headline too long for the card": Case(
        _set_headline(" ".join(["Anchorage"] * 40)), ("{article}", "does not fit on the social card", "characters")
    ),
    "a site name the card cannot draw": Case(
        _edit_config(lambda config: re.sub(r"^site_name: .*$", "site_name: 阿拉斯加 Analysis", config, count=1, flags=re.M)),
        ("mkdocs.yml", "site_name", "cannot draw"),
    ),
}


@dataclass(frozen=True)
class Outcome:
    """What building one damaged copy gave, and the newest article's file before the damage."""

    build: Build
    article: str
    article_name: str
    article_stem: str


def _damage_and_build(case: Case, workdir: Path) -> Outcome:
    project = copy_project(workdir / "project")
    article = lead_article(project)
    case.damage(project)
    build = mkdocs_build(project, workdir / "site", site_url=case.site_url, options=case.options)
    return Outcome(build, article.where, article.path.name, article.name)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case damaged and built once, as many at a time as the machine has cores (each build is its own process)."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {name: pool.submit(_damage_and_build, case, tmp_path_factory.mktemp("bad")) for name, case in CASES.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_fails_loudly(name: str, outcomes: dict[str, Outcome]) -> None:
    """Should exit non-zero, say what is wrong and where, and leave no site to deploy."""
    outcome, case = outcomes[name], CASES[name]
    build = outcome.build
    assert build.returncode != 0, f"the build accepted the damage and exited 0:\n{build.output}"
    says = [text.replace("{article}", outcome.article).replace("{article_name}", outcome.article_name)
            .replace("{article_stem}", outcome.article_stem) for text in case.says]
    missing = [text for text in says if text not in build.output]
    assert not missing, f"the build failed, as it should, but its message does not say {missing}:\n{build.output}"
    assert "Traceback" not in build.output, f"the build failed with a traceback, not a message:\n{build.output}"
    assert not build.site_dir.exists(), f"the failed build left {sorted(build.site_dir.iterdir())}"


def _change_a_word(paragraphs: list[str]) -> tuple[list[str], int]:
    """Drop the last letter of a long word in the middle paragraph."""
    number = len(paragraphs) // 2
    word = max(words(paragraphs[number]), key=len)
    changed = list(paragraphs)
    changed[number] = paragraphs[number].replace(word, word[:-1], 1)
    return changed, number


def _drop_a_paragraph(paragraphs: list[str]) -> tuple[list[str], int]:
    """Leave out the second paragraph."""
    if len(paragraphs) < 2:
        pytest.skip("the article has one paragraph: dropping it is the 'empty page' case")
    return paragraphs[:1] + paragraphs[2:], 1


def _flip_an_apostrophe(paragraphs: list[str]) -> tuple[list[str], int]:
    """Turn the first apostrophe straight if it is typographic, typographic if it is straight."""
    for number, paragraph in enumerate(paragraphs):
        for old, new in (("’", "'"), ("'", "’")):
            if old in paragraph:
                changed = list(paragraphs)
                changed[number] = paragraph.replace(old, new, 1)
                return changed, number
    pytest.skip("the article has no apostrophe to flip")


ALTERATIONS: dict[str, Callable[[list[str]], tuple[list[str], int]]] = {
    "a word changed": _change_a_word,
    "a paragraph dropped": _drop_a_paragraph,
    "an apostrophe flipped": _flip_an_apostrophe,
}


@pytest.mark.parametrize("alter", ALTERATIONS.values(), ids=ALTERATIONS.keys())
def test_altered_text_is_named(alter: Callable[[list[str]], tuple[list[str], int]], tmp_path: Path) -> None:
    """Should build, then fail the content check, naming the paragraph that no longer matches."""
    project = copy_project(tmp_path / "project")
    original = ArticleEditor(project).paragraphs()
    changed, index = alter(original)
    # `original` keeps the approved text (ArticleEditor.write changes the copy's approved file too).
    ArticleEditor(project).write(paragraphs=changed)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, (
        "an altered article should still build (the content check, not the build, catches it); "
        f"the build failed:\n{build.output}"
    )
    page = BeautifulSoup((build.site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    problems = text_problems(page, original)
    named = f"paragraph {index + 1} of the original"
    assert problems, "the content check passed an altered article"
    assert named in problems[0], f"the content check should name {named!r} first; it said: {problems}"
