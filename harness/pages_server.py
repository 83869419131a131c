"""A loopback stand-in for GitHub Pages: a site under a sub-path, gzip, and 404.html.

GitHub Pages serves a project site at https://OWNER.github.io/REPO/, compresses
text with gzip (not brotli), answers a missing page with the root 404.html, and
keeps its connections open (HTTP/2), so this server keeps them open too.
Serving the built site the same way lets the browser tests see what a reader
sees, including whether the 404 page's styles load under the sub-path.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Text types Pages compresses; images and fonts are already compressed.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def content_type(path: Path) -> tuple[str, bool]:
    """The file's media type, and whether Pages would gzip it on the way out."""
    kind, encoding = mimetypes.guess_type(path.name)
    kind = kind or "application/octet-stream"
    return kind, encoding is None and kind.startswith(COMPRESSIBLE)


class _Handler(BaseHTTPRequestHandler):
    """Serve files from `root` at URL paths under `prefix`."""

    # Keep connections open between requests, as Pages (HTTP/2) does; HTTP/1.0 would make
    # every request pay for a new connection.
    protocol_version = "HTTP/1.1"

    def __init__(self, *args: object, root: Path, prefix: str, sent: list[tuple[str, int]], **kwargs: object) -> None:
        self.root = root
        self.prefix = prefix
        self.sent = sent
        # http.server passes (request, client_address, server) through, typed as objects here.
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: pytest shows the test's own output."""

    def _resolve(self) -> Path | None:
        """Map the request path to a file inside root, or None."""
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            return None
        candidate = (self.root / path[len(self.prefix):]).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def do_GET(self) -> None:
        """Answer with the file, or with 404.html and status 404."""
        file = self._resolve()
        status = 200
        if file is None:
            status, file = 404, self.root / "404.html"
        body = file.read_bytes()
        kind, compressible = content_type(file)
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
        if compressible and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((self.path, len(body)))


class PagesServer:
    """A threaded server bound to a free loopback port; start() serves `root` under `prefix`."""

    def __init__(self, prefix: str = "/") -> None:
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        self.root: Path | None = None
        # (path, body bytes) of every response, for counting what a page load transferred.
        self.sent: list[tuple[str, int]] = []
        # Bind now so the address is known before the site (whose site_url needs it) is built.
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler)
        # Polling for shutdown every 20 ms, not the standard library's 500: stopping a server waits for the poll,
        # and the suite stops dozens of them.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def _handler(self, *args: object, **kwargs: object) -> _Handler:
        assert self.root is not None, "PagesServer.start() was not called"
        return _Handler(*args, root=self.root, prefix=self.prefix, sent=self.sent, **kwargs)

    @property
    def url(self) -> str:
        """The site's address, ending in '/'."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.prefix}"

    def start(self, root: Path) -> None:
        """Serve `root` (a built site) from now on."""
        self.root = root.resolve()
        self._thread.start()

    @contextmanager
    def serving(self, root: Path) -> Iterator[None]:
        """Serve another built site at the same address for a while (its policies name that address)."""
        previous, self.root = self.root, root.resolve()
        try:
            yield
        finally:
            self.root = previous

    def stop(self) -> None:
        """Stop serving (if it started) and release the port."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
