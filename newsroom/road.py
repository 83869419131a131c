"""Which road a push takes to readers: content alone, or code.

A push that changes only what an editor changes (articles, their photos, their
approved texts, the authors, sections and publisher files, the publisher's pages) takes the content road: the
publication's gate (`newsroom check`: the strict build, the approved texts, and the
read-backs of every page whose bytes changed), then the deploy. Anything else takes
the code road: the whole test suite first, then the same gate. The decision is made
from the paths the push changed, and denies by default: a path is content only if a
rule below names it, so a new kind of file, a template, a stylesheet, a script or
`mkdocs.yml` (even under docs/) takes the code road, and so does a push whose
changes cannot be told (no verified commit to compare with).

    uv run newsroom road [--since COMMIT]

prints `content` or `code`, and why, comparing the work tree's commit with COMMIT (by
default the commit of the last clean gate, from the verification record).
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

# What an editor changes, and nothing else, as paths from the repository's root, each with what it is.
CONTENT_RULES: tuple[tuple[str, str], ...] = (
    ("docs/*.md", "an article"),
    ("published/*.txt", "an approved text"),
    ("authors.yml", "the authors file"),
    ("sections.yml", "the sections file"),
    ("publisher.yml", "the publisher file"),
    ("policies/*.md", "one of the publisher's pages"),
)
# Photos: under docs/images/, of a kind the photo pipeline reads (newsroom.photos), or a chart in SVG, which the build
# checks for active content (newsroom.photos.check_svg). Any other file there is code.
PHOTO_FOLDER = "docs/images/"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".svg")


def content_kind(path: str) -> str | None:
    """What the file at `path` (from the repository's root) is, if it is content; None if it is code."""
    pure = PurePosixPath(path)
    if ".." in pure.parts or pure.is_absolute():
        return None
    for pattern, kind in CONTENT_RULES:
        if fnmatch.fnmatchcase(path, pattern) and "/" not in path.removeprefix(pattern.split("*")[0]):
            return kind
    if path.startswith(PHOTO_FOLDER) and pure.suffix.lower() in PHOTO_SUFFIXES:
        return "a photo"
    return None


def is_content(path: str) -> bool:
    """Whether the file at `path` is content (an editor's), not code."""
    return content_kind(path) is not None


def road(paths: Iterable[str]) -> tuple[str, list[str]]:
    """The road a push changing `paths` takes, `content` or `code`, and the paths that are code (none on the content
    road). A push that changed nothing takes the content road: there is nothing new to test."""
    code = sorted(path for path in paths if not is_content(path))
    return ("code" if code else "content"), code


def changed_paths(root: Path, since: str) -> list[str] | None:
    """The paths changed from commit `since` to the work tree's commit, by git; None if git cannot tell (no such
    commit here, even after fetching it)."""
    def git(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True, timeout=300)

    if git("cat-file", "-e", f"{since}^{{commit}}").returncode != 0:
        git("fetch", "--quiet", "--no-tags", "--depth=1", "origin", since)
    found = git("diff", "--name-only", "--no-renames", since, "HEAD")
    return found.stdout.splitlines() if found.returncode == 0 else None


def road_command(config_file: Path, since: str | None) -> int:
    """Print the road (`content` or `code`) and why; 0 either way (1 only if the project cannot be read)."""
    from mkdocs.config import load_config

    from newsroom.cli import CONFIG_LOADING, quiet_loader
    from newsroom.verify.record import Record

    root = config_file.resolve().parent
    with CONFIG_LOADING, quiet_loader():
        cache_dir = load_config(str(config_file)).plugins["newsroom"].config.cache_dir
    since = since or Record.load(root / cache_dir).commit
    if since is None:
        print("code")
        print("no clean gate on record to compare with: everything is tested", file=sys.stderr)
        return 0
    paths = changed_paths(root, since)
    if paths is None:
        print("code")
        print(f"git cannot say what changed since {since}: everything is tested", file=sys.stderr)
        return 0
    chosen, code = road(paths)
    print(chosen)
    if code:
        shown = ", ".join(code[:10]) + (f" and {len(code) - 10} more" if len(code) > 10 else "")
        print(f"{len(paths)} files changed since {since[:12]}; not content: {shown}", file=sys.stderr)
    else:
        print(f"{len(paths)} files changed since {since[:12]}, all of them content", file=sys.stderr)
    return 0
