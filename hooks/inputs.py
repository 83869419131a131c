"""Check every input where it enters the build (called by hooks/main.py): the site's address, the settings the hooks and
templates read, and every file under docs/.

Each of these once built green and published something broken or unintended: an
empty SITE_URL gave "None" in every address, a bad `extra` value failed later
naming the wrong file, a symlink under docs/ published a file from outside the
project, and any stray file (an .html page with a third-party script, a 50 MB
binary) was copied into the site. Each now stops the build with one line naming
the file or the setting, and what is wrong with it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from hooks.css_reduction import Stylesheet

# The largest file docs/ may hold: an article's images fit well under it, a video or an
# archive does not. 1 MiB.
MAX_FILE_BYTES = 1024 * 1024
# The kinds of file the site publishes or builds from, and what each is for.
ALLOWED_TYPES = {
    ".md": "a page",
    ".css": "a stylesheet (inlined into the pages)",
    ".txt": "robots.txt (rendered as a template)",
    ".svg": "an image or the favicon",
    ".png": "an image",
    ".jpg": "an image",
    ".jpeg": "an image",
    ".webp": "an image",
    ".avif": "an image",
}


def _is_relative_path(value: Any) -> bool:
    path = PurePosixPath(str(value))
    return isinstance(value, str) and bool(value) and not path.is_absolute() and ".." not in path.parts


# Every `extra` setting a hook or template reads: its rule, and what it is for.
EXTRA: dict[str, tuple[Callable[[Any], bool], str]] = {
    "social_cards": (
        lambda v: _is_relative_path(v) and v.endswith("/"),
        "a relative folder ending in /, where hooks/pipeline.py writes each article's card as <address>.png",
    ),
    "feed": (
        lambda v: _is_relative_path(v) and v.endswith(".xml"),
        "a relative path ending in .xml, where hooks/feed.py writes the Atom feed",
    ),
    "og_locale": (
        lambda v: isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", v) is not None,
        "the Open Graph locale, language_TERRITORY such as en_US",
    ),
    "words_per_minute": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 50 <= v <= 1000,
        "a whole number of words a minute from 50 to 1000, for the reading time",
    ),
    "stylesheet_reduction": (
        lambda v: isinstance(v, bool),
        "true or false: whether hooks/pipeline.py cuts the inlined CSS to what each page uses",
    ),
    "publish": (
        lambda v: isinstance(v, list) and bool(v) and all(_is_relative_path(p) for p in v),
        "the list of files (patterns relative to the site) the built site may hold",
    ),
}


# The header's colour in each scheme, as the site's stylesheet (docs/stylesheets/extra.css)
# sets it: the one place it is written.
HEADER_COLOUR = "--md-primary-fg-color"
SCHEMES = {"light": '[data-md-color-scheme="default"]', "dark": '[data-md-color-scheme="slate"]'}


def header_colours(docs_dir: Path, stylesheets: list[str]) -> dict[str, str]:
    """The header's colour in each scheme, read from the site's stylesheets (extra_css)."""
    sheet = Stylesheet("\n".join((docs_dir / name).read_text(encoding="utf-8") for name in stylesheets))
    colours: dict[str, str] = {}
    for scheme, selector in SCHEMES.items():
        colour = sheet.custom_property(selector, HEADER_COLOUR)
        if colour is None or not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise PluginError(f"docs/{', docs/'.join(stylesheets)}: no hex colour for {HEADER_COLOUR} under "
                              f"{selector} (the header in the {scheme} scheme), found {colour!r}")
        colours[scheme] = colour
    return colours


def check_site_url(config: MkDocsConfig) -> None:
    """The site's address must be an absolute http(s) URL with a host, no query or fragment, ending in a folder."""
    from_environment = "SITE_URL" in os.environ
    raw = os.environ["SITE_URL"] if from_environment else (config.site_url or "")
    name = f"SITE_URL={raw!r}" if from_environment else f"mkdocs.yml: site_url {raw!r}"
    parts = urlsplit(raw.strip())
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    problem = (
        "is empty" if not raw.strip()
        else "is not an http or https address" if parts.scheme not in ("http", "https")
        else "has no host" if not parts.hostname
        else "has a query (?…)" if parts.query or raw.rstrip().endswith("?")
        else "has a fragment (#…)" if parts.fragment or "#" in raw
        else f"ends in a file name ({last!r}), not a folder" if "." in last
        else None
    )
    if problem:
        raise PluginError(
            f"{name} {problem}: it must be the published site's absolute address, such as "
            "https://owner.github.io/repo/ (the workflow sets it from actions/configure-pages)"
        )
    config.site_url = raw.strip() if raw.strip().endswith("/") else raw.strip() + "/"


def check_extra(config: MkDocsConfig) -> None:
    """Every `extra` setting the project reads is present and valid."""
    for key, (valid, meaning) in EXTRA.items():
        if key not in config.extra:
            raise PluginError(f"mkdocs.yml: extra.{key} is missing: {meaning}")
        if not valid(config.extra[key]):
            raise PluginError(f"mkdocs.yml: extra.{key} is {config.extra[key]!r}, but must be {meaning}")
    favicon = config.theme["favicon"]
    if not _is_relative_path(favicon) or not (Path(config.docs_dir) / favicon).is_file():
        raise PluginError(f"mkdocs.yml: theme.favicon {favicon!r} must be a file under docs/")


def _symlink_under(docs: Path, path: Path) -> Path | None:
    """The first symbolic link on the way from docs/ to `path`, if there is one."""
    current = docs
    for part in path.relative_to(docs).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def check_docs_files(files: Files, config: MkDocsConfig, root: Path) -> None:
    """Refuse a symlink, a file type the site does not use, or a file over the size limit under docs/."""
    docs = Path(config.docs_dir).absolute()
    for file in files:
        if not file.abs_src_path:
            continue
        path = Path(file.abs_src_path).absolute()
        if not path.is_relative_to(docs):
            continue  # the theme's own files
        where = path.relative_to(root) if path.is_relative_to(root) else path
        link = _symlink_under(docs, path)
        if link is not None:
            raise PluginError(
                f"{where}: is reached through a symbolic link ({link.relative_to(root) if link.is_relative_to(root) else link} "
                f"-> {os.readlink(link)}); docs/ holds real files only, so that nothing outside the project is published"
            )
        if path.suffix.lower() not in ALLOWED_TYPES:
            allowed = ", ".join(ALLOWED_TYPES)
            raise PluginError(f"{where}: the site publishes no {path.suffix or 'extension-less'} files (allowed: {allowed})")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PluginError(f"{where}: is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a file in docs/")
