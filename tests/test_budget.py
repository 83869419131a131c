"""Page weight: the home page's first load stays under a stated byte budget.

Counted deterministically: the files the browser requests on a first visit,
each at the size gzip gives it (as GitHub Pages serves it), without headers.
The stock Material build of the same article weighs 78 KiB; see bench/.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser

from browser_visit import visit
from conftest import Site
from pages_server import gzip_size

pytestmark = pytest.mark.browser

BUDGET_BYTES = 64 * 1024


def test_first_load_under_budget(browser: Browser, site: Site) -> None:
    """Should transfer no more than the budget on a first visit, every request counted."""
    with visit(browser, site.url, "phone") as loaded:
        urls = sorted(set(loaded.requests))
    prefix = urlsplit(site.url).path
    sizes: dict[str, int] = {}
    for url in urls:
        path = unquote(urlsplit(url).path)[len(prefix):]
        file = site.dir / (path or "index.html")
        file = file / "index.html" if file.is_dir() else file
        assert file.is_file(), f"{url} is not a file of the build"
        sizes[path or "index.html"] = gzip_size(file)
    total = sum(sizes.values())
    listing = "\n".join(f"  {size:>7} {name}" for name, size in sorted(sizes.items(), key=lambda item: -item[1]))
    print(f"first load: {total} bytes gzip in {len(sizes)} requests\n{listing}")
    assert total <= BUDGET_BYTES, f"first load is {total} bytes, over the {BUDGET_BYTES}-byte budget:\n{listing}"
