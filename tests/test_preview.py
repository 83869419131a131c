"""The preview: `mkdocs serve --dirty`, which rebuilds only the changed pages, still serves a whole, current site.

A copy with two articles is previewed; one word of the older article's text is changed
while it runs: the rebuilt site shows the change on that article's page and in the feed,
and the feed still carries the article that was not rebuilt. Then a third article is
added while it runs: it shows on the front page, on its year's archive page and in the
feed, with no restart. Search, with one article a section of the index (so that a save
re-indexes only the sections it changed), then finds the changed word in the changed
article, and a word of every article in all three.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from article_edit import ArticleEditor, set_setting, words
from browser_visit import every_search_result
from conftest import copy_project
from legit_edits import newer_article_added, older_article_added

# It searches the preview in Chromium.
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _search(browser: Browser, url: str, words: str) -> list[str]:
    """The addresses the search page at `url` lists for `words`, every result shown."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}?q={words}")
        return every_search_result(page)
    finally:
        context.close()


def test_dirty_preview_serves_the_whole_current_site(tmp_path: Path, browser: Browser) -> None:
    """Should show a one-word edit on the article's page, in the feed and in search, keep every article in the feed,
    and list an article added while it runs on the front page, its archive page, the feed and in search."""
    project = copy_project(tmp_path / "project")
    newer_article_added(ArticleEditor(project))
    set_setting(project, "search_index_articles", 1)
    older = ArticleEditor(project, sorted((project / "docs").glob("*.md"), key=lambda p: p.stat().st_mtime)[0])
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout or []], daemon=True).start()
    said: list[str] = []

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            said.append(line)
            if text in line:
                return
        raise AssertionError(f"mkdocs serve --dirty never said {text!r}:\n{''.join(said)}")

    def output() -> str:
        """Everything the server has said so far."""
        while not lines.empty():
            said.append(lines.get())
        return "".join(said)

    def get(path: str) -> str:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}") as response:
                    return str(response.read().decode("utf-8"))
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"mkdocs serve --dirty never answered for /{path}:\n{''.join(said)}")

    try:
        wait_for("Serving on")
        entries = get("feed.xml").count("<entry>")
        paragraphs = older.paragraphs()
        word = words(paragraphs[0])[0]
        # A made-up word, which no article has and no stem of another word matches.
        edited = "Marmalquist"
        paragraphs[0] = paragraphs[0].replace(word, edited, 1)
        older.write(paragraphs=paragraphs)
        wait_for("Documentation built")
        feed, page = get("feed.xml"), get(f"{older.markdown.stem}/")
        before = set((project / "docs").glob("*.md"))
        older_article_added(ArticleEditor(project))
        (added,) = set((project / "docs").glob("*.md")) - before
        # Its files are written in several steps, each a change the server may rebuild for: wait for the
        # front page to list it (or give up after a minute), then read the rest.
        deadline = time.monotonic() + 60
        while f'{added.stem}/"' not in (front := get("")) and time.monotonic() < deadline:
            time.sleep(0.2)
        feed_after = get("feed.xml")
        year = ArticleEditor(project, added).front_matter()["date"].year
        archive = get(f"archive/{year}/")
        # Its section's page, which a dirty build renders again because what it lists changed (newsroom.pages.ListFile).
        section = ArticleEditor(project, added).front_matter().section
        listing = get(f"section/{section}/") if section else None
        found_edit = _search(browser, f"http://127.0.0.1:{port}/search/", edited)
        texts = [ArticleEditor(project, path).paragraphs() for path in sorted((project / "docs").glob("*.md"))]
        shared = max(set.intersection(*({w.lower() for w in re.findall(r"[A-Za-z]{7,}", " ".join(text))}
                                        for text in texts)), key=len)
        found_shared = _search(browser, f"http://127.0.0.1:{port}/search/", shared)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Aborted" not in "".join(said) and "ERROR" not in "".join(said), "".join(said)
    assert entries == 2 and feed.count("<entry>") == 2, f"the feed lost an entry in the dirty rebuild: {feed}"
    assert edited in page and edited in feed, "the dirty rebuild does not show the edit"
    # The new article, at its own address, listed where readers look for it.
    for where, html in (("front page", front), (f"archive page of {year}", archive),
                        *([(f"page of its section {section}", listing)] if listing is not None else [])):
        assert f'{added.stem}/"' in html, (
            f"the {where} does not list the article added during the preview ({added.stem}):\n{output()}")
    assert feed_after.count("<entry>") == 3, "the feed does not carry the article added during the preview"
    assert [href.rstrip("/").rsplit("/", 1)[-1] for href in found_edit] == [older.markdown.stem], (
        f"searching the edited word {edited} listed {found_edit}")
    assert len(found_shared) == 3 == len(set(found_shared)), f"searching {shared!r}, in every article, listed {found_shared}"
