"""Check every input where it enters the build: the site's address, the favicon, the header's colours and every
file under docs/ (the plugin's settings are checked by MkDocs itself, `NewsroomConfig`).

Each of these once built green and published something broken or unintended: an
empty SITE_URL gave "None" in every address, a symlink under docs/ published a file from outside the
project, and any stray file (an .html page with a third-party script, a 50 MB
binary) was copied into the site. Each now stops the build with one line naming
the file or the setting, and what is wrong with it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from newsroom.css_reduction import Stylesheet

# The largest file docs/ may hold: a page, a stylesheet or an SVG fits well under 1 MiB, a
# video or an archive does not. A photograph straight from a camera (never published as it
# is, see newsroom.figures) may be up to 32 MiB: a 48-megapixel phone's JPEG is 15-25 MB.
MAX_FILE_BYTES = 1024 * 1024
MAX_PHOTO_BYTES = 32 * 1024 * 1024
# The kinds of file the site publishes or builds from, and what each is for.
ALLOWED_TYPES = {
    ".md": "a page",
    ".css": "a stylesheet (inlined into the pages)",
    ".txt": "robots.txt (rendered as a template)",
    ".svg": "a chart, a map or the favicon",
    ".png": "a photo",
    ".jpg": "a photo",
    ".jpeg": "a photo",
    ".webp": "a photo",
    ".avif": "a photo",
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


def check_favicon(config: MkDocsConfig) -> None:
    """The theme's favicon must be a file under docs/ (the site publishes nothing from elsewhere)."""
    favicon = config.theme["favicon"]
    path = PurePosixPath(str(favicon))
    if path.is_absolute() or ".." in path.parts or not (Path(config.docs_dir) / path).is_file():
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
        kind = ALLOWED_TYPES[path.suffix.lower()]
        limit = MAX_PHOTO_BYTES if kind == "a photo" else MAX_FILE_BYTES
        if size > limit:
            raise PluginError(f"{where}: is {size:,} bytes, over the {limit:,}-byte limit for {kind}")
