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
from bs4 import BeautifulSoup
from PIL import Image

from article_edit import Article, words
from article_text import text_problems
from conftest import copy_project, mkdocs_build
from harness.project import Build, lead_article


def _append_to_article(text: str) -> Callable[[Path], None]:
    return lambda project: Article(project).append_paragraph(text)


def _edit_config(change: Callable[[str], str]) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        config = project / "mkdocs.yml"
        config.write_text(change(config.read_text(encoding="utf-8")), encoding="utf-8")
    return damage


def _broken_yaml(project: Path) -> None:
    article = Article(project)
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


def _set_extra(key: str, value: str) -> Callable[[Path], None]:
    return _edit_config(lambda config: re.sub(rf"^(  {key}:).*$", rf"\1 {value}", config, count=1, flags=re.M))


def _set_date(text: Callable[[datetime.date], str]) -> Callable[[Path], None]:
    return lambda project: Article(project).set_key_text("date", text(Article(project).front_matter()["date"]))


def _set_headline(title: str) -> Callable[[Path], None]:
    return lambda project: Article(project).set_key("title", title)


def _second_article(name: str, change: Callable[[str], str] = lambda source: source) -> Callable[[Path], None]:
    """Add docs/<name>: the newest article's file, changed by `change`."""
    def damage(project: Path) -> None:
        path = project / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change(Article(project).markdown.read_text(encoding="utf-8")), encoding="utf-8")
    return damage


def _with_slug_of_the_newest(project: Path) -> None:
    """A second article whose slug is the newest article's address."""
    name = lead_article(project).name
    _second_article("other.md", lambda source: source.replace("---\n", f"---\nslug: {name}\n", 1))(project)


def _pixel_png() -> bytes:
    """A real PNG image of one pixel, small enough for any limit."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(out, format="PNG")
    return out.getvalue()


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
    # MkDocs' --quiet silences warnings before strict mode can count them (hooks/strict_when_quiet.py).
    "link to a missing page, built with --quiet": Case(
        _append_to_article("See [the background](background.md)."),
        # One: the front page renders the newest article too, but only its own page's warning counts.
        ("Aborted with 1 warnings in strict mode",),
        options=("--quiet",),
    ),
    "front matter not valid YAML": Case(_broken_yaml, ("{article}", "front matter is not valid YAML", "line ")),
    "front matter without headline": Case(
        lambda project: Article(project).drop_key("title"),
        ("{article}", "front matter has no 'title'", "headline"),
    ),
    "front matter without description": Case(
        lambda project: Article(project).drop_key("description"),
        ("{article}", "front matter has no 'description'", "standfirst"),
    ),
    "front matter date of wrong type": Case(
        lambda project: Article(project).set_key_text("date", "soon"),
        ("{article}", "'date' must be", "got str"),
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
        lambda project: Article(project).markdown.write_text("", encoding="utf-8"),
        ("{article}", "the page is empty"),
    ),
    # Articles: each a .md file directly in docs/, at its own URL-safe address.
    "two articles at one address": Case(_with_slug_of_the_newest, ("docs/other.md", "{article}", "is already", "'slug'")),
    "a slug that is not URL-safe": Case(
        lambda project: Article(project).set_key("slug", "Alaska Summit!"), ("{article}", "'slug'", "not URL-safe")
    ),
    "a file name that is not URL-safe": Case(
        _second_article("Alaska Summit.md"), ("docs/Alaska Summit.md", "not URL-safe", "rename the file", "'slug'")
    ),
    "an article's file renamed": Case(
        lambda project: Article(project).markdown.rename(Article(project).markdown.with_name("renamed.md")),
        ("tests/fixtures/articles/{article_stem}.txt", "published at {article_stem}/ has no file now",
         "slug: {article_stem}"),
    ),
    "an article in a folder": Case(_second_article("2026/summit.md"), ("docs/2026/summit.md", "directly in docs/")),
    "an article at the front page's address": Case(
        _second_article("index.md"), ("docs/index.md", "the front page is made from the articles")
    ),
    "a second article without front matter": Case(
        _add_file("notes.md", b"Some notes.\n"), ("docs/notes.md", "front matter has no 'title'")
    ),
    "a second article dated in the future": Case(
        _second_article("later.md", lambda source: re.sub(
            r"^date: .*$", f"date: {datetime.date.today() + datetime.timedelta(days=400)}", source, count=1, flags=re.M)),
        ("docs/later.md", "'date'", "is in the future"),
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
        _add_file("assets/video.png", size=50 * 1024 * 1024), ("docs/assets/video.png", "over the 1,048,576-byte limit")
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
    "an image the site does not declare it publishes": Case(
        _add_file("assets/map.png", _pixel_png()), ("check_published_files", "assets/map.png", "does not declare")
    ),
    "a declared file the build does not write": Case(
        _edit_config(lambda config: config.replace("    - robots.txt\n", "    - robots.txt\n    - humans.txt\n", 1)),
        ("check_published_files", "humans.txt", "did not write"),
    ),
    # The site's address.
    "an empty SITE_URL": _site_url("", "is empty"),
    "a SITE_URL with a query": _site_url("https://example.org/repo/?utm=x", "has a query"),
    "a SITE_URL with a fragment": _site_url("https://example.org/repo/#top", "has a fragment"),
    "a SITE_URL naming a file": _site_url("https://example.org/repo/index.html", "ends in a file name"),
    "a SITE_URL that is not http": _site_url("ftp://example.org/repo/", "is not an http or https address"),
    # The publication date.
    "a publication date in the future": Case(
        _set_date(lambda date: str(datetime.date.today() + datetime.timedelta(days=400))),
        ("{article}", "'date'", "is in the future"),
    ),
    "a publication date with a time": Case(
        _set_date(lambda date: f"{date} 10:30:00"), ("{article}", "'date' must be a calendar date without a time")
    ),
    "an impossible publication date": Case(
        _set_date(lambda date: "2026-02-30"), ("{article}", "'date' is 2026-02-30", "not a calendar date")
    ),
    # The date of the last correction, optional.
    "a correction dated before publication": Case(
        lambda project: Article(project).set_key(
            "updated", Article(project).front_matter()["date"] - datetime.timedelta(days=1)),
        ("{article}", "'updated'", "is earlier than the publication 'date'"),
    ),
    "a correction dated in the future": Case(
        lambda project: Article(project).set_key("updated", datetime.date.today() + datetime.timedelta(days=30)),
        ("{article}", "'updated'", "is in the future"),
    ),
    "a correction dated with a time": Case(
        lambda project: Article(project).set_key_text("updated", f"{Article(project).front_matter()['date']} 09:00:00"),
        ("{article}", "'updated' must be a calendar date without a time"),
    ),
    "a correction date that is not a date": Case(
        lambda project: Article(project).set_key_text("updated", "recently"), ("{article}", "'updated' must be a date")
    ),
    # Settings the hooks and templates read.
    "words_per_minute that is not a number": Case(
        _set_extra("words_per_minute", "fast"), ("mkdocs.yml", "extra.words_per_minute", "'fast'")
    ),
    "an Open Graph locale that is not one": Case(_set_extra("og_locale", "English"), ("mkdocs.yml", "extra.og_locale")),
    "stylesheet_reduction that is not true or false": Case(
        _set_extra("stylesheet_reduction", "sometimes"), ("mkdocs.yml", "extra.stylesheet_reduction")
    ),
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
    original = Article(project).paragraphs()
    changed, index = alter(original)
    # `original` keeps the approved text (Article.write changes the copy's approved file too).
    Article(project).write(paragraphs=changed)
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
