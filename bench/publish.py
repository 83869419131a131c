"""The content road's time: a push of content, from a clean checkout with the build cache restored to the site ready
to upload, at 1, 1,000 and 10,000 articles.

For each size it generates a publication (bench.build's: every tenth article with a lead photo, each with a section,
tags and authors, each text approved), builds it for the Pages address and records every page as read back clean, as
the last clean gate would have left the build cache. Then, for each of three pushes, it copies that checkout and its
cache afresh (the workflow's checkout and cache restore) and times what the workflow's content road runs:
`newsroom road` and `newsroom check --site-dir _site` (the approved texts, the strict build, and the read-backs of
every page whose bytes changed):

- a new article with a lead photo no build has seen (its photo encoded in the run);
- a correction to an article from the middle of the archive;
- the withdrawal of another.

It prints, for each, the pages the push changed (read back in the eight layouts) and the seconds: the whole road,
and of it the build and the read-backs. The uv and package installs the workflow runs first are not counted (with
uv's cache restored they take seconds) nor the upload.

    uv run python -m bench.publish [--sizes 1 1000 10000]

Not part of the test run: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from bench.build import LEAD_PHOTO, our_publication, taxonomy_front_matter
from harness.project import articles, plugin_settings, seed_article, site_config
from newsroom.authors import read_authors
from newsroom.front_matter import read_article
from newsroom.verify.record import Record, Verified, code_fingerprint
from newsroom.verify.site import BuiltSite

SITE_URL = "https://example.github.io/anchorage-summit/"


@dataclass(frozen=True)
class Road:
    """One push's content road: its seconds, and what the gate said of the pages."""

    seconds: float
    build_seconds: float
    read_seconds: float
    pages: int
    read_back: int
    kinds: str


def environment(now: datetime.datetime) -> dict[str, str]:
    """The workflow's environment: the Pages address, the build's clock, no warning banner."""
    return {**{k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH",)}, "SITE_URL": SITE_URL,
            "NEWSROOM_NOW": now.isoformat(), "NO_MKDOCS_2_WARNING": "1"}


def git(project: Path, *arguments: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *arguments],
                            cwd=project, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def commit(project: Path, message: str) -> None:
    """Commit everything, as the editor's push does."""
    git(project, "add", "-A")
    git(project, "commit", "-qm", message)


def approve_all(project: Path) -> None:
    """Write every article's approved text (its paragraphs, a line each), as `newsroom approve` would."""
    published = project / "published"
    published.mkdir(exist_ok=True)
    for path in (project / "docs").glob("*.md"):
        article = read_article(path)
        name = article.meta.slug or path.stem
        (published / f"{name}.txt").write_text("\n".join(article.paragraphs), encoding="utf-8")


def prepared(workdir: Path, size: int, now: datetime.datetime) -> Path:
    """A publication of `size` articles, built, with every page recorded as read back clean: the checkout and build
    cache a push starts from."""
    project = our_publication(workdir, seed_article(), size)
    approve_all(project)
    site = project.parent / f"{project.name}-site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=project, env=environment(now), check=True)
    settings = plugin_settings(site_config(project))
    built = BuiltSite(site, SITE_URL, [a.built for a in articles(project, now)], Path(settings.approved_texts),
                      read_authors(Path(settings.authors), project))
    # The checkout is a git repository, so that `newsroom road` compares the push with the last clean gate's commit.
    (project / ".gitignore").write_text(f"/{settings.cache_dir}/\n/_site/\n", encoding="utf-8")
    git(project, "init", "-q")
    commit(project, "the published site")
    record = Record(project / settings.cache_dir / "verified.json", code_fingerprint(project), git(project, "rev-parse", "HEAD"))
    record.pages = {page.name: Verified(page.key, built.words(page), page.kind) for page in map(built.page, built.names())}
    record.save()
    shutil.rmtree(site)
    return project


def new_article(project: Path, now: datetime.datetime) -> None:
    """A new article, the newest, with a section, tags, authors and a lead photo no build has seen."""
    docs = project / "docs"
    source = (docs / "article-0001.md").read_text(encoding="utf-8")
    image = ImageOps.mirror(Image.open(LEAD_PHOTO))
    offset = int(time.time()) % 97
    image.crop((offset, offset, image.width - 100 + offset, image.height - 100 + offset)).save(
        docs / "images" / "new-lead.jpg", quality=92)
    front = re.sub(r"^(section|tags|authors|image):.*\n(?:[ -].*\n)*", "", source.split("\n---\n", 1)[0] + "\n", flags=re.M)
    front = re.sub(r"^title:.*$", "title: 'A new article, published this morning'", front, flags=re.M)
    front = re.sub(r"^date:.*$", f"date: {(now - datetime.timedelta(hours=1)).isoformat()}", front, flags=re.M)
    front += taxonomy_front_matter(0) + ("image:\n  src: images/new-lead.jpg\n  alt: The back of an eye, mirrored\n"
                                         "  credit: After Mikael Häggström (CC0)\n")
    (docs / "new-article.md").write_text(front + "---\n" + source.split("\n---\n", 1)[1], encoding="utf-8")
    approve_all(project)


def correction(project: Path, now: datetime.datetime) -> None:
    """A correction to an article from the middle of the archive: a word of its text and a printed correction."""
    path = sorted((project / "docs").glob("article-*.md"))[len(list((project / "docs").glob("article-*.md"))) // 2]
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    head += f"\ncorrections:\n  - date: {now.date()}\n    text: An earlier version of this article misstated the venue.\n"
    path.write_text(head + "\n---\n" + body.replace(" summit", " meeting", 1), encoding="utf-8")
    approve_all(project)


def withdrawal(project: Path, now: datetime.datetime) -> None:
    """The withdrawal of an article from the first third of the archive (one a fifth of the way down: recent enough to
    be on listings' first pages and in other articles' related lists)."""
    path = sorted((project / "docs").glob("article-*.md"))[len(list((project / "docs").glob("article-*.md"))) // 5]
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    head += f"\nwithdrawn:\n  date: {now.date()}\n  notice: This article was withdrawn after its main source retracted.\n"
    path.write_text(head + "\n---\n" + body, encoding="utf-8")


PUSHES: dict[str, Callable[[Path, datetime.datetime], None]] = {
    "a new article with a lead photo": new_article,
    "a correction to an old article": correction,
    "a withdrawal": withdrawal,
}


def content_road(base: Path, workdir: Path, name: str, push: Callable[[Path, datetime.datetime], None],
                 now: datetime.datetime) -> Road:
    """The push on a fresh copy of the checkout and its cache, then the workflow's content road, timed."""
    checkout = workdir / re.sub(r"\W+", "-", name)
    shutil.rmtree(checkout, ignore_errors=True)
    shutil.copytree(base, checkout, symlinks=True)
    push(checkout, now)
    commit(checkout, name)
    started = time.perf_counter()
    road = subprocess.run([sys.executable, "-m", "newsroom.cli", "road"], cwd=checkout,
                          env=environment(now), capture_output=True, text=True)
    if road.stdout.strip() != "content":
        raise SystemExit(f"{name}: `newsroom road` chose {road.stdout.strip()!r}, not content:\n{road.stderr}")
    gate = subprocess.run([sys.executable, "-m", "newsroom.cli", "check", "--site-dir", "_site"], cwd=checkout,
                          env=environment(now), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if gate.returncode != 0:
        raise SystemExit(f"{name}: the gate failed:\n{road.stderr}{gate.stdout[-4000:]}{gate.stderr[-4000:]}")
    said = gate.stdout
    counts = re.search(r"^(\d+) pages: .*?(\d+) to read back(?: \(([^)]*)\))?", said, re.M)
    assert counts, said
    found = re.search(r"read back \d+ pages in \d+ layouts in (\d+) s", said)
    read = float(found.group(1)) if found else 0.0
    built = re.search(r"built in ([\d.]+) s", said)
    shutil.rmtree(checkout, ignore_errors=True)
    return Road(seconds, float(built.group(1)) if built else 0.0, read, int(counts.group(1)), int(counts.group(2)),
                counts.group(3) or "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 1000, 10_000], help="articles per publication")
    arguments = parser.parse_args()
    seed = seed_article()
    now = datetime.datetime.combine(seed.meta.date + datetime.timedelta(days=2), datetime.time(12),
                                    tzinfo=datetime.UTC)
    print(f"Publish benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; the content road "
          "(newsroom road, newsroom check) after each push, from a fresh checkout with the build cache restored", flush=True)
    print(f"{'articles':>8}  {'push':<32}  {'pages':>6}  {'read back':>9}  {'road s':>7}  {'build s':>7}  "
          f"{'read-backs s':>12}  kinds read back", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as folder:
        workdir = Path(folder)
        for size in arguments.sizes:
            base = prepared(workdir, size, now)
            for name, push in PUSHES.items():
                if size == 1 and push is not new_article:
                    continue  # one article: it is the one the others would correct or withdraw
                road = content_road(base, workdir, name, push, now)
                print(f"{size:>8,}  {name:<32}  {road.pages:>6}  {road.read_back:>9}  {road.seconds:>7.1f}  "
                      f"{road.build_seconds:>7.1f}  {road.read_seconds:>12.0f}  {road.kinds}", flush=True)
            shutil.rmtree(base.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
