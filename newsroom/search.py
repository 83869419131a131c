"""Search that costs an article page nothing: Pagefind's index of the built site, loaded only by the search page.

Material's search plugin fetches an index of the whole site, and a worker, on every
page load. Here Pagefind (PyPI `pagefind`, its binary from `pagefind-bin`) indexes the
written site once it is built: the article bodies (`data-pagefind-body`), with each
article's headline, standfirst and date as the metadata its results show. The search
page (`search/`, its layout `layouts/search.html`) imports Pagefind's script only when
the reader searches, and Pagefind then fetches the few index chunks the words need.
Only the search page's policy admits the script, its fetches and WebAssembly
(`'wasm-unsafe-eval'`); no other page loads any of it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from newsroom.articles import SEARCH

# The search page's source in the site (a generated page), and where Pagefind's bundle goes.
SEARCH_PAGE = f"{SEARCH}.md"
BUNDLE = "pagefind/"
# What the search page loads of the bundle: its script, and then by fetch its WebAssembly and index.
SCRIPT = BUNDLE + "pagefind.js"
# Pagefind's own interfaces and its worker, which the search page does not use (it searches on the page).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")


def index_site(site: Path) -> set[str]:
    """Index the written site with Pagefind into site/pagefind/; drop what the search page does not load; return the
    bundle's files, by their paths in the site."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE.rstrip("/")],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise PluginError(f"newsroom search: Pagefind could not index the site:\n{result.stdout}{result.stderr}")
    folder = site / BUNDLE
    for name in UNUSED:
        (folder / name).unlink(missing_ok=True)
    return {path.relative_to(site).as_posix() for path in folder.rglob("*") if path.is_file()}
