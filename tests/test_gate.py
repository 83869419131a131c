"""The publication's gate, `newsroom check` (newsroom.gate): what it reads back, and that it stops what it must.

Without a browser: which pages a run reads back (those whose bytes, or the bytes of what they load, changed since
their last clean reading; after a change of code one of each kind; every page whose words changed), what kind each
page of the corpus is, and that an unapproved text stops the gate before it builds. In the browser, on a copy of the
corpus's seed whose record says every page was read clean: an unchanged site reads nothing back, and an approved edit
that hides words with the article's own markup fails the gate on the pages that show it, naming the article's file,
the page and the paragraph, at the site's real address (as the workflow deploys it), and leaves them unrecorded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from article_edit import ArticleEditor
from conftest import Site, copy_project, mkdocs_build, project_settings
from harness.project import SEED, articles
from newsroom import cli
from newsroom.cli import read_project
from newsroom.gate import plan
from newsroom.verify.record import Record, Verified, code_fingerprint
from newsroom.verify.site import BuiltPage, BuiltSite

# The address the gate's copy is built for: the gate reads it there, as readers will (its policy names it).
SITE_URL = "https://example.github.io/anchorage-summit/"


# The words of each page the tests make up, by its name and key.
WORDS: dict[tuple[str, str], str] = {}


def _page(name: str, kind: str = "article", key: str = "k", words: str = "w") -> BuiltPage:
    WORDS[name, key] = words
    return BuiltPage(name, kind, key, name)


def _words(page: BuiltPage) -> str:
    return WORDS[page.name, page.key]


def _record(*pages: BuiltPage, code: str = "code") -> Record:
    return Record(Path("unused"), code, None, {page.name: Verified(page.key, _words(page), page.kind) for page in pages})


def test_reads_back_only_what_changed() -> None:
    """Should read back a page whose bytes (or what it loads) changed and a page never read, and not one whose key is
    on record; with every_page, every page."""
    same, changed, new = _page("a/index.html"), _page("b/index.html", key="new"), _page("c/index.html")
    chosen = plan([same, changed, new], _record(same, _page("b/index.html")), "code", False, False, _words)
    assert chosen.read == [changed, new] and chosen.unchanged == [same] and not chosen.by_kind
    assert plan([same], _record(same), "code", False, True, _words).read == [same]


def test_after_a_change_of_code_reads_each_kind_and_every_changed_word() -> None:
    """Should, after a change of code the suite has passed, read back one page of each kind and every page whose words
    changed, and take the rest (same words, bytes changed by the code) as verified by their kind; without the suite,
    every page the code changed."""
    before = [_page("a/index.html"), _page("b/index.html"), _page("s/index.html", "section"), _page("t/index.html", "tag")]
    after = [_page("a/index.html", key="x"), _page("b/index.html", key="x"), _page("s/index.html", "section", key="x"),
             _page("t/index.html", "tag", key="x", words="other")]
    chosen = plan(after, _record(*before, code="old"), "new", True, False, _words)
    assert {page.name for page in chosen.read} == {"a/index.html", "s/index.html", "t/index.html"}
    assert [page.name for page in chosen.by_kind] == ["b/index.html"]
    assert plan(after, _record(*before, code="old"), "new", False, False, _words).read == after
    # Code changed without changing a byte of any page (the check's own code): still one of each kind read back.
    same = plan(before, _record(*before, code="old"), "new", True, False, _words)
    assert {page.kind for page in same.read} == {"article", "section", "tag"} and len(same.read) == 3


def test_knows_every_kind_of_page(site: Site) -> None:
    """Should tell each page of the corpus's build for what it is (the publisher's pages among them), and the article
    each article's page shows."""
    policies = read_project(site.project / "mkdocs.yml").policies
    built = BuiltSite(site.dir, site.url, [a.built for a in articles(site.project, unpublished=True)],
                      site.project / "published", {}, policies)
    kinds = {name: built.page(name) for name in built.names()}
    assert policies and {kinds[policy.name].kind for policy in site.policies} == {"the publisher's page"}
    assert kinds["index.html"].kind == "front page" and kinds["index.html"].article == site.lead.built
    for page in site.pages[1:]:
        assert kinds[page.name].kind in ("article", "article with a lead photo"), page.name
        assert kinds[page.name].source == page.article.where
    assert {kinds[page.name].kind for page in site.withdrawn_pages} == {"withdrawn article"}
    old = {f"{old}/index.html" for a in site.articles for old in a.meta.redirect_from}
    assert old and {kinds[name].kind for name in old} == {"old address"}
    assert {kinds[name].kind for name in site.listing_pages} == {"section", "tag", "author"}
    assert kinds["404.html"].kind == "not found" and kinds["search/index.html"].kind == "search"
    assert kinds["corrections/index.html"].kind == "corrections"


def test_a_page_is_keyed_by_what_it_loads_too(site: Site, tmp_path: Path) -> None:
    """Should give a page another key when a file it loads (the favicon, not named by its bytes) changes, though the
    page's own bytes do not."""
    folder = shutil.copytree(site.dir, tmp_path / "site")
    built = BuiltSite(folder, site.url, [a.built for a in site.articles], site.project / "published", {})
    before = built.page("index.html").key
    favicon = folder / "assets" / "favicon.svg"
    favicon.write_text(favicon.read_text(encoding="utf-8").replace("<svg", "<svg data-changed=\"1\"", 1), encoding="utf-8")
    after = BuiltSite(folder, site.url, [a.built for a in site.articles], site.project / "published", {})
    assert after.page("index.html").key != before


def _check(project: Path, site_dir: Path) -> tuple[int, str]:
    """Run `newsroom check` on the copy, as the workflow does, from the copy's folder (a process of its own: it drives
    a browser of its own)."""
    result = subprocess.run([sys.executable, "-m", "newsroom.cli", "check", "--site-dir", str(site_dir)], cwd=project,
                            capture_output=True, text=True, timeout=600)
    return result.returncode, result.stdout + result.stderr


def test_an_unapproved_edit_stops_the_gate_before_it_builds(tmp_path: Path) -> None:
    """Should fail, naming the article's file, when its text is not its approved text, and build nothing."""
    project = copy_project(tmp_path / "project")
    editor = ArticleEditor(project)
    editor.markdown.write_text(editor.markdown.read_text(encoding="utf-8") + "\nAn unapproved sentence.\n",
                               encoding="utf-8")
    status, said = _check(project, tmp_path / "site")
    assert status == 1 and f"docs/{SEED}.md: not approved" in said, said
    assert not (tmp_path / "site").exists()


@pytest.mark.browser
def test_the_gate_reads_back_what_changed_and_fails_hidden_words(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Should read nothing back on an unchanged site whose pages are on record, and fail an approved edit whose own
    markup hides words from the reader on the article's page and the front page that leads with it, naming the file,
    the page and the paragraph, and record neither."""
    monkeypatch.setenv("SITE_URL", SITE_URL)
    project = copy_project(tmp_path / "project")
    cache = project / project_settings(project).cache_dir
    # A record of its own in a cache of its own, the photos and cards the suite's (linked, file by file).
    cache.unlink()
    cache.mkdir()
    site_dir = tmp_path / "site"
    assert mkdocs_build(project, site_dir, site_url=SITE_URL).returncode == 0
    found = articles(project)
    built = BuiltSite(site_dir, SITE_URL, [a.built for a in found], project / "published", {})
    record = Record(cache / "verified.json", code_fingerprint(project))
    record.pages = {page.name: Verified(page.key, built.words(page), page.kind) for page in map(built.page, built.names())}
    record.save()

    status, said = _check(project, site_dir)
    assert status == 0 and f"{len(record.pages)} unchanged since their last clean reading, 0 to read back" in said, said

    editor = ArticleEditor(project)
    paragraphs = editor.paragraphs()
    paragraphs[1] += ' <span hidden>Both leaders have agreed to a ceasefire.</span>'
    editor.write(paragraphs=paragraphs)
    assert cli.main(["approve", "--config-file", str(project / "mkdocs.yml"), str(editor.markdown)]) == 0
    capsys.readouterr()
    status, said = _check(project, site_dir)
    assert status == 1, said
    article = f"{SEED}/index.html"
    assert f"docs/{SEED}.md (its page {article})" in said and "docs/" + SEED + ".md (its page index.html)" in said, said
    reported = [line for line in said.splitlines() if line.startswith(f"  {article}, ")]
    assert reported and all("paragraph 2" in line for line in reported), "\n".join(reported)
    kept = Record.load(cache)
    assert kept.pages[article].key == record.pages[article].key, "a page that failed was recorded"
