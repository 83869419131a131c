"""The built site answered in the browser at its own address, as GitHub Pages will answer it, without a server.

The gate reads back the very files it is about to deploy, built for the real address
(`site_url`): every page's policy names that address, so the page must be read there.
Each request the page makes for that address is answered from the built folder, as
Pages answers (a folder's index.html, 404.html for what is missing); any other is
refused and recorded, since a page may request nothing from another site.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from playwright.sync_api import BrowserContext, Route


class SiteRoutes:
    """Answers a browser context's requests for `site_url` from `folder`; refuses any other, noting it."""

    def __init__(self, folder: Path, site_url: str) -> None:
        self.folder = folder.resolve()
        self.site_url = site_url
        self.prefix = urlsplit(site_url).path
        # Every address a page asked for that is not the site's.
        self.foreign: list[str] = []

    def __call__(self, context: BrowserContext) -> None:
        context.route("**/*", self._answer)

    def _answer(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if not url.startswith(self.site_url.split("://")[0] + "://" + urlsplit(self.site_url).netloc + self.prefix):
            self.foreign.append(url)
            route.abort("blockedbyclient")
            return
        path = unquote(parts.path).removeprefix(self.prefix)
        file = (self.folder / PurePosixPath(path)).resolve()
        if not file.is_relative_to(self.folder):
            route.fulfill(status=404, path=self.folder / "404.html", content_type="text/html; charset=utf-8")
            return
        if file.is_dir() and not parts.path.endswith("/"):
            route.fulfill(status=301, headers={"Location": url.split("?")[0] + "/"})
            return
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            route.fulfill(status=404, path=self.folder / "404.html", content_type="text/html; charset=utf-8")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, path=file, content_type=f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
